#include "ui/editing/stylemixbox.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>

#include "ui/document.h"

namespace latent::ui {

StyleMixBox::StyleMixBox(Document* document, QWidget* parent)
    : QGroupBox(tr("Style mixing"), parent),
      m_document(document),
      m_seed(new QSpinBox),
      m_first(new QSpinBox),
      m_last(new QSpinBox) {
    setCheckable(true);
    setChecked(false);
    setToolTip(
        tr("Take the styles of some synthesis layers from a second seed (coarse layers: "
           "pose and shape; fine layers: colour and texture)"));
    m_seed->setRange(0, 2147483647);
    m_last->setSpecialValueText(tr("end"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Second seed"), m_seed);
    auto* layers = new QHBoxLayout;
    layers->addWidget(m_first);
    layers->addWidget(new QLabel(QStringLiteral("–")));
    layers->addWidget(m_last);
    layers->addStretch();
    form->addRow(tr("Layers"), layers);

    connect(this, &QGroupBox::toggled, this, &StyleMixBox::request);
    for (QSpinBox* box : {m_seed, m_first, m_last}) {
        connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &StyleMixBox::request);
    }
    connect(m_document, &Document::modelChanged, this, &StyleMixBox::onModelChanged);
    connect(m_document, &Document::styleMixChanged, this, &StyleMixBox::sync);
    onModelChanged();
}

void StyleMixBox::onModelChanged() {
    const model::ModelInfo& info = m_document->info();
    setVisible(m_document->hasModel() && info.styleBased());
    const int lastLayer = std::max(info.numWs - 1, 0);
    const QSignalBlocker b1(m_first), b2(m_last);
    m_first->setRange(0, lastLayer);
    m_last->setRange(-1, lastLayer);
    sync();
}

void StyleMixBox::request() {
    edit::StyleMixSetting mix;
    mix.enabled = isChecked();
    mix.seed = static_cast<std::uint64_t>(m_seed->value());
    mix.firstLayer = m_first->value();
    mix.lastLayer = m_last->value();
    m_document->setStyleMix(mix);
}

void StyleMixBox::sync() {
    const edit::StyleMixSetting& mix = m_document->styleMix();
    const QSignalBlocker b0(this), b1(m_seed), b2(m_first), b3(m_last);
    setChecked(mix.enabled);
    m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(mix.seed, 2147483647)));
    m_first->setValue(mix.firstLayer);
    m_last->setValue(mix.lastLayer);
}

}  // namespace latent::ui
