#include "ui/editing/directionspanel.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>

#include <cmath>

#include "ui/document.h"
#include "ui/numberfield.h"
#include "ui/editing/classmorphbox.h"
#include "ui/editing/directioncontroller.h"
#include "ui/editing/stylemixbox.h"

namespace latent::ui {

namespace {
const char* const kDirectionsDirKey = "directions/lastDirectory";


int toSteps(float amount) {
    return static_cast<int>(std::lround(amount * DirectionsPanel::kStepsPerSigma));
}
}  // namespace

DirectionsPanel::DirectionsPanel(Document* document, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_controller(new DirectionController(document, this)),
      m_sefa(new QPushButton(tr("SeFa"))),
      m_pca(new QPushButton(tr("PCA…"))),
      m_load(new QPushButton(tr("Load…"))),
      m_save(new QPushButton(tr("Save…"))),
      m_resetAll(new QPushButton(tr("Reset all"))),
      m_attribute(new QPushButton(tr("Attribute…"))),
      m_progress(new QProgressBar),
      m_cancel(new QPushButton(tr("Cancel"))),
      m_message(new QLabel),
      m_empty(new QLabel(tr("No directions yet: SeFa finds some at once, PCA in a few seconds."))),
      m_rowsLayout(new QVBoxLayout),
      m_showAll(new QPushButton),
      m_morph(new ClassMorphBox(document)),
      m_mix(new StyleMixBox(document)) {
    m_sefa->setToolTip(
        tr("Closed-form factorisation: the directions the first layer amplifies "
           "most (instant)"));
    m_pca->setToolTip(
        tr("Principal components of the generator's features over many samples "
           "(a few seconds; cached beside the model)"));
    m_load->setToolTip(tr("Load directions from a JSON file"));
    m_save->setToolTip(tr("Save these directions as a JSON file"));
    m_attribute->setObjectName(QStringLiteral("newAttributeButton"));
    m_attribute->setToolTip(
        tr("Mark samples that have or lack an attribute and fit a direction "
           "for it (Edit > New Attribute…)"));
    m_resetAll->setToolTip(tr("Every direction and the class morph back to 0"));
    connect(m_attribute, &QPushButton::clicked, this, &DirectionsPanel::attributeDialogRequested);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    for (QPushButton* b : {m_sefa, m_pca, m_load, m_save}) buttons->addWidget(b);
    layout->addLayout(buttons);

    auto* progressRow = new QHBoxLayout;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    layout->addLayout(progressRow);
    m_progress->setVisible(false);
    m_cancel->setVisible(false);

    m_message->setWordWrap(true);
    m_message->setVisible(false);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);  // greyed: a hint, not content
    layout->addWidget(m_empty);

    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(2);
    layout->addLayout(m_rowsLayout);
    auto* footer = new QHBoxLayout;
    footer->addWidget(m_showAll);
    footer->addStretch();
    footer->addWidget(m_attribute);
    footer->addWidget(m_resetAll);
    layout->addLayout(footer);
    layout->addWidget(m_morph);
    layout->addWidget(m_mix);

    connect(m_sefa, &QPushButton::clicked, m_controller, &DirectionController::computeSefa);
    connect(m_pca, &QPushButton::clicked, m_controller, &DirectionController::computePca);
    connect(m_load, &QPushButton::clicked, this, &DirectionsPanel::loadDialog);
    connect(m_save, &QPushButton::clicked, this, &DirectionsPanel::saveDialog);
    connect(m_cancel, &QPushButton::clicked, m_controller, &DirectionController::cancel);
    connect(m_resetAll, &QPushButton::clicked, m_document, &Document::resetAmounts);
    connect(m_showAll, &QPushButton::clicked, this, [this] {
        m_showingAll = !m_showingAll;
        updateVisibility();
    });
    connect(m_controller, &DirectionController::busyChanged, this, [this](bool busy) {
        // The bar is for PCA; SeFa and files are over before it would be seen.
        m_progress->setVisible(busy && m_progress->value() < m_progress->maximum());
        m_cancel->setVisible(m_progress->isVisible());
        updateEnabled();
    });
    connect(m_controller, &DirectionController::progressChanged, this, [this](double fraction) {
        m_progress->setValue(static_cast<int>(std::lround(fraction * m_progress->maximum())));
        const bool running = m_controller->busy() && fraction < 1.0;
        m_progress->setVisible(running);
        m_cancel->setVisible(running);
    });
    connect(m_controller, &DirectionController::message, this, &DirectionsPanel::showMessage);
    connect(m_document, &Document::modelChanged, this, &DirectionsPanel::onModelChanged);
    connect(m_document, &Document::directionsChanged, this, &DirectionsPanel::rebuild);
    connect(m_document, &Document::amountsChanged, this, &DirectionsPanel::syncAmounts);
    onModelChanged();
}

int DirectionsPanel::visibleSliderCount() const {
    return m_showingAll ? m_rows.size() : std::min<int>(m_rows.size(), kDefaultVisible);
}

QSlider* DirectionsPanel::slider(int index) const {
    return index >= 0 && index < m_rows.size() ? m_rows[index].slider : nullptr;
}

QToolButton* DirectionsPanel::resetButton(int index) const {
    return index >= 0 && index < m_rows.size() ? m_rows[index].reset : nullptr;
}

QComboBox* DirectionsPanel::spaceBox(int index) const {
    return index >= 0 && index < m_rows.size() ? m_rows[index].space : nullptr;
}

void DirectionsPanel::onModelChanged() {
    m_showingAll = false;
    m_message->clear();
    m_message->setVisible(false);
    m_builtNames.clear();
    rebuild();
}

void DirectionsPanel::showMessage(const QString& text, bool error) {
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
    m_message->setVisible(!text.isEmpty());
}

DirectionsPanel::Row DirectionsPanel::makeRow(int index) {
    const edit::Direction& d = m_document->directions()[static_cast<std::size_t>(index)];
    Row row;
    row.widget = new QWidget;
    auto* rowLayout = new QVBoxLayout(row.widget);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->setSpacing(0);
    auto* line = new QHBoxLayout;
    line->setSpacing(6);
    auto* name = new QLabel(QString::fromStdString(d.name));
    name->setMinimumWidth(name->fontMetrics().horizontalAdvance(QStringLiteral("SeFa 10")));
    name->setToolTip(tr("%1 direction, one step = %2 in latent units")
                         .arg(QString::fromStdString(d.method))
                         .arg(static_cast<double>(d.sigma), 0, 'g', 3));
    row.slider = new QSlider(Qt::Horizontal);
    const int limit = toSteps(kRange);
    row.slider->setRange(-limit, limit);
    row.slider->setPageStep(kStepsPerSigma / 2);
    row.slider->setObjectName(QStringLiteral("directionSlider%1").arg(index));
    row.slider->setToolTip(
        tr("How far along %1 (±3σ); double-click to reset").arg(QString::fromStdString(d.name)));
    row.slider->installEventFilter(this);
    row.value = new NumberField(-kTypedRange, kTypedRange, 2, QStringLiteral("σ"));
    row.value->setToolTip(tr("How far along %1 in σ; type a value and press Enter")
                              .arg(QString::fromStdString(d.name)));
    row.reset = new QToolButton;
    row.reset->setText(QStringLiteral("↺"));
    row.reset->setAutoRaise(true);
    row.reset->setToolTip(tr("Reset %1 to 0").arg(QString::fromStdString(d.name)));
    line->addWidget(name);
    line->addWidget(row.slider, 1);
    line->addWidget(row.value);
    line->addWidget(row.reset);
    rowLayout->addLayout(line);

    connect(row.slider, &QSlider::valueChanged, this, [this, index](int v) {
        m_document->setAmount(index, static_cast<float>(v) / kStepsPerSigma);
    });
    connect(row.value, &NumberField::valueTyped, this, [this, index](double v) {
        m_document->closeGesture();  // a typed value is a step of its own
        m_document->setAmount(index, static_cast<float>(v));
        m_document->closeGesture();
    });
    // One drag is one undo step: the release ends the gesture.
    connect(row.slider, &QSlider::sliderReleased, m_document, &Document::closeGesture);
    connect(row.reset, &QToolButton::clicked, this,
            [this, index] { m_document->resetAmount(index); });

    const model::ModelInfo& info = m_document->info();
    if (info.styleBased() && d.space != edit::Space::Z) {
        auto* where = new QHBoxLayout;
        where->setContentsMargins(0, 0, 0, 4);
        row.space = new QComboBox;
        row.space->addItem(tr("W (all layers)"));
        if (info.numWs > 1) row.space->addItem(tr("W+ layers"));
        row.first = new QSpinBox;
        row.last = new QSpinBox;
        const int lastLayer = std::max(info.numWs - 1, 0);
        row.first->setRange(0, lastLayer);
        row.last->setRange(-1, lastLayer);
        row.last->setSpecialValueText(tr("end"));
        row.first->setToolTip(tr("First synthesis layer the edit touches"));
        row.last->setToolTip(tr("Last synthesis layer the edit touches"));
        where->addSpacing(name->minimumWidth());
        where->addWidget(row.space);
        where->addWidget(row.first);
        where->addWidget(new QLabel(QStringLiteral("–")));
        where->addWidget(row.last);
        where->addStretch();
        rowLayout->addLayout(where);
        connect(row.space, qOverload<int>(&QComboBox::currentIndexChanged), this,
                [this, index] { onSpaceEdited(index); });
        for (QSpinBox* box : {row.first, row.last}) {
            connect(box, qOverload<int>(&QSpinBox::valueChanged), this,
                    [this, index] { onSpaceEdited(index); });
        }
    }
    return row;
}

void DirectionsPanel::onSpaceEdited(int index) {
    if (index < 0 || index >= m_rows.size()) return;
    const Row& row = m_rows[index];
    edit::Direction d = m_document->directions()[static_cast<std::size_t>(index)];
    d.space = row.space->currentIndex() == 1 ? edit::Space::WPlus : edit::Space::W;
    d.firstLayer = row.first->value();
    d.lastLayer = row.last->value();
    m_document->setDirection(index, d);
}

void DirectionsPanel::rebuild() {
    // A direction's space or layers changed: same rows, new values. Rebuilding then would delete
    // the combo box whose signal got us here.
    QStringList names;
    for (const edit::Direction& d : m_document->directions()) {
        names << QString::fromStdString(d.name + '\n' + d.method) +
                     (d.space == edit::Space::Z ? QStringLiteral("z") : QStringLiteral("w"));
    }
    if (names == m_builtNames && m_rows.size() == names.size()) {
        syncAmounts();
        updateVisibility();
        return;
    }
    m_builtNames = names;
    for (Row& row : m_rows) {
        row.widget->hide();
        row.widget->deleteLater();
    }
    m_rows.clear();
    const int n = static_cast<int>(m_document->directions().size());
    for (int i = 0; i < n; ++i) {
        Row row = makeRow(i);
        m_rowsLayout->addWidget(row.widget);
        m_rows.push_back(row);
    }
    syncAmounts();
    updateVisibility();
    updateEnabled();
}

void DirectionsPanel::syncAmounts() {
    const auto& directions = m_document->directions();
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row& row = m_rows[i];
        const float amount = m_document->amount(i);
        {
            const QSignalBlocker block(row.slider);
            row.slider->setValue(toSteps(amount));
        }
        // The number shows the true amount, which a session or typing may set beyond ±3.
        row.value->showValue(amount);
        row.reset->setEnabled(amount != 0.0f);
        if (!row.space) continue;
        const edit::Direction& d = directions[static_cast<std::size_t>(i)];
        const QSignalBlocker b1(row.space), b2(row.first), b3(row.last);
        row.space->setCurrentIndex(d.space == edit::Space::WPlus ? 1 : 0);
        row.first->setValue(d.firstLayer);
        row.last->setValue(d.lastLayer);
        row.first->setEnabled(d.space == edit::Space::WPlus);
        row.last->setEnabled(d.space == edit::Space::WPlus);
    }
    updateEnabled();
}

void DirectionsPanel::updateVisibility() {
    const int shown = visibleSliderCount();
    for (int i = 0; i < m_rows.size(); ++i) m_rows[i].widget->setVisible(i < shown);
    m_showAll->setVisible(m_rows.size() > kDefaultVisible);
    m_showAll->setText(m_showingAll ? tr("Show fewer") : tr("Show all %1").arg(m_rows.size()));
    m_empty->setVisible(m_rows.isEmpty() && m_document->hasModel());
}

void DirectionsPanel::updateEnabled() {
    const bool model = m_document->hasModel();
    const bool idle = !m_controller->busy();
    for (QPushButton* b : {m_sefa, m_pca, m_load, m_attribute}) b->setEnabled(model && idle);
    m_save->setEnabled(model && idle && !m_document->directions().empty());
    m_resetAll->setEnabled(m_document->hasEdits());
}

bool DirectionsPanel::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseButtonDblClick) {
        for (int i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i].slider != watched) continue;
            m_document->closeGesture();
            m_document->resetAmount(i);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DirectionsPanel::loadDialog() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load Directions"), settings.value(kDirectionsDirKey).toString(),
        tr("Direction files (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kDirectionsDirKey, QFileInfo(path).absolutePath());
    m_controller->loadFile(path);
}

void DirectionsPanel::saveDialog() {
    QSettings settings;
    QString name = QString::fromStdString(m_document->info().name).toLower();
    name.replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString dir = settings.value(kDirectionsDirKey).toString();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Directions"),
        QDir(dir).filePath(name.isEmpty() ? QStringLiteral("directions.json")
                                          : name + QStringLiteral("-directions.json")),
        tr("Direction files (*.json)"));
    if (path.isEmpty()) return;
    settings.setValue(kDirectionsDirKey, QFileInfo(path).absolutePath());
    m_controller->saveFile(path);
}

}  // namespace latent::ui
