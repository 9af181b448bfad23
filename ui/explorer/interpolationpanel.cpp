#include "ui/explorer/interpolationpanel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>

namespace latent::ui {

InterpolationPanel::InterpolationPanel(QWidget* parent)
    : QWidget(parent),
      m_setA(new QPushButton(tr("Set as A"))),
      m_setB(new QPushButton(tr("Set as B"))),
      m_aLabel(new QLabel),
      m_bLabel(new QLabel),
      m_slider(new QSlider(Qt::Horizontal)),
      m_value(new QLabel) {
    m_setA->setToolTip(tr("Remember the current latent as end A (Ctrl+1)"));
    m_setB->setToolTip(tr("Remember the current latent as end B (Ctrl+2)"));
    m_slider->setRange(0, kSteps);
    m_slider->setToolTip(tr("Spherical interpolation from A to B"));
    m_value->setMinimumWidth(m_value->fontMetrics().horizontalAdvance(QStringLiteral("0.000")));
    m_value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    for (QLabel* label : {m_aLabel, m_bLabel}) {
        label->setForegroundRole(QPalette::PlaceholderText);
    }

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_setA, 0, 0);
    grid->addWidget(m_aLabel, 0, 1, 1, 2);
    grid->addWidget(m_setB, 1, 0);
    grid->addWidget(m_bLabel, 1, 1, 1, 2);
    auto* a = new QLabel(QStringLiteral("A"));
    auto* b = new QLabel(QStringLiteral("B"));
    auto* row = new QHBoxLayout;
    row->addWidget(a);
    row->addWidget(m_slider, 1);
    row->addWidget(b);
    row->addWidget(m_value);
    grid->addLayout(row, 2, 0, 1, 3);
    grid->setColumnStretch(1, 1);

    setKeyframes({}, {});
    setPosition(0.0f);

    connect(m_setA, &QPushButton::clicked, this, &InterpolationPanel::setARequested);
    connect(m_setB, &QPushButton::clicked, this, &InterpolationPanel::setBRequested);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        const float t = static_cast<float>(v) / kSteps;
        m_value->setText(QString::number(static_cast<double>(t), 'f', 3));
        Q_EMIT positionRequested(t);
    });
}

void InterpolationPanel::setKeyframes(const QString& a, const QString& b) {
    m_aLabel->setText(a.isEmpty() ? tr("not set") : a);
    m_bLabel->setText(b.isEmpty() ? tr("not set") : b);
    const bool ready = !a.isEmpty() && !b.isEmpty();
    m_slider->setEnabled(ready);
    m_slider->setToolTip(ready ? tr("Spherical interpolation from A to B")
                               : tr("Set both A and B to interpolate between them"));
}

void InterpolationPanel::setPosition(float t) {
    const QSignalBlocker block(m_slider);
    m_slider->setValue(static_cast<int>(std::lround(t * kSteps)));
    m_value->setText(QString::number(static_cast<double>(t), 'f', 3));
}

}  // namespace latent::ui
