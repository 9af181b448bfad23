#pragma once

#include <QVector>
#include <QWidget>

#include "core/latent/latent.h"

class QLabel;
class QSlider;
class QGridLayout;

namespace latent::ui {

// Sliders for the first kSliderCount coordinates of z (±3 σ covers nearly all of N(0, 1)).
// Dragging one asks for that coordinate to change; setLatent() shows a latent without echoing.
class LatentPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kSliderCount = 16;
    static constexpr float kRange = 3.0f;

    explicit LatentPanel(QWidget* parent = nullptr);

    // Shows z's first coordinates; rows beyond z's size are hidden.
    void setLatent(const latent::Latent& z);
    // The slider for coordinate `index` (tests drive it like a user would).
    QSlider* slider(int index) const { return m_sliders.value(index); }
    int visibleSliders() const { return m_visible; }

Q_SIGNALS:
    void coordinateRequested(int index, float value);
    void resetRequested();

private:
    QVector<QSlider*> m_sliders;
    QVector<QLabel*> m_names;
    QVector<QLabel*> m_values;
    int m_visible = kSliderCount;
};

}  // namespace latent::ui
