#include "ui/modedock.h"

#include <QAction>

namespace latent::ui {

ModeDock::ModeDock(const QString& title, const QString& objectName, bool shown, QWidget* parent)
    : QDockWidget(title, parent), m_wanted(shown) {
    setObjectName(objectName);
    setVisible(shown);
    connect(toggleViewAction(), &QAction::toggled, this, [this](bool on) {
        if (!m_following) m_wanted = on;
    });
}

void ModeDock::setModeActive(bool active) {
    m_active = active;
    m_following = true;
    setVisible(active && m_wanted);
    m_following = false;
    toggleViewAction()->setEnabled(active);
}

void ModeDock::setWanted(bool wanted) {
    m_wanted = wanted;
    setModeActive(m_active);
}

void ModeDock::bringBack() {
    m_wanted = true;
    if (m_active && isHidden()) setVisible(true);
}

}  // namespace latent::ui
