#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace latent::ui {

class AttributeDialog;
class BookmarkLibrary;
class BookmarksPanel;
class Document;
class ExplorerSessionController;

// The window's library half: the Bookmarks dock (Explore > Bookmark Current, Ctrl+B), latents
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
    // Bookmark Current, Show Bookmarks (the dock).
    void addToExploreMenu(QMenu* explore);
    // New Attribute…
    void addToEditMenu(QMenu* edit);
    // Enabled only while a model is open.
    QList<QAction*> modelActions() const { return m_modelActions; }

    BookmarkLibrary* library() const { return m_library; }
    BookmarksPanel* panel() const { return m_panel; }
    QDockWidget* dock() const { return m_dock; }
    ExplorerSessionController* sessions() const { return m_sessions; }
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
    // The dock belongs to exploring: hidden while the window shows something else, and back as
    // the user left it.
    void setExploring(bool exploring);

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
    QDockWidget* m_dock;
    ExplorerSessionController* m_sessions;
    QPointer<AttributeDialog> m_attributes;
    QList<QAction*> m_modelActions;
    bool m_dockWanted = true;  // the user's choice, kept while Train hides the dock
    bool m_followingMode = false;
};

}  // namespace latent::ui
