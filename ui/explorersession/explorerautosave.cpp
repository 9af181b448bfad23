#include "ui/explorersession/explorerautosave.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>
#include <QUndoStack>

#include <filesystem>

#include "core/edit/explorersession.h"
#include "ui/appfolders.h"
#include "ui/backgroundjobs.h"
#include "ui/document.h"
#include "ui/explorersession/explorersessioncontroller.h"
#include "ui/library/bookmarklibrary.h"

namespace latent::ui {

namespace {
// A model with a file of its own: a training snapshot has none, and changes with every step.
bool keepsAutosave(const Document* document) {
    return document->hasModel() && !document->info().contentHash.empty() &&
           QFileInfo(QString::fromStdString(document->info().path)).isFile();
}

// What a read found; `none` when there is no autosave for the model.
struct Found {
    Result<edit::ExplorerSession> session = Error{""};
    bool none = false;
};
}  // namespace

ExplorerAutosave::ExplorerAutosave(Document* document, BookmarkLibrary* library,
                                   ExplorerSessionController* sessions, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_library(library),
      m_sessions(sessions),
      m_jobs(new BackgroundJobs(QStringLiteral("autosave"), this)),
      m_timer(new QTimer(this)) {
    m_timer->setSingleShot(true);
    m_timer->setInterval(kDelayMs);
    connect(m_timer, &QTimer::timeout, this, &ExplorerAutosave::flush);
    // The old model's state is written before it is replaced.
    connect(m_document, &Document::modelAboutToChange, this, &ExplorerAutosave::flush);
    connect(m_document, &Document::modelChanged, this, &ExplorerAutosave::onModelChanged);
    for (auto signal : {&Document::frameChanged, &Document::keyframesChanged,
                        &Document::keyframeListChanged, &Document::directionsChanged}) {
        connect(m_document, signal, this, &ExplorerAutosave::onChanged);
    }
    connect(m_library, &BookmarkLibrary::listChanged, this, &ExplorerAutosave::onChanged);
}

ExplorerAutosave::~ExplorerAutosave() = default;

QString ExplorerAutosave::folder() {
    QString custom = qEnvironmentVariable("LATENT_AUTOSAVE_DIR");
    if (!custom.isEmpty()) return custom;
    return QDir(appDataFolder()).filePath(QStringLiteral("autosave"));
}

QString ExplorerAutosave::pathFor(const std::string& contentHash) {
    return QDir(folder()).filePath(QString::fromStdString(contentHash) +
                                   QLatin1String(edit::kSessionSuffix));
}

bool ExplorerAutosave::busy() const { return m_jobs->busy() || m_timer->isActive(); }

bool ExplorerAutosave::pristine() const {
    return m_document->undoStack()->count() == 0 && m_document->keyframes().empty() &&
           !m_document->keyframeA() && !m_document->keyframeB() && m_library->count() == 0;
}

void ExplorerAutosave::onChanged() {
    if (!m_restoring && m_keeps) m_timer->start();
}

void ExplorerAutosave::flush() {
    m_timer->stop();
    if (!m_keeps || m_restoring) return;
    const edit::ExplorerSession session = m_sessions->currentSession();
    std::string text = edit::sessionToJson(session);
    if (text == m_lastWritten) return;
    // A model nobody did anything with leaves no file behind (and none is written over an older
    // one before that has been read back).
    if (m_lastWritten.empty() && pristine()) return;
    m_lastWritten = text;
    m_written[session.modelHash] = session;
    const std::string path = pathFor(session.modelHash).toStdString();
    const std::string dir = folder().toStdString();
    m_jobs->run(
        [path, dir, session]() -> Status {
            std::error_code ec;
            std::filesystem::create_directories(dir, ec);
            return edit::saveSession(path, session);
        },
        [this, path](const Status& status) {
            // A failed autosave must not nag; the next change tries again.
            if (status) Q_EMIT written(QString::fromStdString(path));
        });
}

void ExplorerAutosave::onModelChanged() {
    m_timer->stop();
    m_lastWritten.clear();
    // Asked once per model (a file check): changes come with every slider step.
    m_keeps = keepsAutosave(m_document);
    if (!m_keeps) return;
    const std::string hash = m_document->info().contentHash;
    if (const auto known = m_written.find(hash); known != m_written.end()) {
        // Written this run: its state is here already (the file may still be being written).
        if (pristine() && !m_sessions->busy()) restoreFrom(known->second);
        return;
    }
    const std::string path = pathFor(hash).toStdString();
    m_jobs->run(
        [path] {
            Found found;
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) {
                found.none = true;
                return found;
            }
            found.session = edit::readSession(path);
            return found;
        },
        [this, hash](const Found& found) {
            if (found.none || !m_document->hasModel() || m_document->info().contentHash != hash) {
                return;
            }
            if (!found.session) return;  // unreadable: it is overwritten at the next change
            // A session file opened this model, or the user has begun: theirs wins.
            if (!pristine() || m_sessions->busy()) {
                m_lastWritten = "(changed before the autosave was read)";
                return;
            }
            restoreFrom(*found.session);
        });
}

void ExplorerAutosave::restoreFrom(const edit::ExplorerSession& session) {
    m_restoring = true;
    const QString problem =
        m_sessions->restore(session, tr("The autosave"), tr("Back to where you left it"));
    m_restoring = false;
    if (!problem.isEmpty()) return;  // the model changed shape: the next change overwrites it
    m_lastWritten = edit::sessionToJson(m_sessions->currentSession());
    Q_EMIT restored(tr("Back where you left %1: %n bookmark(s) (Undo gives a fresh start)",
                       nullptr, static_cast<int>(session.bookmarks.size()))
                        .arg(QString::fromStdString(m_document->info().name)));
}

}  // namespace latent::ui
