#pragma once

#include <QImage>
#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/edit/projection.h"
#include "core/model/loader.h"

namespace latent::ui {

// Runs core's edit::project() on a worker thread (never the UI thread) and brings progress, live
// previews and the result back with queued signals. One projection at a time: start() while one
// runs cancels it and its late signals are dropped. cancel() sets the flag core checks every step.
// The destructor cancels and waits for the worker (a step takes milliseconds).
class ProjectionController : public QObject {
    Q_OBJECT

public:
    explicit ProjectionController(QObject* parent = nullptr);
    ~ProjectionController() override;

    bool running() const { return m_running; }
    // The last successful projection; empty until one finishes.
    const std::optional<edit::Projection>& result() const { return m_result; }

public Q_SLOTS:
    void start(const model::LoadedModel& model, const image::ImageRGB8& target,
               const edit::ProjectionOptions& options);
    void cancel();

Q_SIGNALS:
    void started(const QImage& target);  // the image as the model sees it (from the worker)
    void progressed(int step, int steps, double loss);
    void previewReady(const QImage& image);
    void succeeded();  // result() holds it
    void failed(const QString& message);
    void cancelled();

private:
    void finish(std::uint64_t run, const Result<edit::Projection>& result, bool wasCancelled);

    std::uint64_t m_run = 0;  // signals of older runs are dropped
    bool m_running = false;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::optional<edit::Projection> m_result;
};

}  // namespace latent::ui
