#include "ui/numberfield.h"

namespace latent::ui {

NumberField::NumberField(double minimum, double maximum, int decimals, const QString& suffix,
                         QWidget* parent)
    : QDoubleSpinBox(parent) {
    setRange(minimum, maximum);
    setDecimals(decimals);
    setSuffix(suffix);
    setSingleStep(0.1);
    setButtonSymbols(QAbstractSpinBox::NoButtons);
    setKeyboardTracking(false);
    setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    setFocusPolicy(Qt::StrongFocus);
    setAccelerated(true);
    // Room for the widest value it takes, no more: the sliders keep the width.
    setMaximumWidth(fontMetrics().horizontalAdvance(textFromValue(minimum) + suffix) + 16);
    connect(this, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double v) {
        if (!m_showing) Q_EMIT valueTyped(v);
    });
}

void NumberField::showValue(double value) {
    m_showing = true;
    setValue(value);
    m_showing = false;
}

}  // namespace latent::ui
