#pragma once

#include <QString>
#include <QStyle>

class QToolButton;
class QWidget;

namespace latent::ui {

// A flat icon button with a tooltip, in the style's standard icon (list panels' Up/Down/Delete…).
QToolButton* makeToolButton(QStyle::StandardPixmap icon, const QString& tip, QWidget* owner);

}  // namespace latent::ui
