#pragma once

#include <QObject>
#include <QString>

#include <optional>

#include "core/edit/explorersession.h"

namespace latent::ui {

class BackgroundJobs;
class BookmarkLibrary;
class Document;

// Session files: save everything needed to come back to the same view, and open one again. Files
// are read, written and the model checked (exists, same weights by content hash) on a worker
// thread; the model is then asked for with modelWanted() (the window loads it like any File >
// Open and answers with modelOpened()/modelFailed()), and once it is there the Document, the
// keyframes and the bookmarks are restored. Any problem before that leaves the current model and
// state as they were.
class ExplorerSessionController : public QObject {
    Q_OBJECT

public:
    ExplorerSessionController(Document* document, BookmarkLibrary* library,
                              QObject* parent = nullptr);

    // What a save would write now (model path, directions, current frame, A/B, keyframes,
    // bookmarks).
    edit::ExplorerSession currentSession() const;
    // A read, a check or a model load is running.
    bool busy() const;
    // Puts `session` back on the Document's model (which must be the session's): directions,
    // frame (one undo step named `undoText`), A/B, keyframes and bookmarks. Checks first and
    // changes nothing when a latent size or direction does not fit; then returns why, in words
    // naming `name`. Empty on success.
    QString restore(const edit::ExplorerSession& session, const QString& name,
                    const QString& undoText);
    static bool isSessionFile(const QString& path);

public Q_SLOTS:
    // Overwrites `path` (the save dialog asks first); saved() or failed().
    void save(const QString& path);
    // opened() or failed(); the previous state stays on any failure.
    void open(const QString& path);
    // The answers to modelWanted(): a model file finished loading into the Document, or did not.
    void modelOpened(const QString& modelPath);
    void modelFailed(const QString& modelPath);

Q_SIGNALS:
    // The session's model must be opened (it is not the one in the Document).
    void modelWanted(const QString& modelPath);
    void saved(const QString& path);
    void opened(const QString& path);
    void failed(const QString& title, const QString& message);

private:
    struct Checked;
    void onChecked(const QString& path, const Checked& checked);
    // Restores everything but the model, which must be the session's already.
    void apply(const QString& path, const edit::ExplorerSession& session);

    Document* m_document;
    BookmarkLibrary* m_library;
    BackgroundJobs* m_tasks;
    // A session waiting for its model to load.
    struct Pending {
        QString sessionPath;
        QString modelPath;
        edit::ExplorerSession session;
    };
    std::optional<Pending> m_pending;
};

}  // namespace latent::ui
