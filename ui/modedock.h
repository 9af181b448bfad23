#pragma once

#include <QDockWidget>

namespace latent::ui {

// A dock that belongs to the Explorer (Bookmarks, History): hidden, and its View-menu entry
// greyed out, while the window shows another mode (Train, the start page), and back as the user
// left it when the Explorer returns. Closing it (its button, the View menu) is the user's wish and
// is remembered; hiding it for a mode is not.
class ModeDock : public QDockWidget {
    Q_OBJECT

public:
    // `objectName` lets QMainWindow::saveState restore it; `shown` is how it starts.
    ModeDock(const QString& title, const QString& objectName, bool shown, QWidget* parent);

    // The window switched modes: in the dock's own mode it shows if the user wants it.
    void setModeActive(bool active);
    bool modeActive() const { return m_active; }
    // Shows the dock for good (e.g. something was just added to it), if its mode is on screen.
    void bringBack();
    // Whether the user wants it shown in its mode (what the window saves between runs).
    bool wanted() const { return m_wanted; }
    void setWanted(bool wanted);

private:
    bool m_wanted;
    bool m_active = true;
    bool m_following = false;
};

}  // namespace latent::ui
