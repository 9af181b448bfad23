#include "ui/imageicon.h"

#include <QIconEngine>
#include <QPainter>

namespace latent::ui {

namespace {

class PixmapEngine final : public QIconEngine {
public:
    explicit PixmapEngine(QPixmap pixmap) : m_pixmap(std::move(pixmap)) {}

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode, QIcon::State) override {
        painter->drawPixmap(rect, m_pixmap);
    }
    QPixmap pixmap(const QSize& size, QIcon::Mode, QIcon::State) override {
        if (m_pixmap.isNull() || size == m_pixmap.size()) return m_pixmap;
        return m_pixmap.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    QSize actualSize(const QSize& size, QIcon::Mode, QIcon::State) override {
        return m_pixmap.size().scaled(size, Qt::KeepAspectRatio).boundedTo(m_pixmap.size());
    }
    QIconEngine* clone() const override { return new PixmapEngine(m_pixmap); }
    QString key() const override { return QStringLiteral("latent-pixmap"); }

private:
    QPixmap m_pixmap;
};

}  // namespace

QIcon uncachedIcon(const QPixmap& pixmap) {
    return QIcon(new PixmapEngine(pixmap));
}

}  // namespace latent::ui
