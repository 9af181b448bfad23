#include "ui/export/exportcontroller.h"

#include <QFileInfo>
#include <QMessageBox>

namespace latent::ui {

ExportController::ExportController(QObject* parent)
    : QObject(parent),
      m_ask(messageBoxQuestion(nullptr)),
      m_jobs(QStringLiteral("export"), nullptr, "export failed: ") {}

ExportController::Question ExportController::messageBoxQuestion(QWidget* parent) {
    return [parent](const QString& title, const QString& text) {
        return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
}

bool ExportController::start(const QString& output, Job job) {
    if (m_jobs.busy()) return false;
    bool force = false;
    // A stat, not a read: cheap enough for the UI thread, and asking must happen here anyway.
    if (QFileInfo::exists(output)) {
        const QString name = QFileInfo(output).fileName().isEmpty()
                                 ? output
                                 : QFileInfo(output).fileName();
        if (!m_ask(tr("Replace Existing Output?"),
                   tr("%1 already exists. Do you want to replace it?").arg(name))) {
            Q_EMIT declined(output);
            return false;
        }
        force = true;
    }
    m_job = m_jobs.run(
        [this, job = std::move(job), force](const JobContext& context) {
            export_::ExportControl control;
            control.cancel = context.stopFlag();
            control.progress = [this, &context](int done, int total) {
                context.post([this, done, total] { Q_EMIT progress(done, total); });
            };
            return Result<export_::ExportResult>(job(force, control));
        },
        [this](const Result<export_::ExportResult>& outcome) {
            if (outcome) {
                m_last = *outcome;
            } else {  // the job threw: the export failed with its one-line reason
                m_last = export_::ExportResult{};
                m_last.status = export_::ExportStatus::Failed;
                m_last.message = outcome.error();
            }
            Q_EMIT finished(m_last);
        });
    Q_EMIT started();
    return true;
}

void ExportController::cancel() {
    m_jobs.stop(m_job);
}

}  // namespace latent::ui
