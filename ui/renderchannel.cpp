#include "ui/renderchannel.h"

#include <mutex>

namespace latent::ui {

namespace {

// The app's shared workers, created on first use and ended with the last channel that uses them.
std::shared_ptr<render::RenderWorker> sharedWorker(render::RenderPriority priority) {
    static std::mutex mutex;
    static std::weak_ptr<render::RenderWorker> interactive;
    static std::weak_ptr<render::RenderWorker> background;
    std::lock_guard<std::mutex> lock(mutex);
    std::weak_ptr<render::RenderWorker>& slot =
        priority >= render::RenderPriority::Playback ? interactive : background;
    std::shared_ptr<render::RenderWorker> worker = slot.lock();
    if (!worker) {
        worker = std::make_shared<render::RenderWorker>();
        slot = worker;
    }
    return worker;
}

}  // namespace

QImage toQImage(const image::ImageRGB8& image) {
    if (image.empty()) return {};
    QImage wrapped(image.pixels.data(), image.width, image.height, image.width * 3,
                   QImage::Format_RGB888);
    return wrapped.copy();  // detach from the vector, which dies with the result
}

RenderChannel::RenderChannel(render::RenderPriority priority, QObject* parent) : QObject(parent) {
    m_renderer = std::make_unique<render::Renderer>(
        sharedWorker(priority), priority, [this](const render::RenderResult& result) {
            // Worker thread: convert here so the UI thread only swaps pixmaps.
            QVector<QImage> images;
            images.reserve(static_cast<int>(result.images.size()));
            for (const auto& img : result.images) images.push_back(toQImage(img));
            const QString error = QString::fromStdString(result.error);
            const double ms = result.milliseconds;
            const std::uint64_t generation = result.generation;
            QMetaObject::invokeMethod(
                this, [this, generation, images, ms, error] { onResult(generation, images, ms, error); },
                Qt::QueuedConnection);
        });
}

RenderChannel::~RenderChannel() {
    m_renderer.reset();
}

void RenderChannel::request(render::RenderRequest request, const QVariant& tag,
                            render::WhenSuperseded superseded) {
    m_submitted = m_renderer->submit(std::move(request), superseded);
    m_tags[m_submitted] = tag;
}

void RenderChannel::onResult(std::uint64_t generation, const QVector<QImage>& images,
                             double milliseconds, const QString& error) {
    m_delivered = generation;
    QVariant tag;
    if (auto it = m_tags.find(generation); it != m_tags.end()) tag = it->second;
    // Results come in generation order: tags of requests replaced before this one are done with.
    m_tags.erase(m_tags.begin(), m_tags.upper_bound(generation));
    Q_EMIT finished(images, milliseconds, error, tag);
}

}  // namespace latent::ui
