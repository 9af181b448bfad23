#include "ui/charts/trainingcharts.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/train/trainconfig.h"
#include "ui/charts/decimate.h"
#include "ui/charts/metricchart.h"

namespace latent::ui::charts {

namespace {
// Okabe–Ito: tells the curves apart for colour-blind users too.
const QColor kBlue(0, 114, 178);
const QColor kOrange(230, 159, 0);
const QColor kGreen(0, 158, 115);
const QColor kVermillion(213, 94, 0);
const QColor kPurple(204, 121, 167);

int index(TrainingCharts::Series s) {
    return static_cast<int>(s);
}
}  // namespace

TrainingCharts::TrainingCharts(QWidget* parent)
    : QWidget(parent),
      m_loss(new MetricChart(tr("Loss"), {tr("G loss"), tr("D loss")}, {kBlue, kOrange})),
      m_dOut(new MetricChart(tr("Discriminator output"), {tr("D(x) real"), tr("D(G(z)) fake")},
                             {kGreen, kVermillion})),
      m_quality(new MetricChart(tr("Quality"), {tr("Quality")}, {kPurple})),
      m_variety(new MetricChart(tr("Mode collapse watch"), {tr("Variety"), tr("Alarm below")},
                                {kBlue, kVermillion})),
      m_overfit(new MetricChart(tr("Overfitting watch"),
                                {tr("sign D(x) real"), tr("Augment p"), tr("Target")},
                                {kGreen, kBlue, kVermillion})),
      m_log(new QCheckBox(tr("&Log scale"))),
      m_smooth(new QCheckBox(tr("S&mooth"))),
      m_smoothSlider(new QSlider(Qt::Horizontal)),
      m_timer(new QTimer(this)) {
    setObjectName(QStringLiteral("TrainingCharts"));
    // Every chart says what its axes are; the quality chart is there from the start (empty until
    // the first measurement), so the layout does not jump when it arrives.
    m_loss->setYTitle(tr("loss"));
    m_dOut->setYTitle(tr("D score"));  // a logit, or a critic value for WGAN-GP
    m_quality->setYTitle(tr("quality"));
    m_quality->setPointsVisible(true);
    m_variety->setObjectName(QStringLiteral("varietyChart"));
    m_variety->setYTitle(tr("variety"));
    m_variety->setPointsVisible(true);
    m_variety->setReferenceLine(1);
    m_overfit->setObjectName(QStringLiteral("overfitChart"));
    m_overfit->setYTitle(tr("sign, p"));
    m_overfit->setFixedYRange(0.0, 1.0);
    m_overfit->setReferenceLine(2);
    m_overfit->setToolTip(
        tr("How sure D is of the real images: the mean of sign(D(x)) over each logged stretch. "
           "Near 1, D has learned the training set by heart (overfitting, on small data). With "
           "adaptive augmentation, the probability p of augmenting what D sees rises while the "
           "sign is above the dashed target (0.6) and falls below it."));

    m_log->setObjectName(QStringLiteral("logScale"));
    m_log->setToolTip(tr("Log scale for loss and quality (values ≤ 0 are not drawn). "
                         "D's outputs are logits and stay linear."));
    m_smooth->setObjectName(QStringLiteral("smooth"));
    m_smooth->setToolTip(tr("Exponential moving average over the logged rows"));
    m_smoothSlider->setObjectName(QStringLiteral("smoothing"));
    m_smoothSlider->setRange(0, 99);
    m_smoothSlider->setValue(60);
    m_smoothSlider->setEnabled(false);
    m_smoothSlider->setMaximumWidth(140);
    m_smoothSlider->setToolTip(tr("Smoothing weight"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_smooth);
    controls->addWidget(m_smoothSlider);
    controls->addSpacing(12);
    controls->addWidget(m_log);
    controls->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(controls);
    layout->addWidget(m_loss, 1);
    // D's outputs beside how sure D is of the reals.
    auto* discriminator = new QHBoxLayout;
    discriminator->setSpacing(4);
    discriminator->addWidget(m_dOut, 1);
    discriminator->addWidget(m_overfit, 1);
    layout->addLayout(discriminator, 1);
    // The two sparse, measured figures share a row.
    auto* measured = new QHBoxLayout;
    measured->setSpacing(4);
    measured->addWidget(m_quality, 1);
    measured->addWidget(m_variety, 1);
    layout->addLayout(measured, 1);

    connect(m_log, &QCheckBox::toggled, this, &TrainingCharts::setLogScale);
    connect(m_smooth, &QCheckBox::toggled, this, [this](bool on) {
        m_smoothSlider->setEnabled(on);
        m_dirty = true;
    });
    connect(m_smoothSlider, &QSlider::valueChanged, this, [this] { m_dirty = true; });
    connect(m_timer, &QTimer::timeout, this, &TrainingCharts::refresh);
    m_timer->start(kRefreshMs);
}

TrainingCharts::~TrainingCharts() = default;

std::vector<double>& TrainingCharts::column(Series series) {
    return m_columns[static_cast<std::size_t>(index(series))];
}

void TrainingCharts::appendRows(const std::vector<train::MetricsRow>& rows) {
    for (const train::MetricsRow& row : rows) {
        // A resumed run repeats no steps, but a restarted one would: keep x increasing.
        if (!m_steps.empty() && static_cast<double>(row.step) <= m_steps.back()) continue;
        m_steps.push_back(static_cast<double>(row.step));
        column(Series::GLoss).push_back(row.gLoss);
        column(Series::DLoss).push_back(row.dLoss);
        column(Series::DReal).push_back(row.dReal);
        column(Series::DFake).push_back(row.dFake);
        column(Series::Quality).push_back(row.quality);
        column(Series::Variety).push_back(train::varietyValue(row, m_varietyMeasure));
        column(Series::RealSign).push_back(row.realSign);
        column(Series::AugmentP).push_back(row.augmentP);
    }
    if (!rows.empty()) m_dirty = true;
}

void TrainingCharts::setRows(const std::vector<train::MetricsRow>& rows) {
    clear();
    appendRows(rows);
}

void TrainingCharts::clear() {
    m_steps.clear();
    for (auto& c : m_columns) c.clear();
    invalidateCache();
    m_dirty = true;
}

void TrainingCharts::invalidateCache() {
    for (Cache& c : m_cache) c = Cache();
    m_bucket = 0;
}

const std::vector<double>& TrainingCharts::plotted(Series series) {
    const double weight = smoothing();
    // Quality and variety are measured rarely: smoothing them would only lag.
    if (weight <= 0.0 || series == Series::Quality || series == Series::Variety ||
        series == Series::AugmentP)
        return column(series);
    const std::vector<double>& ys = column(series);
    Cache& c = m_cache[static_cast<std::size_t>(index(series))];
    for (std::size_t i = c.smooth.size(); i < ys.size(); ++i) {
        if (!std::isfinite(ys[i])) {
            c.smooth.push_back(ys[i]);
            continue;
        }
        c.smoothLast = c.smoothLast * weight + (1.0 - weight) * ys[i];
        c.smoothPow *= weight;
        c.smooth.push_back(c.smoothLast / (1.0 - c.smoothPow));
    }
    return c.smooth;
}

QList<QPointF> TrainingCharts::decimated(Series series) {
    const std::vector<double>& ys = plotted(series);
    const std::size_t n = std::min(ys.size(), m_steps.size());
    if (n <= static_cast<std::size_t>(kMaxPoints)) return decimateMinMax(m_steps, ys, kMaxPoints);
    Cache& c = m_cache[static_cast<std::size_t>(index(series))];
    const std::size_t complete = n / m_bucket * m_bucket;
    for (; c.doneRows < complete; c.doneRows += m_bucket) {
        appendMinMax(m_steps, ys, c.doneRows, c.doneRows + m_bucket, &c.done);
    }
    QList<QPointF> points = c.done;
    appendMinMax(m_steps, ys, complete, n, &points);
    return points;
}

void TrainingCharts::setQualityName(const QString& name) {
    m_qualityName = name;
    m_quality->setTitle(tr("Quality (%1, lower is better)").arg(name));
    m_quality->setYTitle(name);
    m_dirty = true;
}

void TrainingCharts::setVariety(train::VarietyMeasure measure, const QString& name,
                                const QString& axisTitle, double full) {
    m_varietyMeasure = measure;
    m_varietyFull = full;
    m_variety->setYTitle(axisTitle);
    m_variety->setTitle(measure == train::VarietyMeasure::None
                            ? tr("Collapse watch (off with quality)")
                            : tr("Collapse watch: %1").arg(name));
    m_variety->setToolTip(tr("How varied the samples are, measured with quality. Falling below the "
                             "dashed line raises the mode-collapse alarm."));
    m_variety->setFixedYRange(0.0, full);
    m_dirty = true;
}

bool TrainingCharts::logScale() const {
    return m_log->isChecked();
}

double TrainingCharts::smoothing() const {
    return m_smooth->isChecked() ? m_smoothSlider->value() / 100.0 : 0.0;
}

void TrainingCharts::setLogScale(bool on) {
    if (m_log->isChecked() != on) m_log->setChecked(on);  // re-enters through toggled
    m_loss->setLogScale(on);
    m_quality->setLogScale(on);
    m_dirty = true;
}

void TrainingCharts::setSmoothing(double weight) {
    m_smooth->setChecked(weight > 0.0);
    if (weight > 0.0) m_smoothSlider->setValue(static_cast<int>(std::lround(weight * 100)));
    m_dirty = true;
}

void TrainingCharts::refreshNow() {
    redraw();
}

void TrainingCharts::refresh() {
    // Hidden (the Explorer is showing): the data keeps growing, the drawing waits.
    if (m_dirty && isVisible()) redraw();
}

void TrainingCharts::redraw() {
    m_dirty = false;
    QElapsedTimer clock;
    clock.start();
    const double weight = smoothing();
    // Power-of-two buckets: when the run outgrows them they double, and the caches start over
    // (log2(rows) times in a run, so the total work stays linear).
    std::size_t bucket = 1;
    while (m_steps.size() / bucket + 1 > static_cast<std::size_t>(kMaxPoints / 2)) bucket *= 2;
    if (bucket != m_bucket || weight != m_cachedWeight) {
        invalidateCache();
        m_bucket = bucket;
        m_cachedWeight = weight;
    }
    auto series = [&](Series s) { return decimated(s); };
    const double x0 = m_steps.empty() ? 0.0 : std::min(0.0, m_steps.front());
    const double x1 = m_steps.empty() ? 0.0 : m_steps.back();
    m_loss->setSeries({series(Series::GLoss), series(Series::DLoss)}, x0, x1);
    m_dOut->setSeries({series(Series::DReal), series(Series::DFake)}, x0, x1);
    const QList<QPointF> quality = series(Series::Quality);
    m_quality->setSeries({quality}, x0, x1);
    // The alarm's threshold across the run, so a falling curve is seen crossing it.
    const double threshold = 0.5 * m_varietyFull;
    const QList<QPointF> line = m_varietyFull > 0 && x1 > x0
                                    ? QList<QPointF>{{x0, threshold}, {x1, threshold}}
                                    : QList<QPointF>{};
    m_variety->setSeries({series(Series::Variety), line}, x0, x1);
    const QList<QPointF> target = x1 > x0 ? QList<QPointF>{{x0, train::kAugmentTarget},
                                                           {x1, train::kAugmentTarget}}
                                          : QList<QPointF>{};
    m_overfit->setSeries({series(Series::RealSign), series(Series::AugmentP), target}, x0, x1);
    // A redraw costs O(rows) (about 50 ms for a million rows on a busy 2-core CPU): keep it under
    // ~10% of the UI thread by spacing the ticks out as runs grow.
    m_timer->setInterval(std::max<int>(kRefreshMs, static_cast<int>(clock.elapsed()) * 10));
}

int TrainingCharts::pointCount(Series series) const {
    return points(series).size();
}

QList<QPointF> TrainingCharts::points(Series series) const {
    switch (series) {
    case Series::GLoss: return m_loss->points(0);
    case Series::DLoss: return m_loss->points(1);
    case Series::DReal: return m_dOut->points(0);
    case Series::DFake: return m_dOut->points(1);
    case Series::Quality: return m_quality->points(0);
    case Series::Variety: return m_variety->points(0);
    case Series::RealSign: return m_overfit->points(0);
    case Series::AugmentP: return m_overfit->points(1);
    case Series::Count: break;
    }
    return {};
}

}  // namespace latent::ui::charts
