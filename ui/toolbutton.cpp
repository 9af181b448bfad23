#include "ui/toolbutton.h"

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

}  // namespace latent::ui
