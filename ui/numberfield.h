#pragma once

#include <QDoubleSpinBox>

namespace latent::ui {

// The number beside a slider, which the user can also type into: a compact spin box without
// arrows that says what a slider shows and takes an exact value (Enter or leaving the field
// applies it; typing alone does not, so "1.25" is one change, not four).
class NumberField : public QDoubleSpinBox {
    Q_OBJECT

public:
    NumberField(double minimum, double maximum, int decimals, const QString& suffix = {},
                QWidget* parent = nullptr);

    // Shows `value` without emitting valueTyped (the model changed, not the user).
    void showValue(double value);

Q_SIGNALS:
    // The user typed (or stepped with the arrow keys to) a new value.
    void valueTyped(double value);

private:
    bool m_showing = false;
};

}  // namespace latent::ui
