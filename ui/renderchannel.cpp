#include "ui/renderchannel.h"

namespace latent::ui {

QImage toQImage(const image::ImageRGB8& image) {
    if (image.empty()) return {};
    QImage wrapped(image.pixels.data(), image.width, image.height, image.width * 3,
                   QImage::Format_RGB888);
    return wrapped.copy();  // detach from the vector, which dies with the result
}

RenderChannel::RenderChannel(QObject* parent) : QObject(parent) {
    m_renderer = std::make_unique<render::Renderer>([this](render::RenderResult result) {
        // Worker thread: convert here so the UI thread only swaps pixmaps.
        QVector<QImage> images;
        images.reserve(static_cast<int>(result.images.size()));
        for (const auto& img : result.images) images.push_back(toQImage(img));
        const QString error = QString::fromStdString(result.error);
        const double ms = result.milliseconds;
        QMetaObject::invokeMethod(
            this, [this, images, ms, error] { onResult(images, ms, error); },
            Qt::QueuedConnection);
    });
}

RenderChannel::~RenderChannel() {
    m_renderer.reset();
}

void RenderChannel::request(render::RenderRequest request, const QVariant& tag) {
    if (m_inFlight) {
        m_next = std::move(request);
        m_nextTag = tag;
        return;
    }
    m_inFlight = true;
    m_inFlightTag = tag;
    m_renderer->submit(std::move(request));
}

void RenderChannel::onResult(const QVector<QImage>& images, double milliseconds,
                             const QString& error) {
    m_inFlight = false;
    const QVariant tag = m_inFlightTag;
    if (m_next) {
        render::RenderRequest next = std::move(*m_next);
        m_next.reset();
        request(std::move(next), m_nextTag);
    }
    Q_EMIT finished(images, milliseconds, error, tag);
}

}  // namespace latent::ui
