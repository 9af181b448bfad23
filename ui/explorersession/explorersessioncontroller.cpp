#include "ui/explorersession/explorersessioncontroller.h"

#include <QFileInfo>

#include <string>

#include "core/edit/directionset.h"
#include "ui/document.h"
#include "ui/backgroundjobs.h"
#include "ui/library/bookmarklibrary.h"
#include "ui/explorersession/documentstate.h"

namespace latent::ui {

namespace {
QString text(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

// What the worker found: the session, where its model is, and whether that file is the one.
struct ExplorerSessionController::Checked {
    Result<edit::ExplorerSession> session = Error{""};
    std::string modelPath{};
    std::string problem{};  // the model is missing or has other weights
};

ExplorerSessionController::ExplorerSessionController(Document* document, BookmarkLibrary* library,
                                                     QObject* parent)
    : QObject(parent),
      m_document(document),
      m_library(library),
      m_tasks(new BackgroundJobs(QStringLiteral("session files"), this)) {}

bool ExplorerSessionController::isSessionFile(const QString& path) {
    return path.endsWith(QLatin1String(edit::kSessionSuffix), Qt::CaseInsensitive);
}

bool ExplorerSessionController::busy() const { return m_tasks->busy() || m_pending.has_value(); }

edit::ExplorerSession ExplorerSessionController::currentSession() const {
    const model::ModelInfo& info = m_document->info();
    edit::ExplorerSession s;
    s.modelName = info.name;
    s.modelPath = QFileInfo(QString::fromStdString(info.path)).absoluteFilePath().toStdString();
    s.modelHash = info.contentHash;
    s.latentSize = info.latentSize;
    s.directions = m_document->directionSet();
    s.current = m_document->frame();
    s.a = m_document->keyframeA();
    s.b = m_document->keyframeB();
    s.abPosition = m_document->abPosition();
    s.keyframes = m_document->keyframes();
    s.bookmarks = m_library->bookmarks();
    return s;
}

void ExplorerSessionController::save(const QString& path) {
    const QString title = tr("Could not save session");
    if (!m_document->hasModel()) {
        Q_EMIT failed(title, tr("Open a model first."));
        return;
    }
    if (!QFileInfo(QString::fromStdString(m_document->info().path)).isFile()) {
        Q_EMIT failed(title, tr("This model has no file (a training snapshot). Open its file, e.g. "
                                "the run's ema.ltm, to save a session with it."));
        return;
    }
    const edit::ExplorerSession session = currentSession();
    const std::string file = path.toStdString();
    m_tasks->run([session, file] { return edit::saveSession(file, session); },
                 [this, path, title](const Status& status) {
                     if (status) {
                         Q_EMIT saved(path);
                     } else {
                         Q_EMIT failed(title, text(status.error()));
                     }
                 });
}

void ExplorerSessionController::open(const QString& path) {
    const std::string file = path.toStdString();
    m_tasks->run(
        [file] {
            Checked checked;
            checked.session = edit::readSession(file);
            if (!checked.session) return checked;
            checked.modelPath = edit::resolveModelPath(*checked.session, file);
            const Status model = edit::checkSessionModel(*checked.session, checked.modelPath);
            if (!model) checked.problem = model.error();
            return checked;
        },
        [this, path](const Checked& checked) { onChecked(path, checked); });
}

void ExplorerSessionController::onChecked(const QString& path, const Checked& checked) {
    const QString title = tr("Could not open session");
    if (!checked.session) {
        Q_EMIT failed(title, text(checked.session.error()));
        return;
    }
    const edit::ExplorerSession& session = *checked.session;
    const QString name = QFileInfo(path).fileName();
    if (!checked.problem.empty()) {
        Q_EMIT failed(title, tr("%1: %2.").arg(name, text(checked.problem)));
        return;
    }
    // The same weights are open already: no reload, the state alone changes.
    if (m_document->hasModel() && !session.modelHash.empty() &&
        session.modelHash == m_document->info().contentHash) {
        apply(path, session);
        return;
    }
    m_pending = Pending{path, QString::fromStdString(checked.modelPath), session};
    Q_EMIT modelWanted(m_pending->modelPath);
}

void ExplorerSessionController::modelOpened(const QString& modelPath) {
    if (!m_pending) return;
    const Pending pending = std::move(*m_pending);
    m_pending.reset();
    // Another model was asked for meanwhile: the user's last wish wins, the session is dropped.
    if (modelPath != pending.modelPath) return;
    apply(pending.sessionPath, pending.session);
}

void ExplorerSessionController::modelFailed(const QString& modelPath) {
    // The window has said why; the previous model and state are still there.
    if (m_pending && m_pending->modelPath == modelPath) m_pending.reset();
}

QString ExplorerSessionController::restore(const edit::ExplorerSession& session,
                                           const QString& name, const QString& undoText) {
    const model::ModelInfo& info = m_document->info();
    if (session.latentSize != info.latentSize) {
        return tr("%1 holds latents of %2 values, but %3 takes %4.")
            .arg(name)
            .arg(session.latentSize)
            .arg(text(info.name))
            .arg(info.latentSize);
    }
    for (const edit::Direction& d : session.directions.directions) {
        Status problem = edit::checkDirection(d, info);
        if (!problem) {
            return tr("%1: direction \"%2\" does not fit the model (%3).")
                .arg(name, text(d.name), text(problem.error()));
        }
    }
    // A/B first: the A/B slider follows the restored position only once both ends are there.
    m_document->restoreKeyframesAB(session.a, session.b);
    m_document->restoreState(
        EditingState{session.current, session.directions.directions, session.abPosition},
        undoText);
    m_document->clearKeyframes();
    for (const edit::Keyframe& k : session.keyframes) m_document->addKeyframe(k);
    m_library->setBookmarks(session.bookmarks);
    return {};
}

void ExplorerSessionController::apply(const QString& path, const edit::ExplorerSession& session) {
    const QString name = QFileInfo(path).fileName();
    const QString problem = restore(session, name, tr("Open session %1").arg(name));
    if (!problem.isEmpty()) {
        Q_EMIT failed(tr("Could not open session"), problem);
        return;
    }
    Q_EMIT opened(path);
}

}  // namespace latent::ui
