#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>

#include "core/export/exportjob.h"

class QThread;

namespace latent::ui {

// Runs one long export (video, grid, dataset) on a worker thread and reports back in the UI
// thread: progress, then finished with the core's ExportResult. Cancel sets the ExportControl flag
// the core polls every frame; the core then removes its temporary output, so nothing is left.
// An existing output is only replaced after the injectable question says yes (a modal QMessageBox
// by default; tests answer it themselves so nothing blocks).
class ExportController : public QObject {
    Q_OBJECT

public:
    // Builds and runs the export on the worker thread; `force` replaces an existing output.
    using Job = std::function<export_::ExportResult(bool force, const export_::ExportControl&)>;
    // Asks the user a yes/no question; true means yes.
    using Question = std::function<bool(const QString& title, const QString& text)>;

    explicit ExportController(QObject* parent = nullptr);
    // Cancels a running export and waits for it: the worker must not outlive us.
    ~ExportController() override;

    void setQuestion(Question question) { m_ask = std::move(question); }
    // The default question: a modal QMessageBox over `parent`.
    static Question messageBoxQuestion(QWidget* parent);

    // Starts `job` for `output` (a file or folder). Returns false, and starts nothing, while
    // another export runs or when `output` exists and the question says no (declined()).
    bool start(const QString& output, Job job);
    void cancel();
    bool running() const { return m_thread != nullptr; }
    const export_::ExportResult& lastResult() const { return m_last; }

Q_SIGNALS:
    void started();
    void progress(int done, int total);
    void declined(const QString& output);
    void finished(const export_::ExportResult& result);

private:
    void onDone(const export_::ExportResult& result);

    Question m_ask;
    std::atomic<bool> m_cancel{false};
    QThread* m_thread = nullptr;
    export_::ExportResult m_last;
};

}  // namespace latent::ui
