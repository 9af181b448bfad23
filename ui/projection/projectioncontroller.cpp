#include "ui/projection/projectioncontroller.h"

#include <QThread>

#include <utility>

#include "ui/renderchannel.h"

namespace latent::ui {

namespace {
// What one projection job hands back (its first member lets the job report an exception).
struct ProjectionOutcome {
    Result<edit::Projection> projection = Error{""};
    bool cancelled = false;
};
}  // namespace

ProjectionController::ProjectionController(QObject* parent)
    : QObject(parent),
      m_jobs(QStringLiteral("projection"), nullptr, "projection failed: ") {
    // Projection is long and the user keeps exploring meanwhile: renders come first.
    m_jobs.setThreadPriority(QThread::LowPriority);
}

void ProjectionController::start(const model::LoadedModel& model, const image::ImageRGB8& target,
                                 const edit::ProjectionOptions& options) {
    m_jobs.discardAll();  // a run still going is superseded
    if (!model.generator) {
        Q_EMIT failed(tr("Open a model first."));
        return;
    }
    m_result.reset();
    m_job = m_jobs.run(
        [this, generator = model.generator, target, options, resolution = model.info.resolution,
         channels = model.info.channels](const JobContext& job) {
            // The target as the model sees it, shown before the first step (resizing a large
            // photo is work for this thread, not the UI's).
            const QImage fitted = toQImage(edit::fitToModel(target, resolution, channels));
            job.post([this, fitted] { Q_EMIT started(fitted); });
            auto onProgress = [this, &job](const edit::ProjectionProgress& p) {
                QImage preview = p.preview ? toQImage(*p.preview) : QImage();
                job.post([this, step = p.step, steps = p.steps, loss = p.loss, preview] {
                    Q_EMIT progressed(step, steps, loss);
                    if (!preview.isNull()) Q_EMIT previewReady(preview);
                });
            };
            ProjectionOutcome outcome;
            outcome.projection =
                edit::project(*generator, target, options, onProgress, job.stopFlag());
            outcome.cancelled = job.stopRequested();
            return outcome;
        },
        [this](const ProjectionOutcome& outcome) { finish(outcome.projection, outcome.cancelled); });
}

void ProjectionController::cancel() {
    m_jobs.stop(m_job);
}

void ProjectionController::finish(const Result<edit::Projection>& result, bool wasCancelled) {
    if (result) {
        m_result = result.value();
        Q_EMIT succeeded();
    } else if (wasCancelled) {
        Q_EMIT cancelled();
    } else {
        Q_EMIT failed(QString::fromStdString(result.error()));
    }
}

}  // namespace latent::ui
