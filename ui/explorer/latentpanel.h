#pragma once

#include <QVector>
#include <QWidget>

#include "core/latent/latent.h"

class QComboBox;
class QLabel;
class QSlider;

namespace latent::ui {

class NumberField;

// Sliders for z's coordinates, kSliderCount at a time: a page picker reaches every coordinate of
// any latent size (z0–z15, z16–z31, …). Each slider covers ±3 σ (nearly all of N(0, 1)); the
// number beside it shows the exact value and takes a typed one (any value within ±kTypedRange).
// Moving or typing asks for that coordinate to change; setLatent() shows a latent without echoing.
class LatentPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kSliderCount = 16;
    static constexpr float kRange = 3.0f;
    static constexpr float kTypedRange = 10.0f;

    explicit LatentPanel(QWidget* parent = nullptr);

    // Shows z on the current page; rows beyond z's size are hidden, and the pages follow its size.
    void setLatent(const latent::Latent& z);
    // Page p shows coordinates p·kSliderCount onwards.
    void setPage(int page);
    int page() const { return m_page; }
    int pageCount() const;
    QComboBox* pageBox() const { return m_pages; }
    // The slider and number of row `row` on the current page (coordinate page·kSliderCount + row);
    // tests drive them like a user would.
    QSlider* slider(int row) const { return m_sliders.value(row); }
    NumberField* field(int row) const { return m_fields.value(row); }
    int visibleSliders() const { return m_visible; }

Q_SIGNALS:
    void coordinateRequested(int index, float value);
    void resetRequested();

private:
    void showPage();

    QComboBox* m_pages;
    QVector<QSlider*> m_sliders;
    QVector<QLabel*> m_names;
    QVector<NumberField*> m_fields;
    latent::Latent m_z;
    int m_page = 0;
    int m_visible = kSliderCount;
};

}  // namespace latent::ui
