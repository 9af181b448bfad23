#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;

namespace latent::ui {

// "Set as A" / "Set as B" and the A↔B slider that walks the great circle between them.
class InterpolationPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kSteps = 1000;

    explicit InterpolationPanel(QWidget* parent = nullptr);

    // Empty text: that end is not set. The slider works once both are.
    void setKeyframes(const QString& a, const QString& b);
    void setPosition(float t);

    QPushButton* setAButton() const { return m_setA; }
    QPushButton* setBButton() const { return m_setB; }
    QSlider* slider() const { return m_slider; }

Q_SIGNALS:
    void setARequested();
    void setBRequested();
    void positionRequested(float t);

private:
    QPushButton* m_setA;
    QPushButton* m_setB;
    QLabel* m_aLabel;
    QLabel* m_bLabel;
    QSlider* m_slider;
    QLabel* m_value;
};

}  // namespace latent::ui
