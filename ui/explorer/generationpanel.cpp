#include "ui/explorer/generationpanel.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

namespace latent::ui {

namespace {
constexpr int kTruncationSteps = 100;  // slider units per 1.0 of ψ
}

GenerationPanel::GenerationPanel(QWidget* parent)
    : QWidget(parent),
      m_seed(new QSpinBox),
      m_frameLabel(new QLabel),
      m_truncation(new QSlider(Qt::Horizontal)),
      m_truncationValue(new QLabel),
      m_classGroup(new QWidget),
      m_class(new QComboBox) {
    // One compact grid, no boxes around single controls: the column has little height to spare.
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setVerticalSpacing(4);

    m_seed->setRange(0, kMaxSeed);
    m_seed->setAccelerated(true);
    // Typing "123" should draw one image, not three: apply on Enter or focus-out.
    m_seed->setKeyboardTracking(false);
    m_seed->setToolTip(tr("Seed of the latent vector z (Left/Right on the image step it)"));
    auto* random = new QPushButton(tr("&Random"));
    random->setToolTip(tr("Pick a random seed (R)"));
    auto* seedLabel = new QLabel(tr("&Seed"));
    seedLabel->setBuddy(m_seed);
    grid->addWidget(seedLabel, 0, 0);
    grid->addWidget(m_seed, 0, 1);
    grid->addWidget(random, 0, 2);
    m_frameLabel->setObjectName(QStringLiteral("frameLabel"));
    m_frameLabel->setWordWrap(true);
    m_frameLabel->setForegroundRole(QPalette::PlaceholderText);
    // Its line is always there, empty for a plain seed: dragging A↔B shows it without moving
    // every control below it (the slider under the mouse included).
    m_frameLabel->setMinimumHeight(m_frameLabel->fontMetrics().lineSpacing());
    grid->addWidget(m_frameLabel, 1, 1, 1, 2);

    m_truncation->setRange(0, static_cast<int>(kMaxTruncation * kTruncationSteps));
    m_truncation->setPageStep(10);
    m_truncation->setToolTip(
        tr("Pulls z toward the average: lower ψ gives more typical, less varied images"));
    m_truncationValue->setMinimumWidth(m_truncationValue->fontMetrics().horizontalAdvance("0.00"));
    m_truncationValue->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* psiLabel = new QLabel(tr("Truncation ψ"));
    grid->addWidget(psiLabel, 2, 0);
    grid->addWidget(m_truncation, 2, 1);
    grid->addWidget(m_truncationValue, 2, 2);

    auto* classRow = new QHBoxLayout(m_classGroup);
    classRow->setContentsMargins(0, 0, 0, 0);
    auto* classLabel = new QLabel(tr("&Class"));
    classLabel->setBuddy(m_class);
    // Lined up with the labels above (the widest is ψ's).
    classLabel->setFixedWidth(psiLabel->sizeHint().width());
    classRow->setSpacing(grid->horizontalSpacing() >= 0 ? grid->horizontalSpacing()
                                                        : classRow->spacing());
    classRow->addWidget(classLabel);
    classRow->addWidget(m_class, 1);
    m_classGroup->setVisible(false);
    grid->addWidget(m_classGroup, 3, 0, 1, 3);
    grid->setColumnStretch(1, 1);

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

void GenerationPanel::setFrameLabel(const QString& label) {
    m_frameLabel->setText(label.isEmpty() ? QString() : tr("Showing: %1").arg(label));
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
