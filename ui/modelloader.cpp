#include "ui/modelloader.h"

#include <algorithm>

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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

// What the sniffer hands back (the first member lets the job report an exception).
struct Sniffed {
    Status status = success();
    bool runsCode = false;
};

// What a load hands back.
struct Loaded {
    Result<model::LoadedModel> model = Error{""};
    bool pickle = false;
};

}  // namespace

ModelLoader::ModelLoader(QObject* parent)
    : QObject(parent), m_jobs(QStringLiteral("model loader")) {}

ModelLoader::~ModelLoader() {
    abandonCheck();
}

bool ModelLoader::isolatedCheck() const {
    return !runtime::latentExecutable().empty();
}

void ModelLoader::load(const QString& path) {
    m_jobs.discardAll();  // superseded: the user asked for this file last
    abandonCheck();
    Q_EMIT started(path);
    // Even the first bytes are read off the UI thread (a file on a slow or stalled disk).
    m_jobs.run([file = path.toStdString()] { return Sniffed{success(), model::runsOwnCode(file)}; },
               [this, path](const Sniffed& sniffed) {
                   // A sniffer that failed leaves the verdict to the loader's own checks.
                   if (sniffed.status && sniffed.runsCode && isolatedCheck()) {
                       startCheck(path);
                   } else {
                       startLoad(path, {});
                   }
               });
}

void ModelLoader::abandonCheck() {
    if (!m_check) return;
    m_check->disconnect(this);
    m_check->kill();
    m_check->waitForFinished(2000);
    m_check->deleteLater();
    m_check = nullptr;
}

void ModelLoader::startCheck(const QString& path) {
    const double timeout = runtime::modelCallLimitFromEnvironment(kCheckTimeoutSeconds);
    auto* process = new QProcess(this);
    m_check = process;
    process->setProgram(QString::fromStdString(runtime::latentExecutable()));
    process->setArguments({QStringLiteral("check"), path, QStringLiteral("--json"),
                           QStringLiteral("--timeout"), QString::number(timeout)});
    process->setStandardInputFile(QProcess::nullDevice());
    connect(process, &QProcess::finished, this, [this, path] { onChecked(path); });
    connect(process, &QProcess::errorOccurred, this,
            [this, path, process](QProcess::ProcessError error) {
                if (error != QProcess::FailedToStart) return;  // the rest end in finished()
                process->deleteLater();
                m_check = nullptr;
                Q_EMIT failed(path, tr("%1: cannot start the model check (%2)")
                                        .arg(path, process->errorString()));
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

void ModelLoader::onChecked(const QString& path) {
    QProcess* process = m_check;
    m_check = nullptr;
    process->deleteLater();
    if (process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0) {
        const QJsonObject summary = QJsonDocument::fromJson(process->readAllStandardOutput()).object();
        startLoad(path, summary.value(QStringLiteral("content_hash")).toString().toStdString());
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
    // Q_EMIT expands to nothing, which clang-tidy reads as a statement indented under the else.
    Q_EMIT failed(path, message);  // NOLINT(readability-misleading-indentation)
}

void ModelLoader::startLoad(const QString& path, const std::string& expectedHash) {
    m_jobs.run(
        [file = path.toStdString(), expectedHash] {
            model::LoadOptions options;
            options.expectedContentHash = expectedHash;
            Loaded loaded;
            loaded.model = model::loadModel(file, options);
            loaded.pickle = !loaded.model.ok() && model::isPythonPickle(file);
            return loaded;
        },
        [this, path](const Loaded& outcome) {
            if (outcome.model.ok()) {
                Q_EMIT loaded(path, outcome.model.value());
            } else if (outcome.pickle) {
                Q_EMIT pickleRefused(path, QString::fromStdString(outcome.model.error()));
            } else {
                Q_EMIT failed(path, QString::fromStdString(outcome.model.error()));
            }
        });
}

}  // namespace latent::ui
