#pragma once

#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <array>
#include <vector>

#include "core/train/collapse.h"
#include "core/train/metrics.h"

class QCheckBox;
class QLabel;
class QSlider;
class QTimer;

namespace latent::ui::charts {

class MetricChart;

// The live charts of a training run: losses, D's outputs on real and generated data, the
// overfitting watch (the mean sign of D on reals, and the augmentation probability that follows
// it), and the quality metric when the trainer measures it. All Qt Charts code lives in this folder behind this
// widget, so moving to Qt Graphs touches nothing else. Rows are stored as plain columns; a timer a
// few times a second decimates them (min/max buckets, at most kMaxPoints per series) and hands
// each series one replace(), so a million-step run redraws as cheaply as a short one.
class TrainingCharts : public QWidget {
    Q_OBJECT

public:
    enum class Series { GLoss, DLoss, DReal, DFake, Quality, Variety, RealSign, AugmentP, Count };
    static constexpr int kMaxPoints = 2000;
    static constexpr int kRefreshMs = 250;

    explicit TrainingCharts(QWidget* parent = nullptr);
    ~TrainingCharts() override;

    void appendRows(const std::vector<train::MetricsRow>& rows);
    void setRows(const std::vector<train::MetricsRow>& rows);
    void clear();
    // "FD" for image runs, "JS" for toy runs: the name the quality chart shows.
    void setQualityName(const QString& name);
    // The mode-collapse watch chart: which figure it plots (train::varietyOf), on the fixed scale
    // [0, full] with a dashed line at the alarm's threshold (half of full).
    void setVariety(train::VarietyMeasure measure, const QString& name, const QString& axisTitle,
                    double full);

    int rowCount() const { return static_cast<int>(m_steps.size()); }
    // Points the series shows now (after decimation), for tests and the status line.
    int pointCount(Series series) const;
    QList<QPointF> points(Series series) const;
    bool logScale() const;
    double smoothing() const;

public Q_SLOTS:
    void setLogScale(bool on);
    // 0 (raw) to 0.99 (very smooth).
    void setSmoothing(double weight);
    // Redraws now instead of on the next tick (tests, and after loading a finished run).
    void refreshNow();

private:
    void refresh();  // on the timer: only when something changed and the charts are on screen
    void redraw();
    std::vector<double>& column(Series series);
    // What a series plots: the column, or its EMA (extended incrementally as rows arrive).
    const std::vector<double>& plotted(Series series);
    // Decimated points; finished buckets are kept between redraws, so a redraw scans only the
    // rows that arrived since the last one (plus one partial bucket), not the whole run.
    QList<QPointF> decimated(Series series);
    void invalidateCache();

    // Per series: finished buckets' points, the rows they cover, and the smoothed column.
    struct Cache {
        QList<QPointF> done;
        std::size_t doneRows = 0;
        std::vector<double> smooth;
        double smoothLast = 0.0;
        double smoothPow = 1.0;  // weight^count, for the debiasing
    };
    std::array<Cache, static_cast<int>(Series::Count)> m_cache;
    std::size_t m_bucket = 0;  // rows per bucket of the caches
    double m_cachedWeight = -1.0;

    std::vector<double> m_steps;
    std::array<std::vector<double>, static_cast<int>(Series::Count)> m_columns;
    bool m_dirty = false;
    QString m_qualityName = QStringLiteral("Quality");

    MetricChart* m_loss;
    MetricChart* m_dOut;
    MetricChart* m_quality;
    MetricChart* m_variety;
    MetricChart* m_overfit;  // sign of D(real) against ADA's target, and the augmentation p
    train::VarietyMeasure m_varietyMeasure = train::VarietyMeasure::None;
    double m_varietyFull = 0;
    QCheckBox* m_log;
    QCheckBox* m_smooth;
    QSlider* m_smoothSlider;
    QTimer* m_timer;
};

}  // namespace latent::ui::charts
