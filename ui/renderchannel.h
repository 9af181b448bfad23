#pragma once

#include <QImage>
#include <QObject>
#include <QString>
#include <QVariant>
#include <QVector>

#include <cstdint>
#include <map>
#include <memory>

#include "core/render/renderer.h"

namespace latent::ui {

// Converts a core image to a QImage that owns its pixels (safe to hand to any thread).
QImage toQImage(const image::ImageRGB8& image);

// A lane of one of the app's two shared render workers, with the queued hop back to the UI
// thread. The coalescing rule is the core Renderer's (a newer request replaces the waiting one;
// the frame being drawn is still delivered unless the model changed): this class only converts
// images on the worker, carries each request's tag, and knows when everything it asked for came
// back.
//
// Workers: the main view and keyframe playback (RenderPriority::Playback and above) share the
// interactive worker; thumbnails, the bookmark library, attribute samples and training samples
// share the background worker, in priority order. A batch of thumbnails thus never delays a
// dragged frame, and the app renders on two threads however many panels are open.
class RenderChannel : public QObject {
    Q_OBJECT

public:
    explicit RenderChannel(render::RenderPriority priority, QObject* parent = nullptr);
    // Never waits for a render; a result still queued to us is discarded with the QObject.
    ~RenderChannel() override;

    // `tag` comes back with the result (e.g. which seeds a batch was for).
    void request(render::RenderRequest request, const QVariant& tag = {},
                 render::WhenSuperseded superseded = render::WhenSuperseded::Deliver);
    // Everything requested has come back (the newest request's result is always delivered).
    bool idle() const { return m_delivered == m_submitted; }

Q_SIGNALS:
    // In the UI thread; `images` is empty when `error` is set.
    void finished(const QVector<QImage>& images, double milliseconds, const QString& error,
                  const QVariant& tag);

private:
    void onResult(std::uint64_t generation, const QVector<QImage>& images, double milliseconds,
                  const QString& error);

    std::uint64_t m_submitted = 0;  // the newest request's generation
    std::uint64_t m_delivered = 0;  // the newest delivered result's
    std::map<std::uint64_t, QVariant> m_tags;  // by generation, until delivered or overtaken
    std::unique_ptr<render::Renderer> m_renderer;  // last: its worker calls back into us
};

}  // namespace latent::ui
