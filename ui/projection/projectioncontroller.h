#pragma once

#include <QImage>
#include <QObject>
#include <QString>

#include <optional>

#include "core/edit/projection.h"
#include "core/model/loader.h"
#include "ui/backgroundjobs.h"

namespace latent::ui {

// Runs core's edit::project() as a background job (never on the UI thread) and brings progress,
// live previews and the result back with queued signals. One projection at a time: start() while
// one runs discards it (its late signals are dropped). cancel() sets the flag core checks every
// step, and cancelled() follows. The jobs' destructor stops and waits for the worker (a step takes
// milliseconds).
class ProjectionController : public QObject {
    Q_OBJECT

public:
    explicit ProjectionController(QObject* parent = nullptr);

    bool running() const { return m_jobs.busy(); }
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
    void finish(const Result<edit::Projection>& result, bool wasCancelled);

    std::optional<edit::Projection> m_result;
    JobId m_job = 0;
    BackgroundJobs m_jobs;  // last: destroyed (stopped and waited for) first
};

}  // namespace latent::ui
