#include "ui/explorer/generationpanel.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace latent::ui {

namespace {
constexpr int kTruncationSteps = 100;  // slider units per 1.0 of ψ
}

GenerationPanel::GenerationPanel(QWidget* parent)
    : QWidget(parent),
      m_seed(new QSpinBox),
      m_truncation(new QSlider(Qt::Horizontal)),
      m_truncationValue(new QLabel),
      m_classGroup(new QGroupBox(tr("Class"))),
      m_class(new QComboBox) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* seedGroup = new QGroupBox(tr("Seed"));
    auto* seedRow = new QHBoxLayout(seedGroup);
    m_seed->setRange(0, kMaxSeed);
    m_seed->setAccelerated(true);
    // Typing "123" should draw one image, not three: apply on Enter or focus-out.
    m_seed->setKeyboardTracking(false);
    m_seed->setToolTip(tr("Seed of the latent vector z (Left/Right on the image step it)"));
    auto* random = new QPushButton(tr("&Random"));
    random->setToolTip(tr("Pick a random seed (R)"));
    seedRow->addWidget(m_seed, 1);
    seedRow->addWidget(random);
    layout->addWidget(seedGroup);

    auto* truncGroup = new QGroupBox(tr("Truncation ψ"));
    auto* truncRow = new QHBoxLayout(truncGroup);
    m_truncation->setRange(0, static_cast<int>(kMaxTruncation * kTruncationSteps));
    m_truncation->setPageStep(10);
    m_truncation->setToolTip(
        tr("Pulls z toward the average: lower ψ gives more typical, less varied images"));
    m_truncationValue->setMinimumWidth(m_truncationValue->fontMetrics().horizontalAdvance("0.00"));
    m_truncationValue->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    truncRow->addWidget(m_truncation, 1);
    truncRow->addWidget(m_truncationValue);
    layout->addWidget(truncGroup);

    auto* classRow = new QHBoxLayout(m_classGroup);
    classRow->addWidget(m_class);
    m_classGroup->setVisible(false);
    layout->addWidget(m_classGroup);

    setTruncation(1.0f);

    connect(m_seed, qOverload<int>(&QSpinBox::valueChanged), this,
            [this](int value) { Q_EMIT seedRequested(static_cast<std::uint64_t>(value)); });
    connect(random, &QPushButton::clicked, this, &GenerationPanel::randomSeedRequested);
    connect(m_truncation, &QSlider::valueChanged, this, [this](int value) {
        const float psi = static_cast<float>(value) / kTruncationSteps;
        showTruncation(psi);
        Q_EMIT truncationRequested(psi);
    });
    connect(m_class, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        if (index >= 0) Q_EMIT classRequested(index);
    });
}

void GenerationPanel::setSeed(std::uint64_t seed) {
    const QSignalBlocker block(m_seed);
    m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(seed, kMaxSeed)));
}

void GenerationPanel::setTruncation(float psi) {
    const QSignalBlocker block(m_truncation);
    m_truncation->setValue(static_cast<int>(std::lround(psi * kTruncationSteps)));
    showTruncation(psi);
}

void GenerationPanel::showTruncation(float psi) {
    m_truncationValue->setText(QString::number(static_cast<double>(psi), 'f', 2));
}

void GenerationPanel::setClassNames(const QStringList& names) {
    const QSignalBlocker block(m_class);
    m_class->clear();
    m_class->addItems(names);
    m_classGroup->setVisible(!names.isEmpty());
}

void GenerationPanel::setClassIndex(int index) {
    const QSignalBlocker block(m_class);
    m_class->setCurrentIndex(index);
}

}  // namespace latent::ui
