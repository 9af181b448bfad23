#pragma once

#include <QObject>
#include <QString>

#include <functional>

#include "core/export/exportjob.h"
#include "ui/backgroundjobs.h"

namespace latent::ui {

// Runs one long export (video, grid, dataset) as a background job and reports back in the UI
// thread: progress, then finished with the core's ExportResult. Cancel sets the ExportControl flag
// the core polls every frame; the core then removes its temporary output, so nothing is left, and
// finished (Cancelled) follows.
// An existing output is only replaced after the injectable question says yes (a modal QMessageBox
// by default; tests answer it themselves so nothing blocks).
class ExportController : public QObject {
    Q_OBJECT

public:
    // Builds and runs the export on the worker thread; `force` replaces an existing output.
    using Job = std::function<export_::ExportResult(bool force, const export_::ExportControl&)>;
    // Asks the user a yes/no question; true means yes.
    using Question = std::function<bool(const QString& title, const QString& text)>;

    // A running export is cancelled and waited for when the controller goes (its jobs' destructor).
    explicit ExportController(QObject* parent = nullptr);

    void setQuestion(Question question) { m_ask = std::move(question); }
    // The default question: a modal QMessageBox over `parent`.
    static Question messageBoxQuestion(QWidget* parent);

    // Starts `job` for `output` (a file or folder). Returns false, and starts nothing, while
    // another export runs or when `output` exists and the question says no (declined()).
    bool start(const QString& output, Job job);
    void cancel();
    bool running() const { return m_jobs.busy(); }
    const export_::ExportResult& lastResult() const { return m_last; }

Q_SIGNALS:
    void started();
    void progress(int done, int total);
    void declined(const QString& output);
    void finished(const export_::ExportResult& result);

private:
    Question m_ask;
    export_::ExportResult m_last;
    JobId m_job = 0;
    BackgroundJobs m_jobs;  // last: destroyed (cancelled and waited for) first
};

}  // namespace latent::ui
