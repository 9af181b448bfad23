#include "ui/wheelguard.h"

#include <QAbstractScrollArea>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QScrollBar>
#include <QWheelEvent>

namespace latent::ui {

namespace {

// The control a wheel event over `widget` would change: the widget itself, or the spin box or
// combo box whose child (line edit, popup button) it is. Null for everything else.
QWidget* valueControl(QWidget* widget) {
    for (int depth = 0; widget && depth < 2; ++depth, widget = widget->parentWidget()) {
        if (qobject_cast<QScrollBar*>(widget)) return nullptr;
        if (qobject_cast<QAbstractSlider*>(widget) || qobject_cast<QComboBox*>(widget) ||
            qobject_cast<QAbstractSpinBox*>(widget)) {
            return widget;
        }
    }
    return nullptr;
}

QAbstractScrollArea* scrollAreaAround(QWidget* widget) {
    for (QWidget* w = widget->parentWidget(); w; w = w->parentWidget()) {
        if (auto* area = qobject_cast<QAbstractScrollArea*>(w)) return area;
    }
    return nullptr;
}

}  // namespace

void WheelGuard::install() {
    if (!qApp || qApp->findChild<WheelGuard*>(QString(), Qt::FindDirectChildrenOnly)) return;
    qApp->installEventFilter(new WheelGuard(qApp));
}

bool WheelGuard::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::Wheel || !watched->isWidgetType()) return false;
    QWidget* control = valueControl(static_cast<QWidget*>(watched));
    if (!control || control->hasFocus() || control->isAncestorOf(QApplication::focusWidget())) {
        return false;
    }
    auto* wheel = static_cast<QWheelEvent*>(event);
    if (QAbstractScrollArea* area = scrollAreaAround(control)) {
        const bool sideways = qAbs(wheel->angleDelta().x()) > qAbs(wheel->angleDelta().y());
        QScrollBar* bar = sideways ? area->horizontalScrollBar() : area->verticalScrollBar();
        if (bar->isVisible()) QCoreApplication::sendEvent(bar, wheel);
    }
    return true;  // the control itself never sees it
}

}  // namespace latent::ui
