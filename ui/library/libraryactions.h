#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QDockWidget;
class QMenu;

namespace latent::ui {

class AttributeDialog;
class BookmarkLibrary;
class BookmarksPanel;
class Document;
class MainWindow;
class ExplorerSessionController;

// The window's library half: the Bookmarks dock (Explore > Bookmark Current, Ctrl+B), latents
// dragged onto the Keyframes list, session files (File > Open Session…, Save Session…,
// Ctrl+Shift+S) and the attribute dialog (Edit > New Attribute…). Kept out of MainWindow so the
// window stays a list of panels.
class LibraryActions : public QObject {
    Q_OBJECT

public:
    explicit LibraryActions(MainWindow* window);
    ~LibraryActions() override;

    // Open Session…, Save Session…
    void addToFileMenu(QMenu* file);
    // Bookmark Current, Show Bookmarks (the dock). An Edit menu, when the window has one, gets New
    // Attribute… (else Explore does).
    void addToExploreMenu(QMenu* explore);
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

Q_SIGNALS:
    // A line for the status bar.
    void message(const QString& text, int timeoutMs);
    // Errors for the window's reporter.
    void failed(const QString& title, const QString& message);

private:
    void refreshList();
    void onLatentDropped(const QByteArray& payload, int row);
    void followMode(int index);

    MainWindow* m_window;
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
