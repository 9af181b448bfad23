#include "ui/editing/attributedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/edit/attribute.h"
#include "core/edit/directionset.h"
#include "core/edit/explorerstate.h"
#include "core/train/facedirections.h"
#include "core/train/shippedmodels.h"
#include "ui/document.h"
#include "ui/backgroundjobs.h"

namespace latent::ui {

namespace {
using Mark = AttributeSamples::Mark;

const QColor kHas(46, 160, 67);
const QColor kLacks(208, 52, 44);

// The sample with its mark drawn on: a coloured frame and a badge, + for has, − for lacks, so the
// marks read at a glance (and not by colour alone).
QPixmap markedPixmap(const QImage& image, Mark mark) {
    const int size = AttributeDialog::kThumbnail;
    QPixmap pixmap(size, size);
    pixmap.fill(QColor(45, 46, 50));
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    if (!image.isNull()) {
        p.drawImage(QRect(0, 0, size, size),
                    image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    }
    if (mark == Mark::None) return pixmap;
    const QColor colour = mark == Mark::Has ? kHas : kLacks;
    p.setPen(QPen(colour, 4));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(2, 2, size - 4, size - 4));
    const QRectF badge(size - 24, 3, 21, 21);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawEllipse(badge);
    p.setPen(QPen(Qt::white, 3, Qt::SolidLine, Qt::RoundCap));
    const QPointF c = badge.center();
    p.drawLine(QPointF(c.x() - 5, c.y()), QPointF(c.x() + 5, c.y()));
    if (mark == Mark::Has) p.drawLine(QPointF(c.x(), c.y() - 5), QPointF(c.x(), c.y() + 5));
    return pixmap;
}

QString count(const QString& label, int n, const QColor& colour) {
    const bool enough = n >= edit::kMinAttributeExamples;
    return QStringLiteral("<span style='color:%1'><b>%2 %3</b></span>/%4")
        .arg(enough ? colour.name() : QStringLiteral("palette(text)"), label)
        .arg(n)
        .arg(edit::kMinAttributeExamples);
}
}  // namespace

AttributeDialog::AttributeDialog(Document* document, QWidget* parent)
    : QDialog(parent),
      m_document(document),
      m_samples(new AttributeSamples(document, this)),
      m_tasks(new BackgroundJobs(QStringLiteral("attribute directions"), this)),
      m_grid(new QWidget),
      m_gridLayout(new QGridLayout(m_grid)),
      m_name(new QLineEdit),
      m_keepFixed(new QListWidget),
      m_more(new QPushButton(tr("More Samples"))),
      m_counts(new QLabel),
      m_status(new QLabel),
      m_fit(new QPushButton(tr("Fit"))),
      m_autoBox(new QGroupBox(tr("Label automatically"))),
      m_autoTarget(new QComboBox),
      m_autoCount(new QSpinBox),
      m_autoFit(new QPushButton(tr("Fit from Labels"))),
      m_regressorPath(train::findFaceRegressor()) {
    setWindowTitle(tr("New Attribute"));
    setObjectName(QStringLiteral("attributeDialog"));
    m_gridLayout->setSpacing(4);
    m_gridLayout->setContentsMargins(4, 4, 4, 4);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_grid);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(kColumns * (kThumbnail + 14) + 24);
    scroll->setMinimumHeight(4 * (kThumbnail + 12));

    auto* help = new QLabel(
        tr("Click the samples that <b>have</b> the attribute (green +); click again for samples "
           "that <b>lack</b> it (red −), once more to unmark. Mark at least %1 of each; the "
           "clearer the examples, the cleaner the direction.")
            .arg(edit::kMinAttributeExamples));
    help->setWordWrap(true);
    m_name->setPlaceholderText(tr("e.g. long sleeves"));
    m_name->setText(suggestedName());
    m_keepFixed->setMaximumHeight(80);
    m_keepFixed->setToolTip(
        tr("Directions to keep unchanged: the new one is made perpendicular to them"));
    m_status->setWordWrap(true);
    // Room for two lines, so a message never hides behind the buttons.
    m_status->setMinimumHeight(2 * m_status->fontMetrics().lineSpacing());
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fit->setDefault(true);
    m_fit->setToolTip(
        tr("Find the direction that separates the two groups and add it as a slider"));
    m_more->setToolTip(tr("Draw %1 more random samples").arg(AttributeSamples::kBatch));

    auto* form = new QFormLayout;
    form->addRow(tr("Attribute:"), m_name);
    form->addRow(tr("Keep fixed:"), m_keepFixed);
    auto* row = new QHBoxLayout;
    row->addWidget(m_more);
    row->addWidget(m_counts, 1);
    // The automatic labeller: the face regressor reads the samples instead of the user.
    m_autoBox->setObjectName(QStringLiteral("autoLabels"));
    m_autoTarget->setObjectName(QStringLiteral("autoTarget"));
    for (const train::FaceLabelTarget& t : train::faceLabelTargets()) {
        m_autoTarget->addItem(QString::fromStdString(t.label()),
                              QVariant::fromValue(QPoint(t.attribute, t.category)));
    }
    m_autoTarget->setToolTip(tr("The face attribute to find a direction for"));
    m_autoCount->setRange(200, 20000);
    m_autoCount->setSingleStep(500);
    m_autoCount->setValue(2000);
    m_autoCount->setSuffix(tr(" samples"));
    m_autoCount->setToolTip(tr("Random samples drawn and read by the face attribute regressor: "
                               "more is steadier and slower"));
    m_autoFit->setObjectName(QStringLiteral("autoFit"));
    m_autoFit->setToolTip(
        tr("Draw the samples, let the face regressor read the attribute in each, and fit the "
           "direction from the 30% that show it most to the 30% that show it least"));
    auto* autoRow = new QHBoxLayout(m_autoBox);
    autoRow->addWidget(m_autoTarget, 1);
    autoRow->addWidget(m_autoCount);
    autoRow->addWidget(m_autoFit);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_fit, QDialogButtonBox::ActionRole);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(help);
    layout->addWidget(scroll, 1);
    layout->addLayout(row);
    layout->addLayout(form);
    layout->addWidget(m_autoBox);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(m_fit, &QPushButton::clicked, this, &AttributeDialog::fit);
    connect(m_autoFit, &QPushButton::clicked, this, &AttributeDialog::fitFromLabels);
    connect(m_more, &QPushButton::clicked, m_samples, &AttributeSamples::addBatch);
    connect(m_name, &QLineEdit::textChanged, this, &AttributeDialog::updateState);
    connect(m_samples, &AttributeSamples::samplesAdded, this, &AttributeDialog::onSamplesAdded);
    connect(m_samples, &AttributeSamples::imagesReady, this, &AttributeDialog::refreshButtons);
    connect(m_samples, &AttributeSamples::marksChanged, this, &AttributeDialog::updateState);
    connect(m_document, &Document::directionsChanged, this, &AttributeDialog::refreshKeepFixed);
    connect(m_samples, &AttributeSamples::cleared, this, [this] {
        qDeleteAll(m_buttons);
        m_buttons.clear();
    });
    connect(m_document, &Document::modelChanged, this, [this] {
        // Latents of another model: start again.
        m_samples->clear();
        if (m_document->hasModel()) m_samples->addBatch();
        showStatus({}, false);
        refreshAutoLabels();
    });
    refreshKeepFixed();
    refreshAutoLabels();
    m_samples->addBatch();
    updateState();
}

AttributeDialog::~AttributeDialog() = default;

bool AttributeDialog::idle() const { return m_samples->idle() && !m_fitting; }

QString AttributeDialog::suggestedName() const {
    int n = 1;
    auto taken = [this](const QString& name) {
        for (const edit::Direction& d : m_document->directions()) {
            if (QString::fromStdString(d.name) == name) return true;
        }
        return false;
    };
    while (taken(tr("Attribute %1").arg(n))) ++n;
    return tr("Attribute %1").arg(n);
}

void AttributeDialog::onSamplesAdded(int first, int count) {
    for (int i = first; i < first + count; ++i) {
        auto* button = new QToolButton;
        button->setObjectName(QStringLiteral("sample%1").arg(i));
        button->setIconSize(QSize(kThumbnail, kThumbnail));
        button->setAutoRaise(true);
        button->setToolTip(tr("Seed %1: click to mark has / lacks / unmarked")
                               .arg(static_cast<qulonglong>(m_samples->seed(i))));
        connect(button, &QToolButton::clicked, this, [this, i] { m_samples->cycleMark(i); });
        m_gridLayout->addWidget(button, i / kColumns, i % kColumns);
        m_buttons.push_back(button);
    }
    refreshButtons(first, count);
}

void AttributeDialog::refreshButtons(int first, int count) {
    for (int i = first; i < first + count && i < m_buttons.size(); ++i) {
        m_buttons[i]->setIcon(QIcon(markedPixmap(m_samples->image(i), m_samples->mark(i))));
    }
}

void AttributeDialog::refreshKeepFixed() {
    QStringList checked;
    for (int i = 0; i < m_keepFixed->count(); ++i) {
        if (m_keepFixed->item(i)->checkState() == Qt::Checked)
            checked << m_keepFixed->item(i)->text();
    }
    m_keepFixed->clear();
    for (const edit::Direction& d : m_document->directions()) {
        // Only z directions can be projected out of a z direction; class morphs have no vector.
        if (d.space != edit::Space::Z ||
            static_cast<int>(d.vector.size()) != m_document->latentSize())
            continue;
        auto* item = new QListWidgetItem(QString::fromStdString(d.name));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
        m_keepFixed->addItem(item);
    }
    m_keepFixed->setEnabled(m_keepFixed->count() > 0);
    m_keepFixed->setToolTip(m_keepFixed->count() > 0
                                ? tr("Directions to keep unchanged: the new one is made "
                                     "perpendicular to them")
                                : tr("No directions yet: fit one, or add SeFa/PCA directions"));
}

void AttributeDialog::updateState() {
    refreshButtons(0, static_cast<int>(m_buttons.size()));
    const int has = m_samples->hasCount();
    const int lacks = m_samples->lacksCount();
    m_counts->setText(
        tr("%1 · %2").arg(count(tr("has"), has, kHas), count(tr("lacks"), lacks, kLacks)));
    const bool enough = has >= edit::kMinAttributeExamples && lacks >= edit::kMinAttributeExamples;
    const bool named = !m_name->text().trimmed().isEmpty();
    m_fit->setEnabled(enough && named && !m_fitting);
    m_autoFit->setEnabled(!m_fitting && m_document->hasModel());
    if (!enough) {
        m_fit->setToolTip(tr("Mark at least %1 samples that have the attribute and %1 that lack it")
                              .arg(edit::kMinAttributeExamples));
    } else if (!named) {
        m_fit->setToolTip(tr("Name the attribute first"));
    } else {
        m_fit->setToolTip(
            tr("Find the direction that separates the two groups and add it as a slider"));
    }
}

void AttributeDialog::showStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: %1").arg(kLacks.name()) : QString());
}

std::vector<edit::Direction> AttributeDialog::checkedFixed() const {
    std::vector<edit::Direction> fixed;
    for (int i = 0; i < m_keepFixed->count(); ++i) {
        if (m_keepFixed->item(i)->checkState() != Qt::Checked) continue;
        for (const edit::Direction& d : m_document->directions()) {
            if (QString::fromStdString(d.name) == m_keepFixed->item(i)->text()) fixed.push_back(d);
        }
    }
    return fixed;
}

void AttributeDialog::fit() {
    const QString name = m_name->text().trimmed();
    if (m_fitting || !m_document->hasModel() || name.isEmpty()) return;
    for (const edit::Direction& d : m_document->directions()) {
        if (QString::fromStdString(d.name) == name) {
            showStatus(
                tr("There is a direction named \"%1\" already; choose another name.").arg(name),
                true);
            return;
        }
    }
    const std::vector<edit::Direction> fixed = checkedFixed();
    m_fitting = true;
    updateState();
    showStatus(tr("Fitting…"), false);
    const std::string text = name.toStdString();
    auto with = m_samples->marked(Mark::Has);
    auto without = m_samples->marked(Mark::Lacks);
    m_tasks->run(
        [text, with = std::move(with), without = std::move(without), fixed]() {
            Result<edit::Direction> d = edit::attributeDirection(text, with, without);
            if (!d || fixed.empty()) return d;
            return edit::projectOut(*d, fixed);
        },
        [this](const Result<edit::Direction>& d) { onFitted(d, false); });
}

void AttributeDialog::refreshAutoLabels() {
    // Colour models only: the regressor reads colour faces (and says so for other pictures).
    const bool colour = m_document->hasModel() && m_document->info().channels == 3 &&
                        m_document->info().resolution >= 16;
    m_autoBox->setVisible(!m_regressorPath.empty() && colour);
}

void AttributeDialog::fitFromLabels() {
    if (m_fitting || !m_document->hasModel() || m_regressorPath.empty()) return;
    const QPoint which = m_autoTarget->currentData().toPoint();
    const train::FaceLabelTarget target{which.x(), which.y()};
    const std::string name =
        edit::uniqueDirectionName(m_document->directions(), target.label(), -1);
    train::FaceLabelOptions options;
    options.count = m_autoCount->value();
    options.truncation = m_document->truncation();
    options.classIndex = m_document->info().conditional() ? m_document->classIndex() : -1;
    const std::vector<edit::Direction> fixed = checkedFixed();
    m_fitting = true;
    updateState();
    const QString reading = tr("Reading %L1 samples with the face regressor…").arg(options.count);
    showStatus(reading, false);
    m_tasks->run(
        [this, generator = m_document->model().generator, regressor = m_regressorPath, options,
         target, name, fixed, reading](const JobContext& job) -> Result<edit::Direction> {
            int shown = -1;
            auto labelled = train::labelFaces(
                *generator, regressor, options,
                [&](float fraction) {
                    const int percent = static_cast<int>(fraction * 100.0f);
                    if (percent / 5 == shown / 5) return;
                    shown = percent;
                    job.post([this, reading, percent] {
                        showStatus(tr("%1 %2%").arg(reading).arg(percent), false);
                    });
                },
                job.stopFlag());
            if (!labelled) return Error{labelled.error()};
            Result<edit::Direction> d = train::fitFaceDirection(*labelled, target, name);
            if (!d) return d;
            // Keep fixed what lives in the same space (a W fit cannot be made perpendicular to
            // a Z direction).
            std::vector<edit::Direction> same;
            for (const edit::Direction& f : fixed) {
                if (f.space == d->space && f.vector.size() == d->vector.size()) same.push_back(f);
            }
            if (same.empty()) return d;
            return edit::projectOut(*d, same);
        },
        [this](const Result<edit::Direction>& d) { onFitted(d, true); });
}

void AttributeDialog::onFitted(const Result<edit::Direction>& direction, bool automatic) {
    m_fitting = false;
    updateState();
    if (!direction) {
        QString why = QString::fromStdString(direction.error());
        if (!why.isEmpty()) why[0] = why[0].toUpper();
        showStatus(tr("Could not fit: %1.").arg(why), true);
        return;
    }
    const QString name = QString::fromStdString(direction->name);
    if (const Status fits = m_document->addDirection(*direction); !fits) {
        showStatus(tr("The direction does not fit the model open now: %1.")
                       .arg(QString::fromStdString(fits.error())),
                   true);
        return;
    }
    if (automatic) {
        showStatus(tr("Added \"%1\", fitted in %2 to %L3 samples read by the face regressor.")
                       .arg(name,
                            QString::fromLatin1(edit::spaceName(direction->space)).toUpper())
                       .arg(m_autoCount->value()),
                   false);
    } else {
        showStatus(
            tr("Added \"%1\" to the directions: its slider moves toward the samples marked +.")
                .arg(name),
            false);
    }
    Q_EMIT directionAdded(name);
    m_name->setText(suggestedName());
}

}  // namespace latent::ui
