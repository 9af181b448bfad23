#pragma once

#include <QObject>

namespace latent::ui {

// The mouse wheel scrolls panels; it changes a slider, combo box or spin box only when that control
// has keyboard focus (the user clicked or tabbed into it). Without this, scrolling the Explorer's
// column with the cursor passing over a combo box changes the class and pushes undo steps.
// An application-wide event filter: a wheel event aimed at an unfocused value control goes to the
// scroll area around it instead (or nowhere, outside one). Scroll bars are left alone.
class WheelGuard : public QObject {
    Q_OBJECT

public:
    // Installs one guard on the running QApplication; calling it again does nothing.
    static void install();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    using QObject::QObject;
};

}  // namespace latent::ui
