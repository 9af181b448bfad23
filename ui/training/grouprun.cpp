#include "ui/training/grouprun.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>

#include "core/image/png.h"
#include "core/runtime/tools.h"
#include "core/train/runfolder.h"
#include "core/util/atomicfile.h"
#include "ui/backgroundjobs.h"
#include "ui/renderchannel.h"

namespace latent::ui {

namespace {
constexpr int kMaxErrorBytes = 64 * 1024;

// A name no other run of this app (or another instance) uses at the same time.
std::string configFileName() {
    static std::atomic<int> counter{0};
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return (std::filesystem::temp_directory_path() /
            ("latent-train-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" +
             std::to_string(now) + ".json"))
        .string();
}
}  // namespace

bool parseDataLine(const QString& line, train::DatasetSummary* summary) {
    // "data: NAME, SIZE images|points[, K classes][, N unreadable files skipped]"; NAME may hold
    // commas (a folder), so the fields are taken from the end.
    static const QRegularExpression pattern(QStringLiteral(
        R"(^data: (.+), (\d+) (images|points)(?:, (\d+) classes)?(?:, (\d+) unreadable files skipped)?$)"));
    const QRegularExpressionMatch m = pattern.match(line);
    if (!m.hasMatch()) return false;
    train::DatasetSummary s;
    s.name = m.captured(1).toStdString();
    s.size = m.captured(2).toLongLong();
    s.channels = m.captured(3) == QLatin1String("images") ? 1 : 0;
    s.classNames.resize(m.captured(4).isEmpty() ? 0 : m.captured(4).toULongLong());
    s.skipped = m.captured(5).isEmpty() ? 0 : m.captured(5).toInt();
    *summary = std::move(s);
    return true;
}

// What the job that prepares a launch found: the program and the config file it wrote.
struct GroupRun::Launch {
    Status ready;
    std::string program = {};
    std::string configFile = {};
};

// One reading of the run folder.
struct GroupRun::Reading {
    Status read;
    std::vector<train::MetricsRow> rows = {};
    bool hasRows = false;
    std::string sample = {};
    QImage image = {};
};

GroupRun::GroupRun(QObject* parent)
    : QObject(parent),
      m_process(new QProcess(this)),
      m_timer(new QTimer(this)),
      m_jobs(new BackgroundJobs(QStringLiteral("run folder watcher"), this)) {
    m_timer->setInterval(kPollMs);
    connect(m_timer, &QTimer::timeout, this, [this] { poll(false); });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &GroupRun::readOutput);
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        const QStringList lines = QString::fromUtf8(m_process->readAllStandardError())
                                      .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (!lines.isEmpty()) m_lastError = lines.back().left(kMaxErrorBytes);
    });
    connect(m_process, &QProcess::finished, this,
            [this](int code, QProcess::ExitStatus status) {
                onExited(code, status == QProcess::CrashExit);
            });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart) return;  // the others end in finished()
        m_timer->stop();
        finish(train::TrainerState::Failed,
               tr("could not start %1: %2").arg(m_process->program(), m_process->errorString()));
    });
}

GroupRun::~GroupRun() {
    // The process dies with this object (QProcess kills it); its ranks notice and stop at a
    // checkpoint. The file they read their config from was read long ago.
    if (m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
    }
    if (!m_configFile.isEmpty()) QFile::remove(m_configFile);
}

void GroupRun::start(const train::TrainConfig& config, int processes) {
    m_config = config;
    m_processes = std::max(2, processes);
    m_active = true;
    m_stopped = false;
    m_state = train::TrainerState::Starting;
    m_step = 0;
    m_rows.clear();
    m_sample = {};
    m_sampleName.clear();
    m_pending.clear();
    m_lastError.clear();
    m_arguments.clear();
    const int ticket = ++m_ticket;
    Q_EMIT started();
    m_jobs->run(
        [json = train::configToJson(config)]() -> Launch {
            Launch launch{success(), runtime::latentExecutable(), configFileName()};
            if (launch.program.empty()) {
                return {Error{"training on several processes needs the `latent` command-line "
                              "program, and none was found beside the app"}};
            }
            launch.ready = util::writeFileAtomically(launch.configFile, json);
            return launch;
        },
        [this, ticket](const Launch& launch) {
            if (ticket != m_ticket || !m_active) {  // stopped meanwhile
                if (!launch.configFile.empty()) QFile::remove(QString::fromStdString(launch.configFile));
                return;
            }
            if (!launch.ready) {
                finish(train::TrainerState::Failed, QString::fromStdString(launch.ready.error()));
                return;
            }
            this->launch(launch);
        });
}

void GroupRun::launch(const Launch& launch) {
    m_configFile = QString::fromStdString(launch.configFile);
    const int perRank = std::max(1, m_config.threads / m_processes);
    m_arguments = {QStringLiteral("train"),
                   QStringLiteral("--nproc"),
                   QString::number(m_processes),
                   QStringLiteral("--config"),
                   m_configFile,
                   QStringLiteral("--out"),
                   QString::fromStdString(m_config.runDir),
                   QStringLiteral("--threads"),
                   QString::number(perRank)};
    if (m_config.lowPriority) m_arguments << QStringLiteral("--low-priority");
    if (m_config.resume) m_arguments << QStringLiteral("--resume");
    m_process->start(QString::fromStdString(launch.program), m_arguments);
    m_timer->start();
}

void GroupRun::stop() {
    if (!m_active) return;
    if (m_process->state() == QProcess::NotRunning) {
        // Still writing its config: it never starts.
        ++m_ticket;
        finish(train::TrainerState::Stopped, QString());
        return;
    }
    // Ctrl-C: the launcher passes it to the ranks, which stop together after a step.
    ::kill(static_cast<pid_t>(m_process->processId()), SIGINT);
}

void GroupRun::readOutput() {
    m_pending += m_process->readAllStandardOutput();
    for (qsizetype end = m_pending.indexOf('\n'); end >= 0; end = m_pending.indexOf('\n')) {
        readLine(QString::fromUtf8(m_pending.left(end)));
        m_pending.remove(0, end + 1);
    }
}

void GroupRun::readLine(const QString& line) {
    // Rank 0's progress, as `latent train` prints it: "step 120/5000  epoch 1  D ...".
    static const QRegularExpression stepLine(QStringLiteral(R"(^step (\d+)/\d+\b)"));
    static const QRegularExpression stoppedLine(QStringLiteral(R"(^stopped at step (\d+))"));
    static const QRegularExpression finishedLine(QStringLiteral(R"(^finished (\d+) steps)"));
    train::DatasetSummary summary;
    if (parseDataLine(line, &summary)) {
        Q_EMIT datasetLoaded(summary);
    } else if (const auto m = stepLine.match(line); m.hasMatch()) {
        m_step = m.captured(1).toLongLong();
        m_state = train::TrainerState::Running;
    } else if (const auto s = stoppedLine.match(line); s.hasMatch()) {
        m_step = s.captured(1).toLongLong();
        m_stopped = true;
    } else if (const auto f = finishedLine.match(line); f.hasMatch()) {
        m_step = f.captured(1).toLongLong();
    }
}

void GroupRun::poll(bool last) {
    if (m_reading) {
        if (!last) return;
        // The last reading must see the folder as the run left it: a fresh one follows this.
        QTimer::singleShot(50, this, [this] { poll(true); });
        return;
    }
    m_reading = true;
    const int ticket = m_ticket;
    m_jobs->run(
        [dir = m_config.runDir, shown = m_sampleName.toStdString()] {
            Reading reading{success()};
            if (auto rows = train::readMetrics(train::runMetricsPath(dir))) {
                reading.rows = std::move(rows).value();
                reading.hasRows = true;
            }
            reading.sample = train::latestSample(dir);
            const std::string name = std::filesystem::path(reading.sample).filename().string();
            if (!reading.sample.empty() && name != shown) {
                if (auto png = image::readPng(reading.sample)) reading.image = toQImage(*png);
            }
            return reading;
        },
        [this, ticket, last](const Reading& reading) {
            m_reading = false;
            if (ticket != m_ticket) return;
            const auto key = [](const std::vector<train::MetricsRow>& rows) {
                return rows.empty() ? std::make_pair(std::size_t{0}, std::int64_t{-1})
                                    : std::make_pair(rows.size(), rows.back().step);
            };
            if (reading.hasRows && key(reading.rows) != key(m_rows)) {
                m_rows = reading.rows;
                Q_EMIT rowsChanged();
            }
            if (!reading.image.isNull()) {
                m_sample = reading.image;
                m_sampleName = QFileInfo(QString::fromStdString(reading.sample)).fileName();
                Q_EMIT sampleChanged();
            }
            if (last) {
                const QString message = m_lastError.startsWith(QLatin1String("latent: "))
                                            ? m_lastError.mid(8)
                                            : m_lastError;
                finish(m_state, message);
            }
        });
}

void GroupRun::onExited(int code, bool crashed) {
    m_timer->stop();
    readOutput();
    if (!m_pending.isEmpty()) readLine(QString::fromUtf8(m_pending));
    m_pending.clear();
    if (crashed || code != 0) {
        m_state = train::TrainerState::Failed;
        if (m_lastError.isEmpty()) {
            m_lastError = crashed ? tr("the training processes ended abruptly")
                                  : tr("the training processes exited with status %1").arg(code);
        }
    } else {
        m_state = m_stopped ? train::TrainerState::Stopped : train::TrainerState::Finished;
        m_lastError.clear();
    }
    poll(true);  // the charts and samples as the run left them, then finished()
}

void GroupRun::finish(train::TrainerState state, const QString& message) {
    m_active = false;
    m_state = state;
    if (!m_configFile.isEmpty()) {
        QFile::remove(m_configFile);
        m_configFile.clear();
    }
    Q_EMIT finished(state, message);
}

}  // namespace latent::ui
