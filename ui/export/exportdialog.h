#pragma once

#include <QDialog>
#include <QString>

#include "core/export/exportjob.h"
#include "ui/export/exportcontroller.h"
#include "ui/export/pathedit.h"

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QProgressBar;
class QPushButton;

namespace latent::ui {

class Document;

// The scale an export offers until the user picks one: 1, 2, 4 or 8, the smallest that makes at
// least 256 px (a 32-px frame saved at 32 px is a thumbnail nobody can look at).
int defaultExportScale(int resolution);

// What every export dialog shares: its own form on top, then the output, a progress bar, a line
// saying what happened, and Export / Cancel / Close. Subclasses fill the form and turn it into a
// job; the ExportController runs the job on a worker thread. Modeless: the user may go on
// exploring (the job took a copy of everything it needs when it started).
class ExportDialog : public QDialog {
    Q_OBJECT

public:
    ExportController* controller() const { return m_controller; }
    PathEdit* pathEdit() const { return m_path; }
    QPushButton* exportButton() const { return m_export; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    void setQuestion(ExportController::Question question) {
        m_controller->setQuestion(std::move(question));
    }

public Q_SLOTS:
    // Builds the job from the form and starts it. Returns false (saying why in the status line)
    // when the form is incomplete, or the user declined to replace an existing output.
    bool startExport();

protected:
    ExportDialog(Document* document, const QString& title, PathEdit::Mode mode,
                 QWidget* parent = nullptr);

    QFormLayout* form() const { return m_form; }
    // `name` in the folder the last export of any kind went to (home at first).
    static QString inLastFolder(const QString& name);
    // The job for `path`, or an empty job with `*error` set when the form cannot make one.
    virtual ExportController::Job makeJob(const QString& path, QString* error) = 0;
    // The output path as the core wants it (e.g. with the format's suffix); default: as typed.
    virtual QString outputPath() const { return m_path->path(); }
    // "73 frames", "16 images": what a finished export wrote.
    virtual QString describeItems(int count) const { return count == 1 ? tr("1 file") : tr("%1 files").arg(count); }
    // Called when the model changes, so the form can offer its classes or latent size.
    virtual void onModelChanged() {}
    void setStatus(const QString& html, bool error = false);

    Document* m_document;

private:
    void onStarted();
    void onProgress(int done, int total);
    void onFinished(const export_::ExportResult& result);
    void updateButtons();

    ExportController* m_controller;
    QFormLayout* m_form;
    PathEdit* m_path;
    QProgressBar* m_progress;
    QLabel* m_status;
    QPushButton* m_export;
    QPushButton* m_cancel;
    QPushButton* m_close;
};

}  // namespace latent::ui
