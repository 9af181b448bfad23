#include "ui/rendercontroller.h"

#include <QGuiApplication>
#include <QTimer>

#include <algorithm>

#include "core/render/renderer.h"
#include "ui/document.h"
#include "ui/renderchannel.h"

namespace latent::ui {

RenderController::RenderController(Document* document, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_frameChannel(new RenderChannel(render::RenderPriority::MainView, this)),
      m_thumbnailChannel(new RenderChannel(render::RenderPriority::Thumbnails, this)),
      m_dragging([] { return QGuiApplication::mouseButtons() != Qt::NoButton; }),
      m_previewBudgetMs(render::kPreviewBudgetMs),
      m_settle(new QTimer(this)),
      m_thumbnailRest(new QTimer(this)) {
    m_clock.start();
    m_settle->setSingleShot(true);
    m_settle->setInterval(kSettleMs);
    connect(m_settle, &QTimer::timeout, this, [this] {
        requestFullFrame();
        if (m_thumbnailsWaiting) sendThumbnails();  // the drag paused: no more waiting
    });
    connect(m_document, &Document::modelChanged, this, [this] {
        m_fullFrameMs = 0.0;  // measure the new model's full frame before previewing it
        m_previewShown = false;
        m_thumbnailsWaiting = false;
        m_settle->stop();
        m_thumbnailRest->stop();
    });
    connect(m_document, &Document::frameChanged, this, &RenderController::requestFrame);
    // Thumbnails follow seed, class and truncation at once; a dragged direction or mix moves the
    // main frame live and the strip follows when the drag rests, so its renders never compete
    // with the frame the user is watching.
    m_thumbnailRest->setSingleShot(true);
    m_thumbnailRest->setInterval(kThumbnailRestMs);
    connect(m_thumbnailRest, &QTimer::timeout, this, &RenderController::requestThumbnails);
    connect(m_document, &Document::thumbnailsChanged, this, [this] {
        m_thumbnailRest->stop();
        requestThumbnails();
    });
    for (auto editsMoved : {&Document::amountsChanged, &Document::directionsChanged,
                            &Document::styleMixChanged}) {
        connect(m_document, editsMoved, m_thumbnailRest, qOverload<>(&QTimer::start));
    }
    connect(m_frameChannel, &RenderChannel::finished, this,
            [this](const QVector<QImage>& images, double ms, const QString& error,
                   const QVariant& tag) { onFrame(images, ms, error, tag.toInt()); });
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
    return m_frameChannel->idle() && m_thumbnailChannel->idle() && !m_previewShown &&
           !m_thumbnailsWaiting && !m_thumbnailRest->isActive();
}

double RenderController::framesPerSecond() const {
    const qint64 now = m_clock.elapsed();
    int recent = 0;
    qint64 oldest = now;
    for (qint64 t : m_frameTimes) {
        if (now - t > m_fpsWindowMs) continue;
        ++recent;
        oldest = std::min(oldest, t);
    }
    if (recent < 2) return 0.0;
    const qint64 span = std::max<qint64>(now - oldest, 1);
    return 1000.0 * (recent - 1) / static_cast<double>(span);
}

void RenderController::requestFrame() {
    if (!m_document->hasModel()) return;
    render::RenderRequest request = m_document->renderRequest();
    const int preview =
        m_fullFrameMs > 0.0 && m_dragging() ? render::choosePreview(m_document->info(), m_fullFrameMs,
                                                                    m_previewBudgetMs)
                                            : 0;
    request.previewResolution = preview;
    m_frameChannel->request(std::move(request), preview);
    if (preview > 0) {
        m_previewShown = true;
        m_settle->start();  // restarted by every move: fires when the drag pauses
    } else {
        m_previewShown = false;
        m_settle->stop();
    }
}

void RenderController::requestFullFrame() {
    if (!m_document->hasModel() || !m_previewShown) return;
    m_previewShown = false;
    m_frameChannel->request(m_document->renderRequest(), 0);
}

bool RenderController::slowModel() const { return m_fullFrameMs > m_previewBudgetMs; }

void RenderController::requestThumbnails() {
    if (!m_document->hasModel()) return;
    // A batch of thumbnails costs several full frames of a slow model: while a drag goes on it
    // would take the cores from the frames being dragged, so it waits for the drag to pause.
    if (slowModel() && m_dragging()) {
        m_thumbnailsWaiting = true;
        m_settle->start();
        return;
    }
    sendThumbnails();
}

void RenderController::sendThumbnails() {
    m_thumbnailsWaiting = false;
    if (!m_document->hasModel()) return;
    const std::vector<std::uint64_t> seeds = neighbourSeeds(m_document->seed());
    QVariantList tag;
    for (std::uint64_t s : seeds) tag.push_back(QVariant::fromValue<quint64>(s));
    render::RenderRequest request = m_document->thumbnailRequest(seeds);
    // Thumbnails are shown small: a slow model draws them at its smallest preview of at least
    // kThumbnailPixels (the full frame when it offers none).
    if (slowModel()) {
        for (int size : m_document->info().previewResolutions) {
            if (size >= kThumbnailPixels) {
                request.previewResolution = size;
                break;
            }
        }
    }
    m_thumbnailChannel->request(std::move(request), tag);
}

void RenderController::onFrame(const QVector<QImage>& images, double milliseconds,
                               const QString& error, int previewResolution) {
    if (!error.isEmpty() || images.isEmpty()) {
        const QString message = error.isEmpty() ? tr("The generator returned no image.") : error;
        Q_EMIT frameFailed(message);
        Q_EMIT renderFailed(message);
        return;
    }
    m_lastFrame = images.front();
    ++m_frameCount;
    m_lastMilliseconds = milliseconds;
    m_lastPreview = previewResolution;
    if (previewResolution == 0) m_fullFrameMs = milliseconds;
    m_frameTimes.push_back(m_clock.elapsed());
    while (m_frameTimes.size() > 120) m_frameTimes.pop_front();
    Q_EMIT frameReady(m_lastFrame);
    Q_EMIT statsChanged(m_lastMilliseconds, framesPerSecond());
}

void RenderController::reportStuck(const QString& message) {
    const QString text =
        message + tr("\n\nLatent Studio cannot stop a model call once it has started: save your "
                     "work and quit (quitting always works), then open another model.");
    Q_EMIT frameFailed(text);
    Q_EMIT renderFailed(message);
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
