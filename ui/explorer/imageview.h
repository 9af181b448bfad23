#pragma once

#include <QImage>
#include <QPointF>
#include <QString>
#include <QWidget>

namespace latent::ui {

// Shows the current frame on a dark canvas, fitted to the view by default, and lets the user
// inspect it: zoom (Ctrl+wheel or a pinch at the cursor, +/- keys, View menu), pan (drag, or the
// wheel once zoomed in), Fit (0) and 1:1 (1). Zoom steps are whole multiples of the image's
// pixels above 1:1, so pixelated images never get uneven pixel widths.
// Generators make small images (32–128 px): by default (Scaling::Auto) an image shown at 3× its
// size or more is drawn pixelated (nearest), smaller factors smooth; the user can force either.
// Left/Right step the seed while this widget has focus (a click gives it focus).
// Compare (setCompare): two panes side by side, each with a caption, zoomed and panned together so
// the same pixels sit at the same place in both; a pane may show the current image (setImage).
class ImageView : public QWidget {
    Q_OBJECT

public:
    enum class Scaling { Auto, Smooth, Pixelated };
    // One side of a comparison.
    struct Pane {
        QImage image;         // shown when `current` is false; null: `placeholder` instead
        QString caption;      // drawn over the pane's top-left corner
        QString placeholder;  // "" = "Rendering…"
        bool current = false;  // show the image setImage gave (the live frame)
    };
    // The factor from which Auto draws pixels as blocks.
    static constexpr double kPixelatedFrom = 3.0;

    explicit ImageView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    QImage image() const { return m_image; }
    // Shown instead of an image, e.g. while a model loads.
    void setPlaceholder(const QString& text);

    Scaling scaling() const { return m_scaling; }
    void setScaling(Scaling scaling);
    // Whether the image is drawn smoothed right now (Auto decides by the zoom factor).
    bool drawsSmooth() const;

    // Screen pixels per image pixel as drawn now.
    double zoom() const;
    // True while the image is fitted to the view (the default; a resize refits it).
    bool fitted() const { return m_zoom <= 0.0; }
    // Where the image lies in the widget (comparing: in the left pane).
    QRectF imageRect() const;

    void setCompare(const Pane& left, const Pane& right);
    void clearCompare();
    bool comparing() const { return m_comparing; }
    // The two panes' areas in the widget (comparing only).
    QRectF leftPane() const;
    QRectF rightPane() const;
    // What a pane shows now: its image, or the current one; null while it has none.
    QImage paneImage(int side) const;

    QSize sizeHint() const override { return {512, 512}; }
    QSize minimumSizeHint() const override { return {128, 128}; }

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitToView();
    void actualSize();

Q_SIGNALS:
    void previousSeedRequested();
    void nextSeedRequested();
    void zoomChanged(double zoom);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    // The area the image is fitted and centred in: the widget, or the left pane when comparing
    // (the right pane is the same size, beside it).
    QRectF pane() const;
    // A widget position as the matching position in the left pane.
    QPointF inPane(QPointF position) const;
    void drawPane(QPainter& painter, const QRectF& area, const QImage& image,
                  const QString& caption, const QString& placeholder);
    double fitZoom() const;
    // `zoom` rounded to a whole factor where the image would be drawn as pixel blocks.
    double snapped(double zoom) const;
    // Sets the zoom (0: fit) keeping the image point under `anchor` (widget coordinates) still.
    void zoomTo(double zoom, QPointF anchor);
    // Keeps the image on screen: centred along an axis where it fits, edges no further in than
    // the view's where it does not.
    void clampPan();

    QImage m_image;
    QString m_placeholder;
    Scaling m_scaling = Scaling::Auto;
    double m_zoom = 0.0;  // screen pixels per image pixel; 0 = fit to the view
    QPointF m_pan;        // offset of the image centre from the view centre, in screen pixels
    bool m_dragging = false;
    int m_wheelZoom = 0;  // Ctrl+wheel units not yet turned into a zoom step
    QPointF m_dragFrom;
    bool m_comparing = false;
    Pane m_left, m_right;
};

}  // namespace latent::ui
