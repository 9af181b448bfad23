#include "ui/library/libraryactions.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>

#include "ui/document.h"
#include "ui/editing/attributedialog.h"
#include "ui/library/bookmarklibrary.h"
#include "ui/library/bookmarkspanel.h"
#include "ui/modedock.h"
#include "ui/explorersession/explorerautosave.h"
#include "ui/library/latentmime.h"
#include "ui/explorersession/documentstate.h"
#include "ui/explorersession/explorersessioncontroller.h"

namespace latent::ui {

namespace {
const char* const kSessionDirKey = "session/directory";

QString sessionFilter() {
    return LibraryActions::tr("Latent Studio sessions (*%1)")
        .arg(QLatin1String(edit::kSessionSuffix));
}
}  // namespace

LibraryActions::LibraryActions(Document* document, QMainWindow* window)
    : QObject(window),
      m_window(window),
      m_document(document),
      m_library(new BookmarkLibrary(m_document, this)),
      m_panel(new BookmarksPanel),
      m_dock(new ModeDock(tr("Bookmarks"), QStringLiteral("bookmarksDock"), true, window)),
      m_sessions(new ExplorerSessionController(m_document, m_library, this)),
      m_autosave(new ExplorerAutosave(m_document, m_library, m_sessions, this)) {
    m_dock->setWidget(m_panel);
    QAction* show = m_dock->toggleViewAction();
    show->setText(tr("Boo&kmarks"));
    show->setToolTip(tr("The Bookmarks dock: frames you kept (Ctrl+B adds the current one)"));
    m_dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                        QDockWidget::DockWidgetFloatable);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    // Narrow by default: a thumbnail and a name, the image keeps the room.
    window->resizeDocks({m_dock}, {210}, Qt::Horizontal);

    connect(m_panel, &BookmarksPanel::addCurrentRequested, m_library, &BookmarkLibrary::addCurrent);
    connect(m_panel, &BookmarksPanel::activated, m_library, &BookmarkLibrary::activate);
    connect(m_panel, &BookmarksPanel::renameRequested, m_library, &BookmarkLibrary::rename);
    connect(m_panel, &BookmarksPanel::removeRequested, m_library, &BookmarkLibrary::remove);
    connect(m_library, &BookmarkLibrary::listChanged, this, &LibraryActions::refreshList);
    connect(m_library, &BookmarkLibrary::thumbnailsChanged, this, [this] {
        QVector<QImage> images;
        for (int i = 0; i < m_library->count(); ++i) images.push_back(m_library->thumbnail(i));
        m_panel->setThumbnails(images);
    });
    connect(m_library, &BookmarkLibrary::added, this, [this](int row) {
        m_dock->bringBack();  // Ctrl+B with the dock closed: show what was just added
        m_panel->setCurrentRow(row);
        Q_EMIT message(tr("Bookmarked %1")
                           .arg(QString::fromStdString(
                               m_library->bookmarks()[static_cast<std::size_t>(row)].name)),
                       3000);
    });
    connect(m_document, &Document::modelChanged, this,
            [this] { m_panel->setModelOpen(m_document->hasModel()); });

    connect(m_sessions, &ExplorerSessionController::failed, this, &LibraryActions::failed);
    connect(m_autosave, &ExplorerAutosave::restored, this,
            [this](const QString& text) { Q_EMIT message(text, 8000); });
    connect(m_sessions, &ExplorerSessionController::saved, this, [this](const QString& path) {
        Q_EMIT message(tr("Saved session %1").arg(QDir::toNativeSeparators(path)), 6000);
    });
    connect(m_sessions, &ExplorerSessionController::opened, this, [this](const QString& path) {
        Q_EMIT message(tr("Opened session %1").arg(QFileInfo(path).fileName()), 6000);
    });

    m_panel->setModelOpen(m_document->hasModel());
}

LibraryActions::~LibraryActions() = default;

bool LibraryActions::isSessionFile(const QString& path) {
    return ExplorerSessionController::isSessionFile(path);
}

void LibraryActions::addToFileMenu(QMenu* file) {
    QAction* open = file->addAction(tr("Open Sess&ion…"), this, &LibraryActions::openSessionDialog);
    open->setObjectName(QStringLiteral("openSessionAction"));
    QAction* save = file->addAction(tr("Save Sessio&n…"), this, &LibraryActions::saveSessionDialog);
    save->setObjectName(QStringLiteral("saveSessionAction"));
    save->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    save->setToolTip(tr("Save the model, directions, frame, keyframes and bookmarks"));
    m_modelActions << save;
}

void LibraryActions::addToExploreMenu(QMenu* explore) {
    explore->addSeparator();
    QAction* bookmark =
        explore->addAction(tr("&Bookmark Current"), m_library, &BookmarkLibrary::addCurrent);
    bookmark->setObjectName(QStringLiteral("bookmarkAction"));
    bookmark->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_modelActions << bookmark;
}

QAction* LibraryActions::dockAction() const { return m_dock->toggleViewAction(); }

void LibraryActions::addToEditMenu(QMenu* edit) {
    edit->addSeparator();
    QAction* attribute =
        edit->addAction(tr("New &Attribute…"), this, &LibraryActions::showAttributeDialog);
    attribute->setObjectName(QStringLiteral("newAttributeAction"));
    attribute->setToolTip(tr("Find a direction by marking samples that have an attribute"));
    m_modelActions << attribute;
}

AttributeDialog* LibraryActions::attributeDialog() {
    if (!m_attributes) {
        m_attributes = new AttributeDialog(m_document, m_window);
        connect(m_attributes, &AttributeDialog::directionAdded, this, [this](const QString& name) {
            Q_EMIT message(tr("Added the direction \"%1\"").arg(name), 6000);
        });
    }
    return m_attributes;
}

void LibraryActions::showAttributeDialog() {
    if (!m_document->hasModel()) return;
    AttributeDialog* dialog = attributeDialog();
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

void LibraryActions::openSession(const QString& path) { m_sessions->open(path); }

void LibraryActions::openSessionDialog() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Open Session"), settings.value(kSessionDirKey, QDir::homePath()).toString(),
        sessionFilter() + QStringLiteral(";;") + tr("All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kSessionDirKey, QFileInfo(path).absolutePath());
    openSession(path);
}

void LibraryActions::saveSessionDialog() {
    if (!m_document->hasModel()) return;
    QSettings settings;
    QString name = QFileInfo(QString::fromStdString(m_document->info().path)).completeBaseName();
    if (name.isEmpty()) name = QStringLiteral("untitled");
    const QString suggested = QDir(settings.value(kSessionDirKey, QDir::homePath()).toString())
                                  .filePath(name + QLatin1String(edit::kSessionSuffix));
    QString path =
        QFileDialog::getSaveFileName(m_window, tr("Save Session"), suggested, sessionFilter());
    if (path.isEmpty()) return;
    // "walk.json" or "walk" become "walk.latent-session.json", so Open knows the file again.
    if (!isSessionFile(path)) {
        if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) path.chop(5);
        path += QLatin1String(edit::kSessionSuffix);
    }
    settings.setValue(kSessionDirKey, QFileInfo(path).absolutePath());
    m_sessions->save(path);
}

void LibraryActions::refreshList() {
    QStringList names;
    QStringList tips;
    QList<QByteArray> payloads;
    for (const edit::Bookmark& b : m_library->bookmarks()) {
        names << QString::fromStdString(b.name);
        tips << describeFrame(b.frame, m_document->info());
        payloads << encodeLatent(b.frame);
    }
    m_panel->setBookmarks(names, tips, payloads);
    QVector<QImage> images;
    for (int i = 0; i < m_library->count(); ++i) images.push_back(m_library->thumbnail(i));
    m_panel->setThumbnails(images);
}

void LibraryActions::addDroppedLatent(const QByteArray& payload, int row) {
    if (!m_document->hasModel()) return;
    const Result<edit::ExplorerFrame> frame = decodeLatent(payload, m_document->latentSize());
    if (!frame) {
        Q_EMIT failed(tr("Could not add keyframe"),
                      tr("The dropped latent cannot be used here: %1.")
                          .arg(QString::fromStdString(frame.error())));
        return;
    }
    m_document->addKeyframe(edit::keyframeOf(*frame));
    const int last = static_cast<int>(m_document->keyframes().size()) - 1;
    if (row >= 0 && row < last) m_document->moveKeyframe(last, row);
    Q_EMIT message(tr("Added a keyframe"), 3000);
}

}  // namespace latent::ui
