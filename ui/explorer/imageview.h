#pragma once

#include <QImage>
#include <QString>
#include <QWidget>

namespace latent::ui {

// Shows the current frame as large as fits, aspect kept, centred on a dark canvas. Generators
// make small images (32–128 px), so pixelated (nearest) scaling is offered beside smooth.
// Left/Right step the seed while this widget has focus (a click gives it focus).
class ImageView : public QWidget {
    Q_OBJECT

public:
    explicit ImageView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    QImage image() const { return m_image; }
    // Shown instead of an image, e.g. while a model loads.
    void setPlaceholder(const QString& text);

    bool smooth() const { return m_smooth; }
    void setSmooth(bool smooth);

    QSize sizeHint() const override { return {512, 512}; }
    QSize minimumSizeHint() const override { return {128, 128}; }

Q_SIGNALS:
    void previousSeedRequested();
    void nextSeedRequested();

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    QRect imageRect() const;

    QImage m_image;
    QString m_placeholder;
    bool m_smooth = true;
};

}  // namespace latent::ui
