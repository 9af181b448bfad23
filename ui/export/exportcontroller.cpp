#include "ui/export/exportcontroller.h"

#include <QFileInfo>
#include <QMessageBox>
#include <QThread>

namespace latent::ui {

ExportController::ExportController(QObject* parent)
    : QObject(parent), m_ask(messageBoxQuestion(nullptr)) {}

ExportController::~ExportController() {
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
    }
}

ExportController::Question ExportController::messageBoxQuestion(QWidget* parent) {
    return [parent](const QString& title, const QString& text) {
        return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
}

bool ExportController::start(const QString& output, Job job) {
    if (m_thread) return false;
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
    m_cancel = false;
    m_thread = QThread::create([this, job = std::move(job), force] {
        export_::ExportControl control;
        control.cancel = &m_cancel;
        control.progress = [this](int done, int total) {
            QMetaObject::invokeMethod(
                this, [this, done, total] { Q_EMIT progress(done, total); },
                Qt::QueuedConnection);
        };
        // Nothing may escape a thread: an exception fails the export with its one-line reason.
        export_::ExportResult result;
        try {
            result = job(force, control);
        } catch (const std::exception& e) {
            const std::string what = e.what();
            result.status = export_::ExportStatus::Failed;
            result.message = "export failed: " + what.substr(0, what.find('\n'));
        } catch (...) {
            result.status = export_::ExportStatus::Failed;
            result.message = "export failed";
        }
        QMetaObject::invokeMethod(
            this, [this, result] { onDone(result); }, Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("export"));
    Q_EMIT started();
    m_thread->start();
    return true;
}

void ExportController::cancel() {
    m_cancel = true;
}

void ExportController::onDone(const export_::ExportResult& result) {
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_last = result;
    Q_EMIT finished(result);
}

}  // namespace latent::ui
