#pragma once

#include <QImage>
#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "core/model/loader.h"
#include "core/train/trainer.h"

namespace latent::ui {

// Owns the core Trainer of the Training panel and brings what it reports into the UI thread.
// Trainer callbacks run on the training thread; they only append to an inbox under a mutex and,
// if no drain is queued yet, queue one, so a fast toy run can never flood the event queue and the
// UI thread never waits on a training step. start/pause/resume/stop only set the trainer's flags.
// The one blocking join is in the destructor (after stop) and when a finished trainer is replaced.
// A run on several processes goes to a GroupRun instead (a child `latent train --nproc N`): its
// rows and samples come from the run folder (rowsReplaced, sampleChanged), and it has no pause
// and no live snapshot.
class GroupRun;
class TrainingController : public QObject {
    Q_OBJECT

public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    // Starts a run, in this process or, with `processes` > 1, as that many ranks of `latent train`;
    // returns "" or, without starting, what is wrong with the config (or that a run is still
    // going).
    QString start(const train::TrainConfig& config, int processes = 1);
    void pause();
    void resume();
    void stop();

    // Starting, Running or Paused: a run that has not reported its end yet.
    bool active() const;
    // The run is on several processes (a GroupRun): no pause, no live snapshot.
    bool onProcesses() const { return m_onProcesses; }
    bool canPause() const { return !m_onProcesses; }
    int processes() const { return m_onProcesses ? m_processes : 1; }
    GroupRun* groupRun() const { return m_group; }
    // A run on processes: its newest sample grid from the run folder, and the file's name.
    QImage sample() const;
    QString sampleName() const;
    // Polled (cheap: one short lock): pause takes effect between steps and has no callback.
    train::TrainerState state() const;
    std::int64_t step() const;  // G updates done, live (not only at logged rows)
    QString error() const { return m_error; }

    const train::TrainConfig& config() const { return m_config; }  // resolved
    const train::DatasetSummary& dataset() const { return m_dataset; }
    const std::vector<train::MetricsRow>& rows() const { return m_rows; }
    std::shared_ptr<const train::TrainerSnapshot> snapshot() const { return m_snapshot; }
    // The newest EMA snapshot's model (TrainerSnapshot::model; null generator for MLP runs or
    // before the first snapshot). The generator is immutable: the Explorer renders from it while
    // training goes on with other weights.
    model::LoadedModel snapshotModel() const;

Q_SIGNALS:
    void started();
    void datasetLoaded(const train::DatasetSummary& summary);
    void rowsAdded(int first);  // rows()[first..] are new
    void rowsReplaced();        // rows() is the run folder's metrics, all of it (processes)
    void sampleChanged();       // sample() is new (processes)
    void snapshotChanged();
    void finished(train::TrainerState state, const QString& message);

private:
    struct Inbox;
    // Why `config` cannot run on `processes` processes, or "".
    static QString groupProblem(const train::TrainConfig& config, int processes);
    // Starts m_config as a GroupRun (the run's state already reset).
    void startGroup(int processes);
    void queueDrain(Inbox* inbox);
    void drain();

    std::shared_ptr<Inbox> m_inbox;
    std::unique_ptr<train::Trainer> m_trainer;
    GroupRun* m_group = nullptr;  // made on the first run on processes
    bool m_onProcesses = false;
    int m_processes = 1;
    train::TrainConfig m_config;
    train::DatasetSummary m_dataset;
    std::vector<train::MetricsRow> m_rows;
    std::shared_ptr<const train::TrainerSnapshot> m_snapshot;
    bool m_active = false;
    QString m_error;
};

}  // namespace latent::ui
