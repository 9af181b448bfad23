#include "ui/explorer/latentpanel.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace latent::ui {

namespace {
constexpr int kStepsPerUnit = 100;  // slider units per 1.0 of z

QString formatValue(float v) {
    return QString::asprintf("%+.2f", static_cast<double>(v));
}
}  // namespace

LatentPanel::LatentPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    const int limit = static_cast<int>(kRange * kStepsPerUnit);
    for (int i = 0; i < kSliderCount; ++i) {
        auto* name = new QLabel(QStringLiteral("z%1").arg(i));
        name->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto* slider = new QSlider(Qt::Horizontal);
        slider->setRange(-limit, limit);
        slider->setPageStep(25);
        slider->setObjectName(QStringLiteral("latentSlider%1").arg(i));
        slider->setToolTip(tr("Coordinate %1 of the latent vector z").arg(i));
        auto* value = new QLabel(formatValue(0.0f));
        value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("+0.00")));
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        grid->addWidget(name, i, 0);
        grid->addWidget(slider, i, 1);
        grid->addWidget(value, i, 2);
        m_names.push_back(name);
        m_sliders.push_back(slider);
        m_values.push_back(value);
        connect(slider, &QSlider::valueChanged, this, [this, i, value](int v) {
            const float z = static_cast<float>(v) / kStepsPerUnit;
            value->setText(formatValue(z));
            Q_EMIT coordinateRequested(i, z);
        });
    }
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);

    auto* reset = new QPushButton(tr("Reset to seed"));
    reset->setToolTip(tr("Discard slider edits and redraw z from the seed"));
    connect(reset, &QPushButton::clicked, this, &LatentPanel::resetRequested);
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(reset);
    layout->addLayout(row);
}

void LatentPanel::setLatent(const latent::Latent& z) {
    m_visible = std::min<int>(kSliderCount, static_cast<int>(z.size()));
    for (int i = 0; i < kSliderCount; ++i) {
        const bool shown = i < m_visible;
        m_names[i]->setVisible(shown);
        m_sliders[i]->setVisible(shown);
        m_values[i]->setVisible(shown);
        if (!shown) continue;
        const float v = z[static_cast<std::size_t>(i)];
        const QSignalBlocker block(m_sliders[i]);
        m_sliders[i]->setValue(static_cast<int>(std::lround(v * kStepsPerUnit)));
        // The label shows the true value, which may lie beyond the slider's ±3 range.
        m_values[i]->setText(formatValue(v));
    }
}

}  // namespace latent::ui
