#pragma once

#include <QImage>
#include <QWidget>

#include <memory>

#include "core/train/trainer.h"

namespace latent::ui {

// GAN Lab's picture of a 2-D toy run: D's output as a heat map (orange where D says "real", blue
// where it says "fake"), the real points and the generator's points on top, with the plane's
// coordinates on two axes and a colour bar for D's output. Drawn with QPainter
// into a cached QImage, rebuilt only when a snapshot arrives or the widget is resized.
class ToyView : public QWidget {
    Q_OBJECT

public:
    explicit ToyView(QWidget* parent = nullptr);

    void setSnapshot(std::shared_ptr<const train::TrainerSnapshot> snapshot);
    void clear();
    bool hasPoints() const;
    QImage picture() const { return m_cache; }
    // Where the plane is drawn: a square above the tick labels and D's colour bar, right of the
    // y labels.
    QRect plotRect() const;

    static constexpr int kAxisMargin = 26;       // tick labels left of and below the plot
    static constexpr int kColourBarMargin = 30;  // D's colour bar and its labels, under the plot

    QSize sizeHint() const override { return {320, 320}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    bool hasHeatmap() const;

    std::shared_ptr<const train::TrainerSnapshot> m_snapshot;
    QImage m_cache;
    float m_extent = 0.0f;  // half the side of the plane shown, in data units
};

}  // namespace latent::ui
