#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QMenu;
class QUndoView;

namespace latent::ui {

class Document;
class ModeDock;

// The Edit menu of the main window: Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, Ctrl+Y) over the
// Document's undo stack, named after the step they undo ("Undo Seed 42"), and the History dock
// (a QUndoView: click a step to go back to it), toggled from the menu or View > History.
class EditActions : public QObject {
    Q_OBJECT

public:
    EditActions(Document* document, QMainWindow* window);

    // Adds the Edit menu to the window's menu bar (call where it belongs in the menu order).
    QMenu* addMenu();
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    // Checkable: shows or hides the History dock.
    QAction* historyAction() const;
    ModeDock* historyDock() const { return m_dock; }
    QUndoView* historyView() const { return m_view; }

private:
    Document* m_document;
    QMainWindow* m_window;
    QAction* m_undo;
    QAction* m_redo;
    ModeDock* m_dock;
    QUndoView* m_view;
};

}  // namespace latent::ui
