#pragma once

#include <QImage>
#include <QObject>
#include <QVector>

#include <vector>

#include "core/latent/latent.h"

class QTimer;

namespace latent::ui {

class Document;
class RenderChannel;

// Pictures for the Keyframes panel: a thumbnail per keyframe (one batched render whenever the
// list changes) and the preview playback, a QTimer stepping through the KeyframePath's frames.
// Each tick renders the next frame through a RenderChannel when the previous one has landed,
// so a slow generator plays slower instead of piling up requests.
class KeyframePreview : public QObject {
    Q_OBJECT

public:
    static constexpr int kFramesPerSegment = 24;
    static constexpr int kIntervalMs = 40;  // 25 fps when the generator keeps up

    explicit KeyframePreview(Document* document, QObject* parent = nullptr);
    ~KeyframePreview() override;

    bool playing() const;
    int framesShown() const { return m_framesShown; }
    int pathLength() const { return static_cast<int>(m_path.size()); }
    const QVector<QImage>& thumbnails() const { return m_thumbnails; }
    bool idle() const;

public Q_SLOTS:
    void play();
    void stop();
    void setPlaying(bool on);

Q_SIGNALS:
    void thumbnailsReady(const QVector<QImage>& images);
    void frameReady(const QImage& image);
    void playingChanged(bool playing);

private:
    void refreshThumbnails();
    void tick();

    Document* m_document;
    RenderChannel* m_thumbnailChannel;
    RenderChannel* m_playChannel;
    QTimer* m_timer;
    std::vector<latent::Latent> m_path;
    std::size_t m_next = 0;
    int m_framesShown = 0;
    int m_thumbnailTicket = 0;
    int m_drawnClass = -1;  // what the thumbnails were drawn with
    float m_drawnTruncation = -1.0f;
    QVector<QImage> m_thumbnails;
};

}  // namespace latent::ui
