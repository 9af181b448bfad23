#include "ui/explorer/latentpanel.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "ui/numberfield.h"

namespace latent::ui {

namespace {
constexpr int kStepsPerUnit = 100;  // slider units per 1.0 of z
}  // namespace

LatentPanel::LatentPanel(QWidget* parent) : QWidget(parent), m_pages(new QComboBox) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_pages->setObjectName(QStringLiteral("latentPageBox"));
    m_pages->setToolTip(tr("Which coordinates of z the sliders show"));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Coordinates")));
    top->addWidget(m_pages, 1);
    layout->addLayout(top);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    const int limit = static_cast<int>(kRange * kStepsPerUnit);
    for (int i = 0; i < kSliderCount; ++i) {
        auto* name = new QLabel;
        name->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        name->setMinimumWidth(name->fontMetrics().horizontalAdvance(QStringLiteral("z000")));
        auto* slider = new QSlider(Qt::Horizontal);
        slider->setRange(-limit, limit);
        slider->setPageStep(25);
        slider->setObjectName(QStringLiteral("latentSlider%1").arg(i));
        auto* field = new NumberField(-kTypedRange, kTypedRange, 2);
        field->setToolTip(tr("The exact value; type one and press Enter"));
        grid->addWidget(name, i, 0);
        grid->addWidget(slider, i, 1);
        grid->addWidget(field, i, 2);
        m_names.push_back(name);
        m_sliders.push_back(slider);
        m_fields.push_back(field);
        connect(slider, &QSlider::valueChanged, this, [this, i, field](int v) {
            const float z = static_cast<float>(v) / kStepsPerUnit;
            field->showValue(z);
            Q_EMIT coordinateRequested(m_page * kSliderCount + i, z);
        });
        connect(field, &NumberField::valueTyped, this, [this, i, slider](double v) {
            const QSignalBlocker block(slider);
            slider->setValue(static_cast<int>(std::lround(v * kStepsPerUnit)));
            Q_EMIT coordinateRequested(m_page * kSliderCount + i, static_cast<float>(v));
        });
    }
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);
    connect(m_pages, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int page) {
        if (page >= 0) setPage(page);
    });

    auto* reset = new QPushButton(tr("Reset to seed"));
    reset->setToolTip(tr("Discard slider edits and redraw z from the seed"));
    connect(reset, &QPushButton::clicked, this, &LatentPanel::resetRequested);
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(reset);
    layout->addLayout(row);
}

int LatentPanel::pageCount() const {
    const int size = static_cast<int>(m_z.size());
    return std::max(1, (size + kSliderCount - 1) / kSliderCount);
}

void LatentPanel::setLatent(const latent::Latent& z) {
    const bool resized = z.size() != m_z.size();
    m_z = z;
    if (resized) {
        const QSignalBlocker block(m_pages);
        m_pages->clear();
        const int size = static_cast<int>(z.size());
        for (int p = 0; p < pageCount(); ++p) {
            const int first = p * kSliderCount;
            const int last = std::min(size, first + kSliderCount) - 1;
            m_pages->addItem(tr("z%1–z%2 of %3").arg(first).arg(std::max(first, last)).arg(size));
        }
        m_page = std::min(m_page, pageCount() - 1);
        m_pages->setCurrentIndex(m_page);
        m_pages->setEnabled(pageCount() > 1);
    }
    showPage();
}

void LatentPanel::setPage(int page) {
    page = std::clamp(page, 0, pageCount() - 1);
    if (page != m_pages->currentIndex()) {
        const QSignalBlocker block(m_pages);
        m_pages->setCurrentIndex(page);
    }
    m_page = page;
    showPage();
}

void LatentPanel::showPage() {
    const int first = m_page * kSliderCount;
    m_visible = std::clamp(static_cast<int>(m_z.size()) - first, 0, kSliderCount);
    for (int i = 0; i < kSliderCount; ++i) {
        const bool shown = i < m_visible;
        m_names[i]->setVisible(shown);
        m_sliders[i]->setVisible(shown);
        m_fields[i]->setVisible(shown);
        if (!shown) continue;
        const int index = first + i;
        m_names[i]->setText(QStringLiteral("z%1").arg(index));
        m_sliders[i]->setToolTip(tr("Coordinate %1 of the latent vector z").arg(index));
        const float v = m_z[static_cast<std::size_t>(index)];
        const QSignalBlocker block(m_sliders[i]);
        m_sliders[i]->setValue(static_cast<int>(std::lround(v * kStepsPerUnit)));
        // The number shows the true value, which may lie beyond the slider's ±3 range.
        m_fields[i]->showValue(v);
    }
}

}  // namespace latent::ui
