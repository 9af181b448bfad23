#include "ui/export/datasetexportdialog.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

#include "core/export/dataset.h"
#include "ui/document.h"
#include "ui/explorer/generationpanel.h"

namespace latent::ui {

DatasetExportDialog::DatasetExportDialog(Document* document, QWidget* parent)
    : ExportDialog(document, tr("Export Synthetic Dataset"), PathEdit::Mode::Folder, parent),
      m_perClass(new QSpinBox),
      m_firstSeed(new QSpinBox),
      m_truncation(new QDoubleSpinBox),
      m_scale(new QComboBox),
      m_summary(new QLabel) {
    setObjectName(QStringLiteral("DatasetExportDialog"));
    m_perClass->setRange(1, 100000);
    m_perClass->setValue(100);
    m_firstSeed->setRange(0, GenerationPanel::kMaxSeed);
    m_firstSeed->setToolTip(tr("Image k is drawn from seed first + k"));
    m_truncation->setRange(0.0, 2.0);
    m_truncation->setSingleStep(0.1);
    m_truncation->setDecimals(2);
    for (int factor : {1, 2, 4, 8}) m_scale->addItem(tr("×%1").arg(factor), factor);
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    form()->addRow(tr("&Images per class:"), m_perClass);
    form()->addRow(tr("&First seed:"), m_firstSeed);
    form()->addRow(tr("&Truncation ψ:"), m_truncation);
    form()->addRow(tr("&Scale:"), m_scale);
    form()->addRow(QString(), m_summary);
    pathEdit()->setPath(inLastFolder(QStringLiteral("synthetic-dataset")));
    connect(m_perClass, &QSpinBox::valueChanged, this, &DatasetExportDialog::updateSummary);
    onModelChanged();
}

void DatasetExportDialog::onModelChanged() {
    m_truncation->setValue(static_cast<double>(m_document->truncation()));
    updateSummary();
}

void DatasetExportDialog::updateSummary() {
    const model::ModelInfo& info = m_document->info();
    const int classes = info.conditional() ? info.numClasses() : 1;
    m_summary->setText(info.conditional()
                           ? tr("%1 classes × %2 = %3 PNGs with recipes, plus labels.csv")
                                 .arg(classes)
                                 .arg(m_perClass->value())
                                 .arg(classes * m_perClass->value())
                           : tr("%1 PNGs with recipes, plus labels.csv (unconditional model)")
                                 .arg(m_perClass->value()));
}

ExportController::Job DatasetExportDialog::makeJob(const QString& path, QString* error) {
    Q_UNUSED(error);
    export_::DatasetSpec spec;
    spec.generator = m_document->model().generator;
    spec.info = m_document->info();
    spec.perClass = m_perClass->value();
    spec.firstSeed = static_cast<std::uint64_t>(m_firstSeed->value());
    spec.truncation = static_cast<float>(m_truncation->value());
    spec.upscale = m_scale->currentData().toInt();
    spec.folder = path.toStdString();
    return [spec](bool force, const export_::ExportControl& control) mutable {
        spec.force = force;
        return export_::exportDataset(spec, control);
    };
}

}  // namespace latent::ui
