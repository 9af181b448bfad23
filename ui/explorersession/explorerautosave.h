#pragma once

#include <QObject>
#include <QString>

#include <map>
#include <string>

#include "core/edit/explorersession.h"

class QTimer;

namespace latent::ui {

class BackgroundJobs;
class BookmarkLibrary;
class Document;
class ExplorerSessionController;

// No lost work: what the user did with a model (directions, the frame, A/B, keyframes, bookmarks)
// is kept per model and comes back when that model is opened again, after another model, "Open in
// Explorer" from Train, or a restart. A session file per model, named by its content hash, in
// folder() (written a moment after each change, when another model replaces it, and at quit;
// always by a worker thread, to a temporary name then renamed). Models without a file (training
// snapshots) are not kept. A model opened through a session file shows that session, not its
// autosave; so does a model the user started working on before the autosave was read.
class ExplorerAutosave : public QObject {
    Q_OBJECT

public:
    // Milliseconds from a change to its write.
    static constexpr int kDelayMs = 1500;

    ExplorerAutosave(Document* document, BookmarkLibrary* library,
                     ExplorerSessionController* sessions, QObject* parent = nullptr);
    ~ExplorerAutosave() override;

    // $LATENT_AUTOSAVE_DIR, else appDataFolder()/autosave.
    static QString folder();
    // The autosave of the model with this content hash.
    static QString pathFor(const std::string& contentHash);
    // Writes now (in the background) if anything changed since the last write.
    void flush();
    // A write or read is running.
    bool busy() const;

Q_SIGNALS:
    // The autosave of the model just opened was put back (a status-bar line).
    void restored(const QString& message);
    void written(const QString& path);

private:
    void onModelChanged();
    void onChanged();
    void restoreFrom(const edit::ExplorerSession& session);
    // Whether the Document shows the model as it opened: nothing done with it yet.
    bool pristine() const;

    Document* m_document;
    BookmarkLibrary* m_library;
    ExplorerSessionController* m_sessions;
    BackgroundJobs* m_jobs;
    QTimer* m_timer;
    std::string m_lastWritten;  // the JSON text last written for the current model
    // What this run wrote, by content hash: reopening a model needs no read (and cannot race the
    // write still in flight).
    std::map<std::string, edit::ExplorerSession> m_written;
    bool m_restoring = false;
    bool m_keeps = false;  // the current model has a file of its own (see keepsAutosave)
};

}  // namespace latent::ui
