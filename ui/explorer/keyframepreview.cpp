#include "ui/explorer/keyframepreview.h"

#include <QTimer>

#include "ui/document.h"
#include "ui/renderchannel.h"

namespace latent::ui {

KeyframePreview::KeyframePreview(Document* document, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_thumbnailChannel(new RenderChannel(render::RenderPriority::Library, this)),
      m_playChannel(new RenderChannel(render::RenderPriority::Playback, this)),
      m_timer(new QTimer(this)) {
    m_timer->setInterval(kIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &KeyframePreview::tick);
    connect(m_document, &Document::keyframeListChanged, this, [this] {
        stop();  // the path being played is gone
        refreshThumbnails();
    });
    // Thumbnails follow class and truncation like the frame does, but not the seed: skip the
    // redraw when neither moved.
    connect(m_document, &Document::thumbnailsChanged, this, [this] {
        if (m_document->classIndex() == m_drawnClass &&
            m_document->truncation() == m_drawnTruncation) {
            return;
        }
        refreshThumbnails();
    });
    connect(m_thumbnailChannel, &RenderChannel::finished, this,
            [this](const QVector<QImage>& images, double, const QString& error,
                   const QVariant& tag) {
                if (!error.isEmpty() || tag.toInt() != m_thumbnailTicket) return;
                m_thumbnails = images;
                Q_EMIT thumbnailsReady(images);
            });
    connect(m_playChannel, &RenderChannel::finished, this,
            [this](const QVector<QImage>& images, double, const QString& error, const QVariant&) {
                if (!playing() || !error.isEmpty() || images.isEmpty()) return;
                ++m_framesShown;
                Q_EMIT frameReady(images.front());
            });
}

KeyframePreview::~KeyframePreview() = default;

bool KeyframePreview::playing() const {
    return m_timer->isActive();
}

bool KeyframePreview::idle() const {
    return m_thumbnailChannel->idle() && m_playChannel->idle();
}

void KeyframePreview::refreshThumbnails() {
    const auto& keyframes = m_document->keyframes();
    ++m_thumbnailTicket;
    if (keyframes.empty() || !m_document->hasModel()) {
        m_thumbnails.clear();
        Q_EMIT thumbnailsReady(m_thumbnails);
        return;
    }
    m_drawnClass = m_document->classIndex();
    m_drawnTruncation = m_document->truncation();
    render::RenderRequest request = m_document->renderRequest();
    request.latents.clear();
    request.classes.clear();
    for (const edit::Keyframe& k : keyframes) {
        request.latents.push_back(k.z);
        if (m_document->info().conditional()) request.classes.push_back(m_document->classIndex());
    }
    m_thumbnailChannel->request(std::move(request), m_thumbnailTicket);
}

void KeyframePreview::play() {
    const auto& keyframes = m_document->keyframes();
    if (keyframes.size() < 2 || playing()) return;
    std::vector<latent::Latent> zs;
    zs.reserve(keyframes.size());
    for (const edit::Keyframe& k : keyframes) zs.push_back(k.z);
    // A loop with eased stops at each keyframe: the preview is for seeing the keyframes and the
    // way between them, over and over.
    m_path = latent::KeyframePath(std::move(zs), latent::Interpolation::Spherical,
                                  latent::Easing::EaseInOut, /*loop=*/true)
                 .sample(kFramesPerSegment);
    m_next = 0;
    m_framesShown = 0;
    m_timer->start();
    Q_EMIT playingChanged(true);
    tick();
}

void KeyframePreview::stop() {
    if (!playing()) return;
    m_timer->stop();
    Q_EMIT playingChanged(false);
}

void KeyframePreview::setPlaying(bool on) {
    on ? play() : stop();
}

void KeyframePreview::tick() {
    if (m_path.empty() || !m_playChannel->idle()) return;
    render::RenderRequest request = m_document->renderRequest();
    request.latents = {m_path[m_next]};
    m_next = (m_next + 1) % m_path.size();
    m_playChannel->request(std::move(request));
}

}  // namespace latent::ui
