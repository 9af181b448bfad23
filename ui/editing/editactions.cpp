#include "ui/editing/editactions.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QUndoStack>
#include <QUndoView>

#include "ui/document.h"
#include "ui/modedock.h"

namespace latent::ui {

EditActions::EditActions(Document* document, QMainWindow* window)
    : QObject(window),
      m_document(document),
      m_window(window),
      m_undo(document->undoStack()->createUndoAction(this, tr("&Undo"))),
      m_redo(document->undoStack()->createRedoAction(this, tr("&Redo"))),
      m_dock(new ModeDock(tr("History"), QStringLiteral("historyDock"), false, window)),
      m_view(new QUndoView(document->undoStack())) {
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setObjectName(QStringLiteral("undoAction"));
    // Ctrl+Shift+Z first (shown in the menu), Ctrl+Y too: both habits are common.
    m_redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_redo->setObjectName(QStringLiteral("redoAction"));
    // The actions live in the menu bar, so their shortcuts work wherever the focus is in the window
    // (a focused spin box keeps Ctrl+Z for its own text, as users expect).
    window->addAction(m_undo);
    window->addAction(m_redo);

    m_view->setEmptyLabel(tr("Model opened"));
    m_view->setObjectName(QStringLiteral("historyView"));
    m_dock->setWidget(m_view);
    m_dock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    QAction* toggle = m_dock->toggleViewAction();
    toggle->setText(tr("&History"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    toggle->setToolTip(tr("Every edit of this model; click one to go back to it (Ctrl+H)"));
}

QAction* EditActions::historyAction() const { return m_dock->toggleViewAction(); }

QMenu* EditActions::addMenu() {
    QMenu* edit = m_window->menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undo);
    edit->addAction(m_redo);
    edit->addSeparator();
    edit->addAction(tr("Reset All &Directions"), m_document, &Document::resetAmounts);
    edit->addSeparator();
    edit->addAction(historyAction());
    return edit;
}

}  // namespace latent::ui
