#include "ui/projection/projectioncontroller.h"

#include <QMetaObject>
#include <QThread>

#include <utility>

#include "ui/renderchannel.h"

namespace latent::ui {

ProjectionController::ProjectionController(QObject* parent) : QObject(parent) {}

ProjectionController::~ProjectionController() {
    if (m_cancel) *m_cancel = true;
    for (QThread* thread : findChildren<QThread*>(QString(), Qt::FindDirectChildrenOnly))
        thread->wait();
}

void ProjectionController::start(const model::LoadedModel& model, const image::ImageRGB8& target,
                                 const edit::ProjectionOptions& options) {
    if (m_cancel) *m_cancel = true;  // a run still going is superseded
    if (!model.generator) {
        Q_EMIT failed(tr("Open a model first."));
        return;
    }
    const std::uint64_t run = ++m_run;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = flag;
    m_running = true;
    m_result.reset();
    QThread* thread =
        QThread::create([this, run, flag, generator = model.generator, target, options,
                         resolution = model.info.resolution, channels = model.info.channels] {
            // Queued to the UI thread; `this` outlives the thread (the destructor waits for it).
            auto post = [this](auto fn) {
                QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
            };
            // Nothing may escape a thread: whatever throws ends this run with its one-line error.
            try {
                // The target as the model sees it, shown before the first step (resizing a large
                // photo is work for this thread, not the UI's).
                const QImage fitted = toQImage(edit::fitToModel(target, resolution, channels));
                post([this, run, fitted] {
                    if (run == m_run) Q_EMIT started(fitted);
                });
                auto onProgress = [&](const edit::ProjectionProgress& p) {
                    QImage preview = p.preview ? toQImage(*p.preview) : QImage();
                    post([this, run, step = p.step, steps = p.steps, loss = p.loss, preview] {
                        if (run != m_run) return;
                        Q_EMIT progressed(step, steps, loss);
                        if (!preview.isNull()) Q_EMIT previewReady(preview);
                    });
                };
                Result<edit::Projection> result =
                    edit::project(*generator, target, options, onProgress, flag.get());
                const bool wasCancelled = flag->load();
                post([this, run, result = std::move(result), wasCancelled] {
                    finish(run, result, wasCancelled);
                });
            } catch (const std::exception& e) {
                const std::string what = e.what();
                const Result<edit::Projection> failure =
                    Error{"projection failed: " + what.substr(0, what.find('\n'))};
                post([this, run, failure] { finish(run, failure, false); });
            } catch (...) {
                const Result<edit::Projection> failure = Error{"projection failed"};
                post([this, run, failure] { finish(run, failure, false); });
            }
        });
    thread->setParent(this);
    thread->setObjectName(QStringLiteral("projection"));
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start(QThread::LowPriority);
}

void ProjectionController::cancel() {
    if (m_cancel) *m_cancel = true;
}

void ProjectionController::finish(std::uint64_t run, const Result<edit::Projection>& result,
                                  bool wasCancelled) {
    if (run != m_run) return;
    m_running = false;
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
