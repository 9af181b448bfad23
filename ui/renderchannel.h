#pragma once

#include <QImage>
#include <QObject>
#include <QString>
#include <QVariant>
#include <QVector>

#include <memory>
#include <optional>

#include "core/render/renderer.h"

namespace latent::ui {

// Converts a core image to a QImage that owns its pixels (safe to hand to any thread).
QImage toQImage(const image::ImageRGB8& image);

// One core Renderer plus the queued hop back to the UI thread. Keeps at most one request in
// flight and remembers only the newest one that arrives meanwhile: the Renderer would drop an
// in-flight result as stale once a newer request is submitted, so while a slider is dragged
// faster than the generator runs, submitting every change would show no frame at all.
// Submitting the newest state whenever a result lands shows a frame per render instead.
class RenderChannel : public QObject {
    Q_OBJECT

public:
    explicit RenderChannel(QObject* parent = nullptr);
    // Joins the worker before QObject's destructor discards any result still queued to us.
    ~RenderChannel() override;

    // `tag` comes back with the result (e.g. which seeds a batch was for).
    void request(render::RenderRequest request, const QVariant& tag = {});
    // Nothing rendering and nothing waiting.
    bool idle() const { return !m_inFlight && !m_next.has_value(); }

Q_SIGNALS:
    // In the UI thread; `images` is empty when `error` is set.
    void finished(const QVector<QImage>& images, double milliseconds, const QString& error,
                  const QVariant& tag);

private:
    void onResult(const QVector<QImage>& images, double milliseconds, const QString& error);

    bool m_inFlight = false;
    QVariant m_inFlightTag;
    std::optional<render::RenderRequest> m_next;
    QVariant m_nextTag;
    std::unique_ptr<render::Renderer> m_renderer;  // last: its worker calls back into us
};

}  // namespace latent::ui
