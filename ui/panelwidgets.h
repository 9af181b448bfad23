#pragma once

#include <QIcon>
#include <QString>
#include <QStyle>

class QImage;
class QToolButton;
class QWidget;

namespace latent::ui {

// Small pieces the list panels (Keyframes, Bookmarks) share.

// A flat icon button with a tooltip, in the style's standard icon (list panels' Up/Down/Delete…).
QToolButton* makeToolButton(QStyle::StandardPixmap icon, const QString& tip, QWidget* owner);

// A list thumbnail: `image` scaled into size x size, the same picture when selected (the style's
// selection tint would recolour a grey thumbnail).
QIcon thumbnailIcon(const QImage& image, int size);

}  // namespace latent::ui
