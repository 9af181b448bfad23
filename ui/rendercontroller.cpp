#include "ui/rendercontroller.h"

#include <algorithm>

#include "ui/document.h"
#include "ui/renderchannel.h"

namespace latent::ui {

namespace {
constexpr qint64 kFpsWindowMs = 2000;
}

RenderController::RenderController(Document* document, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_frameChannel(new RenderChannel(this)),
      m_thumbnailChannel(new RenderChannel(this)) {
    m_clock.start();
    connect(m_document, &Document::frameChanged, this, &RenderController::requestFrame);
    connect(m_document, &Document::thumbnailsChanged, this,
            &RenderController::requestThumbnails);
    connect(m_frameChannel, &RenderChannel::finished, this,
            [this](const QVector<QImage>& images, double ms, const QString& error,
                   const QVariant&) { onFrame(images, ms, error); });
    connect(m_thumbnailChannel, &RenderChannel::finished, this,
            [this](const QVector<QImage>& images, double, const QString& error,
                   const QVariant& tag) { onThumbnails(images, error, tag); });
}

RenderController::~RenderController() = default;

std::vector<std::uint64_t> RenderController::neighbourSeeds(std::uint64_t seed) {
    std::vector<std::uint64_t> seeds;
    for (int i = 1; i <= kThumbnailCount; ++i) seeds.push_back(seed + static_cast<unsigned>(i));
    return seeds;
}

bool RenderController::idle() const {
    return m_frameChannel->idle() && m_thumbnailChannel->idle();
}

double RenderController::framesPerSecond() const {
    const qint64 now = m_clock.elapsed();
    int recent = 0;
    qint64 oldest = now;
    for (qint64 t : m_frameTimes) {
        if (now - t > kFpsWindowMs) continue;
        ++recent;
        oldest = std::min(oldest, t);
    }
    if (recent < 2) return 0.0;
    const qint64 span = std::max<qint64>(now - oldest, 1);
    return 1000.0 * (recent - 1) / static_cast<double>(span);
}

void RenderController::requestFrame() {
    if (!m_document->hasModel()) return;
    m_frameChannel->request(m_document->renderRequest());
}

void RenderController::requestThumbnails() {
    if (!m_document->hasModel()) return;
    const std::vector<std::uint64_t> seeds = neighbourSeeds(m_document->seed());
    QVariantList tag;
    for (std::uint64_t s : seeds) tag.push_back(QVariant::fromValue<quint64>(s));
    m_thumbnailChannel->request(m_document->thumbnailRequest(seeds), tag);
}

void RenderController::onFrame(const QVector<QImage>& images, double milliseconds,
                               const QString& error) {
    if (!error.isEmpty() || images.isEmpty()) {
        Q_EMIT renderFailed(error.isEmpty() ? tr("The generator returned no image.") : error);
        return;
    }
    m_lastFrame = images.front();
    ++m_frameCount;
    m_lastMilliseconds = milliseconds;
    m_frameTimes.push_back(m_clock.elapsed());
    while (m_frameTimes.size() > 120) m_frameTimes.pop_front();
    Q_EMIT frameReady(m_lastFrame);
    Q_EMIT statsChanged(m_lastMilliseconds, framesPerSecond());
}

void RenderController::onThumbnails(const QVector<QImage>& images, const QString& error,
                                    const QVariant& tag) {
    if (!error.isEmpty()) {
        Q_EMIT renderFailed(error);
        return;
    }
    // The tag names the seeds this batch was drawn for; a newer batch may already be rendering.
    m_thumbnailSeeds.clear();
    for (const QVariant& v : tag.toList()) m_thumbnailSeeds.push_back(v.value<quint64>());
    m_thumbnails = images;
    ++m_thumbnailBatchCount;
    Q_EMIT thumbnailsReady(m_thumbnails);
}

}  // namespace latent::ui
