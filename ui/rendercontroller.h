#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QVariant>
#include <QVector>

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

class QTimer;

namespace latent::ui {

class Document;
class RenderChannel;

// Watches the Document and keeps two renderers busy: one for the main frame and one for the
// thumbnails of nearby seeds (a single batched request), so dragging a slider never queues
// behind a grid refresh. Results arrive in the UI thread as signals carrying QImages.
//
// Drag preview: while a mouse button is held (a slider or a direction being dragged) on a model
// whose full frame takes longer than render::kPreviewBudgetMs, frames are drawn at the model's
// cheaper preview size (render::choosePreview, from the last full frame's time); once the drag
// pauses for kSettleMs the full frame follows. On such a model thumbnails wait for the pause and
// are drawn at a preview size of at least kThumbnailPixels.
class RenderController : public QObject {
    Q_OBJECT

public:
    static constexpr int kThumbnailCount = 8;
    static constexpr int kSettleMs = 150;
    static constexpr int kThumbnailPixels = 64;  // thumbnails are shown at about this size
    // How long edits (directions, amounts, mix) must rest before the thumbnails follow them.
    static constexpr int kThumbnailRestMs = 250;

    explicit RenderController(Document* document, QObject* parent = nullptr);
    ~RenderController() override;

    QImage lastFrame() const { return m_lastFrame; }
    int frameCount() const { return m_frameCount; }
    double lastMilliseconds() const { return m_lastMilliseconds; }
    // The size the last shown frame was drawn at when it was a drag preview, else 0.
    int lastPreviewResolution() const { return m_lastPreview; }
    // What counts as "a drag is going on" (default: a mouse button is held); tests replace it.
    void setDragProbe(std::function<bool()> probe) { m_dragging = std::move(probe); }
    // How long a drag frame may take before previews are used (tests shrink it).
    void setPreviewBudget(double milliseconds) { m_previewBudgetMs = milliseconds; }
    // Frames shown per second over the last couple of seconds (fpsWindow); 0 when nothing moved
    // lately.
    double framesPerSecond() const;
    static constexpr int kFpsWindowMs = 2000;
    void setFpsWindow(int milliseconds) { m_fpsWindowMs = milliseconds; }  // tests shorten it

    const std::vector<std::uint64_t>& thumbnailSeeds() const { return m_thumbnailSeeds; }
    const QVector<QImage>& thumbnails() const { return m_thumbnails; }
    int thumbnailBatchCount() const { return m_thumbnailBatchCount; }

    // No render running or waiting, in either channel, and no full frame or thumbnail refresh
    // due after a drag or an edit (tests wait on this).
    bool idle() const;

    // A call into the model never finished (runtime::ModelCallWatch): the view says so. The
    // worker stays blocked in that call; LibTorch cannot interrupt it.
    void reportStuck(const QString& message);

    // The seeds the grid shows for a given current seed.
    static std::vector<std::uint64_t> neighbourSeeds(std::uint64_t seed);

Q_SIGNALS:
    void frameReady(const QImage& image);
    void thumbnailsReady(const QVector<QImage>& images);
    void statsChanged(double milliseconds, double framesPerSecond);
    void renderFailed(const QString& message);
    // The main view's frame could not be drawn (an error, NaN from the model, a model call that
    // never finished): the view shows `message` instead of a stale or black image.
    void frameFailed(const QString& message);

private:
    void requestFrame();
    void requestFullFrame();
    // The last full frame took longer than a drag frame may (the preview budget).
    bool slowModel() const;
    void requestThumbnails();
    void sendThumbnails();
    void onFrame(const QVector<QImage>& images, double milliseconds, const QString& error,
                 int previewResolution);
    void onThumbnails(const QVector<QImage>& images, const QString& error, const QVariant& tag);

    Document* m_document;
    RenderChannel* m_frameChannel;
    RenderChannel* m_thumbnailChannel;
    QImage m_lastFrame;
    int m_frameCount = 0;
    double m_lastMilliseconds = 0.0;
    int m_lastPreview = 0;
    double m_fullFrameMs = 0.0;   // the model's last full frame; 0 until one was drawn
    bool m_previewShown = false;  // a preview was asked for since the last full frame
    bool m_thumbnailsWaiting = false;  // a thumbnail refresh deferred until the drag pauses
    std::function<bool()> m_dragging;
    double m_previewBudgetMs;
    QTimer* m_settle;
    QTimer* m_thumbnailRest;
    QElapsedTimer m_clock;
    std::deque<qint64> m_frameTimes;  // ms on m_clock, newest at the back
    int m_fpsWindowMs = kFpsWindowMs;
    std::vector<std::uint64_t> m_thumbnailSeeds;  // what the shown thumbnails are
    QVector<QImage> m_thumbnails;
    int m_thumbnailBatchCount = 0;
};

}  // namespace latent::ui
