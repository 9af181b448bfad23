#pragma once

class QWidget;

namespace latent::ui {

// Help → Keyboard Shortcuts: the one place that lists them all (menus show their own too).
void showShortcutsDialog(QWidget* parent);
void showAboutDialog(QWidget* parent);

}  // namespace latent::ui
