#pragma once

#include <QImage>
#include <QString>
#include <QVector>
#include <QWidget>

#include <memory>

#include "core/train/trainer.h"

class QLabel;
class QStackedWidget;
class QTimer;

namespace latent::ui {

class ImageView;
class RenderChannel;
class ToyView;

// The newest samples of a run with a caption: a 4 x 4 grid rendered from each EMA snapshot (off
// the UI thread, through a RenderChannel; a newer snapshot replaces a waiting request), a saved
// samples/step_*.png of an opened run, or for toy runs the scatter over D's heat map.
class SamplePreview : public QWidget {
    Q_OBJECT

public:
    static constexpr int kSampleCount = 16;

    explicit SamplePreview(QWidget* parent = nullptr);

    // Toy runs show the scatter, image runs the grid.
    void setToy(bool toy);
    // `latentSize` and `classes` (0 when unconditional) are the run's.
    void showSnapshot(const std::shared_ptr<const train::TrainerSnapshot>& snapshot, int latentSize,
                      int classes);
    void showImage(const QImage& image, const QString& caption);
    void clear();

    QImage image() const { return m_image; }
    int gridCount() const { return m_grids; }
    ToyView* toyView() const { return m_toy; }

private:
    static QString waitingText();
    void onRendered(const QVector<QImage>& images, const QString& error);

    RenderChannel* m_render;
    // Toy snapshots can come dozens of times a second; the scatter redraws at most kToyMs apart.
    static constexpr int kToyMs = 200;
    QTimer* m_toyTimer;
    std::shared_ptr<const train::TrainerSnapshot> m_pendingToy;
    QStackedWidget* m_stack;
    ImageView* m_grid;
    ToyView* m_toy;
    QLabel* m_caption;
    QImage m_image;
    int m_grids = 0;
};

}  // namespace latent::ui
