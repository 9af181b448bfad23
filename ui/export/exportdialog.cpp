#include "ui/export/exportdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QSettings>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/document.h"

namespace latent::ui {

ExportDialog::ExportDialog(Document* document, const QString& title, PathEdit::Mode mode,
                           QWidget* parent)
    : QDialog(parent),
      m_document(document),
      m_controller(new ExportController(this)),
      m_form(new QFormLayout),
      m_path(new PathEdit(mode)),
      m_progress(new QProgressBar),
      m_status(new QLabel),
      m_export(new QPushButton(tr("&Export"))),
      m_cancel(new QPushButton(tr("Cancel"))),
      m_close(new QPushButton(tr("Close"))) {
    setWindowTitle(title);
    setMinimumWidth(560);
    m_controller->setQuestion(ExportController::messageBoxQuestion(this));
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);

    auto* output = new QFormLayout;
    output->addRow(mode == PathEdit::Mode::Folder ? tr("&Folder:") : tr("&File:"), m_path);
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Ready"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_status->setOpenExternalLinks(true);
    m_status->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_export->setDefault(true);

    auto* buttons = new QDialogButtonBox;
    buttons->addButton(m_export, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::ActionRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    auto* line = new QFrame;
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    layout->addLayout(output);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addStretch();
    layout->addWidget(buttons);

    // Our own handlers: QDialogButtonBox's accept would close the dialog mid-export.
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, m_controller, &ExportController::cancel);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_path, &PathEdit::pathChanged, this, &ExportDialog::updateButtons);
    connect(m_controller, &ExportController::started, this, &ExportDialog::onStarted);
    connect(m_controller, &ExportController::progress, this, &ExportDialog::onProgress);
    connect(m_controller, &ExportController::finished, this, &ExportDialog::onFinished);
    connect(m_controller, &ExportController::declined, this, [this](const QString& path) {
        setStatus(tr("Not exported: %1 was kept.").arg(QDir::toNativeSeparators(path)));
    });
    connect(m_document, &Document::modelChanged, this, [this] { onModelChanged(); });
    updateButtons();
}

namespace {
const char* const kLastFolderKey = "export/lastFolder";
}

int defaultExportScale(int resolution) {
    int k = 1;
    while (k < 8 && resolution * k < 256) k *= 2;
    return k;
}

QString ExportDialog::inLastFolder(const QString& name) {
    return QDir(QSettings().value(kLastFolderKey, QDir::homePath()).toString()).filePath(name);
}

void ExportDialog::setStatus(const QString& html, bool error) {
    m_status->setText(error ? QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(html)
                            : html);
}

bool ExportDialog::startExport() {
    if (m_controller->running()) return false;
    if (!m_document->hasModel()) {
        setStatus(tr("Open a model first."), true);
        return false;
    }
    const QString path = outputPath();
    if (path.isEmpty()) {
        setStatus(tr("Choose where to save."), true);
        return false;
    }
    QString error;
    ExportController::Job job = makeJob(path, &error);
    if (!job) {
        setStatus(error.toHtmlEscaped(), true);
        return false;
    }
    return m_controller->start(path, std::move(job));
}

void ExportDialog::onStarted() {
    m_progress->setRange(0, 0);  // busy until the first frame says how many there are
    setStatus(tr("Exporting…"));
    updateButtons();
}

void ExportDialog::onProgress(int done, int total) {
    if (total <= 0) return;
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(tr("%v of %m"));
}

void ExportDialog::onFinished(const export_::ExportResult& result) {
    m_progress->setRange(0, 1);
    m_progress->setValue(result.ok() ? 1 : 0);
    m_progress->setFormat(result.ok() ? tr("Done") : QStringLiteral("%p%"));
    using export_::ExportStatus;
    const QString path = QString::fromStdString(result.path);
    switch (result.status) {
    case ExportStatus::Done: {
        QString text = tr("Saved %1 in %2 s to ")
                           .arg(describeItems(result.items))
                           .arg(result.seconds, 0, 'f', 1);
        const QFileInfo info(path);
        const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
        // The next export of any kind starts where this one went (beside a folder export).
        QSettings().setValue(kLastFolderKey, info.absolutePath());
        text += QStringLiteral("<a href=\"%1\">%2</a>")
                    .arg(QUrl::fromLocalFile(folder).toString(),
                         QDir::toNativeSeparators(path).toHtmlEscaped());
        for (const std::string& note : result.notes) {
            text += QStringLiteral("<br>") + QString::fromStdString(note).toHtmlEscaped();
        }
        setStatus(text);
        break;
    }
    case ExportStatus::Cancelled:
        setStatus(tr("Cancelled; nothing was written."));
        break;
    case ExportStatus::Exists:
    case ExportStatus::Failed:
        setStatus(QString::fromStdString(result.message).toHtmlEscaped(), true);
        break;
    }
    updateButtons();
}

void ExportDialog::updateButtons() {
    const bool running = m_controller->running();
    m_export->setEnabled(!running && !m_path->path().isEmpty());
    m_cancel->setEnabled(running);
    m_path->setEnabled(!running);
}

}  // namespace latent::ui
