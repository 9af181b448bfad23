#include "ui/editing/classmorphbox.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStandardItemModel>

#include <cmath>

#include "core/edit/attribute.h"
#include "ui/document.h"

namespace latent::ui {

ClassMorphBox::ClassMorphBox(Document* document, QWidget* parent)
    : QGroupBox(tr("Class morph"), parent),
      m_document(document),
      m_from(new QComboBox),
      m_to(new QComboBox),
      m_slider(new QSlider(Qt::Horizontal)),
      m_value(new QLabel),
      m_note(new QLabel) {
    setToolTip(tr("Blend the class embedding from one class to another"));
    auto* grid = new QGridLayout(this);
    grid->addWidget(new QLabel(tr("From")), 0, 0);
    grid->addWidget(m_from, 0, 1, 1, 2);
    grid->addWidget(new QLabel(tr("To")), 1, 0);
    grid->addWidget(m_to, 1, 1, 1, 2);
    m_slider->setRange(0, kSteps);
    m_slider->setObjectName(QStringLiteral("classMorphSlider"));
    m_value->setMinimumWidth(m_value->fontMetrics().horizontalAdvance(QStringLiteral("0.00")));
    grid->addWidget(m_slider, 2, 0, 1, 2);
    grid->addWidget(m_value, 2, 2);
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_note->setVisible(false);
    grid->addWidget(m_note, 3, 0, 1, 3);
    grid->setColumnStretch(1, 1);

    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        const float t = static_cast<float>(v) / kSteps;
        const edit::Direction& morph = m_document->classMorph();
        if (!morph.method.empty() && morph.classFrom == m_from->currentIndex() &&
            morph.classTo == m_to->currentIndex()) {
            m_document->setClassMorphAmount(t);
        } else {
            requestMorph(t);
        }
    });
    connect(m_slider, &QSlider::sliderReleased, m_document, &Document::closeGesture);
    for (QComboBox* box : {m_from, m_to}) {
        connect(box, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
            m_document->closeGesture();  // a new pair of classes is a step of its own
            {
                const QSignalBlocker blockTo(m_to);
                keepTargetApart();
            }
            requestMorph(static_cast<float>(m_slider->value()) / kSteps);
        });
    }
    connect(m_document, &Document::modelChanged, this, &ClassMorphBox::onModelChanged);
    connect(m_document, &Document::directionsChanged, this, &ClassMorphBox::sync);
    connect(m_document, &Document::amountsChanged, this, &ClassMorphBox::sync);
    connect(m_document, &Document::frameChanged, this, &ClassMorphBox::sync);
    onModelChanged();
}

void ClassMorphBox::onModelChanged() {
    const model::ModelInfo& info = m_document->info();
    setVisible(m_document->hasModel() && info.numClasses() > 1);
    const QSignalBlocker b1(m_from), b2(m_to);
    m_from->clear();
    m_to->clear();
    for (const std::string& name : info.classNames) {
        m_from->addItem(QString::fromStdString(name));
        m_to->addItem(QString::fromStdString(name));
    }
    m_from->setCurrentIndex(info.numClasses() > 0 ? 0 : -1);
    m_to->setCurrentIndex(info.numClasses() > 1 ? 1 : -1);
    sync();
}

void ClassMorphBox::keepTargetApart() {
    const int from = m_from->currentIndex();
    auto* items = qobject_cast<QStandardItemModel*>(m_to->model());
    if (!items || from < 0 || m_to->count() < 2) return;
    for (int i = 0; i < m_to->count(); ++i) {
        if (QStandardItem* item = items->item(i)) item->setEnabled(i != from);
    }
    if (m_to->currentIndex() == from || m_to->currentIndex() < 0) {
        m_to->setCurrentIndex((from + 1) % m_to->count());
    }
}

void ClassMorphBox::requestMorph(float amount) {
    const auto morph =
        edit::classMorphDirection(m_document->info(), m_from->currentIndex(), m_to->currentIndex());
    m_problem = morph ? QString() : QString::fromStdString(morph.error());
    m_note->setText(m_problem);
    m_note->setVisible(!m_problem.isEmpty());
    if (morph) m_document->setClassMorph(*morph, amount);
}

void ClassMorphBox::sync() {
    const edit::Direction& morph = m_document->classMorph();
    const float t = morph.method.empty() ? 0.0f : m_document->classMorphAmount();
    const QSignalBlocker b0(m_slider), b1(m_from), b2(m_to);
    if (!morph.method.empty() && t > 0.0f) {
        m_from->setCurrentIndex(morph.classFrom);
    } else if (m_document->info().conditional()) {
        // At rest the morph starts from the class on screen, so its first step does not jump.
        m_from->setCurrentIndex(m_document->classIndex());
    }
    // The target the user chose (or a session restored) stays, even at rest.
    if (!morph.method.empty()) m_to->setCurrentIndex(morph.classTo);
    keepTargetApart();
    m_slider->setValue(static_cast<int>(std::lround(t * kSteps)));
    m_value->setText(QString::number(static_cast<double>(t), 'f', 2));
}

}  // namespace latent::ui
