#include "ui/export/gridexportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include "core/export/grid.h"
#include "ui/document.h"
#include "ui/explorer/generationpanel.h"

namespace latent::ui {

namespace {
using export_::GridMode;

constexpr int kSweepRow = 2;  // the ψ sweep's row in the form, shown for sweeps only

QDoubleSpinBox* psiBox(double value) {
    auto* box = new QDoubleSpinBox;
    box->setRange(-2.0, 2.0);
    box->setSingleStep(0.1);
    box->setDecimals(2);
    box->setValue(value);
    return box;
}
}  // namespace

GridExportDialog::GridExportDialog(Document* document, QWidget* parent)
    : ExportDialog(document, tr("Export Grid"), PathEdit::Mode::SaveFile, parent),
      m_mode(new QComboBox),
      m_firstSeed(new QSpinBox),
      m_lastSeed(new QSpinBox),
      m_psiFrom(psiBox(0.0)),
      m_psiTo(psiBox(1.0)),
      m_psiSteps(new QSpinBox),
      m_class(new QComboBox),
      m_truncation(psiBox(1.0)),
      m_cols(new QSpinBox),
      m_labels(new QCheckBox(tr("Caption each cell (seed, ψ, class)"))),
      m_scale(new QComboBox) {
    setObjectName(QStringLiteral("GridExportDialog"));
    m_mode->addItem(tr("Seed range"), static_cast<int>(GridMode::Seeds));
    m_mode->addItem(tr("Truncation sweep (rows: seeds, columns: ψ)"),
                    static_cast<int>(GridMode::TruncationSweep));
    m_mode->addItem(tr("Classes × seeds"), static_cast<int>(GridMode::ClassesBySeeds));
    for (QSpinBox* seed : {m_firstSeed, m_lastSeed}) seed->setRange(0, GenerationPanel::kMaxSeed);
    m_lastSeed->setValue(15);
    m_psiSteps->setRange(2, 32);
    m_psiSteps->setValue(5);
    m_cols->setRange(0, 64);
    m_cols->setSpecialValueText(tr("Automatic"));
    for (int factor : {1, 2, 4, 8}) m_scale->addItem(tr("×%1").arg(factor), factor);
    m_scale->setCurrentIndex(1);

    auto* seeds = new QHBoxLayout;
    seeds->addWidget(m_firstSeed);
    seeds->addWidget(new QLabel(tr("to")));
    seeds->addWidget(m_lastSeed);
    seeds->addStretch();
    auto* sweep = new QHBoxLayout;
    sweep->addWidget(m_psiFrom);
    sweep->addWidget(new QLabel(tr("to")));
    sweep->addWidget(m_psiTo);
    sweep->addWidget(new QLabel(tr("in")));
    sweep->addWidget(m_psiSteps);
    sweep->addWidget(new QLabel(tr("steps")));
    sweep->addStretch();

    form()->addRow(tr("&Layout:"), m_mode);
    form()->addRow(tr("Seeds:"), seeds);
    form()->addRow(tr("ψ sweep:"), sweep);
    form()->addRow(tr("C&lass:"), m_class);
    form()->addRow(tr("&Truncation ψ:"), m_truncation);
    form()->addRow(tr("&Columns:"), m_cols);
    form()->addRow(tr("S&cale:"), m_scale);
    form()->addRow(QString(), m_labels);

    pathEdit()->setFilter(tr("PNG images (*.png)"));
    pathEdit()->setPath(inLastFolder(QStringLiteral("grid.png")));
    connect(m_mode, &QComboBox::currentIndexChanged, this, &GridExportDialog::updateRows);
    onModelChanged();
}

void GridExportDialog::onModelChanged() {
    m_class->clear();
    for (const std::string& name : m_document->info().classNames) {
        m_class->addItem(QString::fromStdString(name));
    }
    m_class->setCurrentIndex(m_document->info().conditional() ? m_document->classIndex() : -1);
    m_truncation->setValue(static_cast<double>(m_document->truncation()));
    updateRows();
}

void GridExportDialog::updateRows() {
    const auto mode = static_cast<GridMode>(m_mode->currentData().toInt());
    const bool conditional = m_document->info().conditional();
    form()->setRowVisible(kSweepRow, mode == GridMode::TruncationSweep);
    form()->setRowVisible(m_class, conditional && mode != GridMode::ClassesBySeeds);
    form()->setRowVisible(m_truncation, mode != GridMode::TruncationSweep);
    // Classes × seeds needs classes to lay out.
    if (!conditional && mode == GridMode::ClassesBySeeds) {
        setStatus(tr("%1 has no classes: choose another layout.")
                      .arg(QString::fromStdString(m_document->info().name).toHtmlEscaped()),
                  true);
    } else {
        setStatus({});
    }
}

ExportController::Job GridExportDialog::makeJob(const QString& path, QString* error) {
    export_::GridSpec spec;
    spec.generator = m_document->model().generator;
    spec.info = m_document->info();
    spec.mode = static_cast<GridMode>(m_mode->currentData().toInt());
    spec.firstSeed = static_cast<std::uint64_t>(m_firstSeed->value());
    spec.lastSeed = static_cast<std::uint64_t>(m_lastSeed->value());
    spec.psiFrom = static_cast<float>(m_psiFrom->value());
    spec.psiTo = static_cast<float>(m_psiTo->value());
    spec.psiSteps = m_psiSteps->value();
    spec.classIndex = spec.info.conditional() ? std::max(m_class->currentIndex(), 0) : -1;
    spec.truncation = static_cast<float>(m_truncation->value());
    spec.cols = m_cols->value();
    spec.labels = m_labels->isChecked();
    spec.upscale = m_scale->currentData().toInt();
    if (spec.lastSeed < spec.firstSeed) {
        *error = tr("The last seed comes before the first.");
        return {};
    }
    if (spec.mode == GridMode::ClassesBySeeds && !spec.info.conditional()) {
        *error = tr("This model has no classes: choose another layout.");
        return {};
    }
    const std::string file = path.toStdString();
    return [spec, file](bool force, const export_::ExportControl& control) {
        return export_::exportGrid(spec, file, force, control);
    };
}

}  // namespace latent::ui
