#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QMainWindow;
class QMenu;

namespace latent::ui {

class AttributeDialog;
class BookmarkLibrary;
class BookmarksPanel;
class Document;
class ExplorerAutosave;
class ExplorerSessionController;
class ModeDock;

// The window's library half: the Bookmarks dock (Explore > Bookmark Current, Ctrl+B, which also
// brings the dock back; View > Bookmarks), latents
// dragged onto the Keyframes list, session files (File > Open Session…, Save Session…,
// Ctrl+Shift+S) and the attribute dialog (Edit > New Attribute…). Kept out of MainWindow so the
// window stays a list of panels; it works on the Document and puts its dock on `window`, and the
// window connects the rest (dropped latents, the Attribute… button, the mode, sessions' models).
class LibraryActions : public QObject {
    Q_OBJECT

public:
    LibraryActions(Document* document, QMainWindow* window);
    ~LibraryActions() override;

    // Open Session…, Save Session…
    void addToFileMenu(QMenu* file);
    // Bookmark Current.
    void addToExploreMenu(QMenu* explore);
    // Checkable: shows or hides the Bookmarks dock (View > Bookmarks).
    QAction* dockAction() const;
    // New Attribute…
    void addToEditMenu(QMenu* edit);
    // Enabled only while a model is open.
    QList<QAction*> modelActions() const { return m_modelActions; }

    BookmarkLibrary* library() const { return m_library; }
    BookmarksPanel* panel() const { return m_panel; }
    ModeDock* dock() const { return m_dock; }
    ExplorerSessionController* sessions() const { return m_sessions; }
    // Keeps each model's explorer state between openings and runs.
    ExplorerAutosave* autosave() const { return m_autosave; }
    // Made on first use; modeless and kept, so marks survive closing it.
    AttributeDialog* attributeDialog();

    static bool isSessionFile(const QString& path);

public Q_SLOTS:
    void openSession(const QString& path);
    void openSessionDialog();
    void saveSessionDialog();
    void showAttributeDialog();
    // A latent dragged onto the Keyframes list at `row` becomes a keyframe there.
    void addDroppedLatent(const QByteArray& payload, int row);

Q_SIGNALS:
    // A line for the status bar.
    void message(const QString& text, int timeoutMs);
    // Errors for the window's reporter.
    void failed(const QString& title, const QString& message);

private:
    void refreshList();

    QMainWindow* m_window;
    Document* m_document;
    BookmarkLibrary* m_library;
    BookmarksPanel* m_panel;
    ModeDock* m_dock;
    ExplorerSessionController* m_sessions;
    ExplorerAutosave* m_autosave;
    QPointer<AttributeDialog> m_attributes;
    QList<QAction*> m_modelActions;
};

}  // namespace latent::ui
