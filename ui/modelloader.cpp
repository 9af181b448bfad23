#include "ui/modelloader.h"

#include <algorithm>

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>
#include <QTimer>

#include "core/runtime/modelwatch.h"
#include "core/runtime/tools.h"

namespace latent::ui {

namespace {

// The last line a `latent` process wrote to stderr, without its "latent: " prefix.
QString lastLine(const QByteArray& bytes) {
    const QStringList lines = QString::fromUtf8(bytes).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QString line = lines.isEmpty() ? QString() : lines.back().trimmed();
    if (line.startsWith(QLatin1String("latent: "))) line.remove(0, 8);
    return line;
}

}  // namespace

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {}

ModelLoader::~ModelLoader() {
    for (QProcess* process : findChildren<QProcess*>(QString(), Qt::FindDirectChildrenOnly)) {
        process->disconnect(this);
        process->kill();
        process->waitForFinished(2000);
    }
    for (QThread* thread : findChildren<QThread*>(QString(), Qt::FindDirectChildrenOnly)) {
        thread->wait();
    }
}

bool ModelLoader::isolatedCheck() const {
    return !runtime::latentExecutable().empty();
}

void ModelLoader::load(const QString& path) {
    const std::uint64_t ticket = ++m_ticket;
    ++m_running;
    Q_EMIT started(path);
    // Even the first bytes are read off the UI thread (a file on a slow or stalled disk).
    const std::string file = path.toStdString();
    startThread(QStringLiteral("model sniffer"), [this, ticket, path, file] {
        const bool runsCode = model::runsOwnCode(file);
        QMetaObject::invokeMethod(
            this, [this, ticket, path, runsCode] { onSniffed(ticket, path, runsCode); },
            Qt::QueuedConnection);
    });
}

void ModelLoader::startThread(const QString& name, std::function<void()> work) {
    QThread* thread = QThread::create(std::move(work));
    thread->setParent(this);
    thread->setObjectName(name);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void ModelLoader::onSniffed(std::uint64_t ticket, const QString& path, bool runsCode) {
    if (ticket != m_ticket) {  // superseded by a newer load
        finish();
        return;
    }
    if (runsCode && isolatedCheck()) {
        startCheck(ticket, path);
    } else {
        startLoad(ticket, path, {});
    }
}

void ModelLoader::startCheck(std::uint64_t ticket, const QString& path) {
    const double timeout = runtime::modelCallLimitFromEnvironment(kCheckTimeoutSeconds);
    auto* process = new QProcess(this);
    process->setProgram(QString::fromStdString(runtime::latentExecutable()));
    process->setArguments({QStringLiteral("check"), path, QStringLiteral("--json"),
                           QStringLiteral("--timeout"), QString::number(timeout)});
    process->setStandardInputFile(QProcess::nullDevice());
    connect(process, &QProcess::finished, this,
            [this, ticket, path, process] { onChecked(ticket, path, process); });
    connect(process, &QProcess::errorOccurred, this,
            [this, ticket, path, process](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart) return;  // the rest end in finished()
                process->deleteLater();
                if (ticket == m_ticket) {
                    Q_EMIT failed(path, tr("%1: cannot start the model check (%2)")
                                            .arg(path, process->errorString()));
                }
                finish();
            });
    // The child gives up on any one call after `timeout` s by itself; this is the backstop for
    // a probe whose many calls each stay just under it.
    if (timeout > 0.0) {
        const int capMs = static_cast<int>(std::min(timeout * 10.0 + 30.0, 2.0e6)) * 1000;
        QTimer::singleShot(capMs, process, [process] {
            process->setProperty("timedOut", true);
            process->kill();
        });
    }
    Q_EMIT progress(path, tr("Checking %1…").arg(QFileInfo(path).fileName()));
    process->start();
}

void ModelLoader::onChecked(std::uint64_t ticket, const QString& path, QProcess* process) {
    process->deleteLater();
    if (ticket != m_ticket) {
        finish();
        return;
    }
    if (process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0) {
        const QJsonObject summary = QJsonDocument::fromJson(process->readAllStandardOutput()).object();
        startLoad(ticket, path, summary.value(QStringLiteral("content_hash")).toString().toStdString());
        return;
    }
    QString message = lastLine(process->readAllStandardError());
    if (process->property("timedOut").toBool()) {
        message = tr("%1: the model check did not finish; the model is too slow or never finishes")
                      .arg(path);
    } else if (process->exitStatus() != QProcess::NormalExit || message.isEmpty()) {
        message = tr("%1: the model check stopped without an answer (it crashed or was killed)")
                      .arg(path);
    }
    Q_EMIT failed(path, message);
    finish();
}

void ModelLoader::startLoad(std::uint64_t ticket, const QString& path,
                            const std::string& expectedHash) {
    const std::string file = path.toStdString();
    startThread(QStringLiteral("model loader"), [this, ticket, path, file, expectedHash] {
        model::LoadOptions options;
        options.expectedContentHash = expectedHash;
        Result<model::LoadedModel> result = model::loadModel(file, options);
        const bool pickle = !result.ok() && model::isPythonPickle(file);
        QMetaObject::invokeMethod(
            this, [this, ticket, path, result, pickle] { onDone(ticket, path, result, pickle); },
            Qt::QueuedConnection);
    });
}

void ModelLoader::onDone(std::uint64_t ticket, const QString& path,
                         const Result<model::LoadedModel>& result, bool pickle) {
    finish();
    if (ticket != m_ticket) return;  // superseded by a newer load
    if (result.ok()) {
        Q_EMIT loaded(path, result.value());
    } else if (pickle) {
        Q_EMIT pickleRefused(path, QString::fromStdString(result.error()));
    } else {
        Q_EMIT failed(path, QString::fromStdString(result.error()));
    }
}

void ModelLoader::finish() {
    --m_running;
}

}  // namespace latent::ui
