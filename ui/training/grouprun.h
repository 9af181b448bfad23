#pragma once

#include <QImage>
#include <QObject>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

#include "core/train/metrics.h"
#include "core/train/trainconfig.h"
#include "core/train/trainer.h"

class QProcess;
class QTimer;

namespace latent::ui {

class BackgroundJobs;

// A training run on several processes: `latent train --nproc N --config FILE` as a child process
// (docs/distributed.md). The panel sees it through what the ranks leave where anyone can read it:
// the step from rank 0's progress lines, the charts and sample grids from the run folder, read
// off the UI thread every kPollMs. The whole config travels as a file, so the ranks train on
// exactly the form's settings; threads and priority are given per rank.
// Stop is Ctrl-C's SIGINT to the launcher: the ranks agree on a step and checkpoint there. There is
// no pause (the ranks wait on each other with a timeout). Should the app quit mid-run, the
// launcher is killed and its ranks, which follow it, stop in the same way.
class GroupRun : public QObject {
    Q_OBJECT

public:
    static constexpr int kPollMs = 1000;

    explicit GroupRun(QObject* parent = nullptr);
    ~GroupRun() override;

    // `config` is resolved (prepareConfig); its threads are for the whole run and are shared out
    // between the processes. Reports through the signals, the first being started().
    void start(const train::TrainConfig& config, int processes);
    void stop();

    bool active() const { return m_active; }
    train::TrainerState state() const { return m_state; }
    std::int64_t step() const { return m_step; }
    // Every row of the run's metrics.csv as last read (a resumed run's earlier rows too).
    const std::vector<train::MetricsRow>& rows() const { return m_rows; }
    // The newest sample grid of the run folder and its file name.
    QImage sample() const { return m_sample; }
    QString sampleName() const { return m_sampleName; }
    // The command line it runs, for the status line and tests.
    QStringList arguments() const { return m_arguments; }

Q_SIGNALS:
    void started();
    void datasetLoaded(const train::DatasetSummary& summary);
    void rowsChanged();
    void sampleChanged();
    void finished(train::TrainerState state, const QString& message);

private:
    struct Launch;
    struct Reading;
    void launch(const Launch& launch);
    void readOutput();
    void readLine(const QString& line);
    void poll(bool last);
    void onExited(int code, bool crashed);
    void finish(train::TrainerState state, const QString& message);

    QProcess* m_process;
    QTimer* m_timer;
    BackgroundJobs* m_jobs;
    train::TrainConfig m_config;
    int m_processes = 1;
    int m_ticket = 0;  // a launch or reading of an earlier run is ignored
    bool m_active = false;
    bool m_reading = false;  // a poll is in flight
    bool m_stopped = false;  // the launcher said "stopped at step"
    train::TrainerState m_state = train::TrainerState::Idle;
    std::int64_t m_step = 0;
    std::vector<train::MetricsRow> m_rows;
    QImage m_sample;
    QString m_sampleName;
    QString m_configFile;
    QStringList m_arguments;
    QByteArray m_pending;  // stdout not yet a whole line
    QString m_lastError;   // the launcher's last stderr line
};

// One line of `latent train`'s "data: " output as a summary ("data: toy:ring8, 65536 points",
// "data: fashion-mnist, 60000 images, 10 classes, 3 unreadable files skipped"); false when the
// line is not one.
bool parseDataLine(const QString& line, train::DatasetSummary* summary);

}  // namespace latent::ui
