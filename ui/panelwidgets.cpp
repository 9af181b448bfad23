#include "ui/panelwidgets.h"

#include <QImage>
#include <QPixmap>
#include <QToolButton>
#include <QWidget>

namespace latent::ui {

QToolButton* makeToolButton(QStyle::StandardPixmap icon, const QString& tip, QWidget* owner) {
    auto* button = new QToolButton;
    button->setIcon(owner->style()->standardIcon(icon));
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

QIcon thumbnailIcon(const QImage& image, int size) {
    const QPixmap pixmap =
        QPixmap::fromImage(image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    QIcon icon;
    icon.addPixmap(pixmap, QIcon::Normal);
    icon.addPixmap(pixmap, QIcon::Selected);
    return icon;
}

}  // namespace latent::ui
