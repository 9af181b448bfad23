#include "ui/training/trainingcontroller.h"

#include <QMetaObject>

#include <optional>
#include <utility>

#include "core/train/world.h"
#include "ui/training/grouprun.h"

namespace latent::ui {

// What the training thread hands over, collected until the UI thread drains it.
struct TrainingController::Inbox {
    std::mutex mutex;
    std::vector<train::MetricsRow> rows;
    std::shared_ptr<const train::TrainerSnapshot> snapshot;  // newest only
    std::optional<train::DatasetSummary> dataset;
    std::optional<std::pair<train::TrainerState, std::string>> finished;
    bool drainQueued = false;
};

TrainingController::TrainingController(QObject* parent) : QObject(parent) {}

TrainingController::~TrainingController() {
    // The trainer's destructor stops the run and joins its thread, so no callback can reach us
    // after this line.
    if (m_trainer) m_trainer->stop();
    m_trainer.reset();
}

QString TrainingController::start(const train::TrainConfig& config, int processes) {
    if (m_active) return tr("A run is still going: stop it first.");
    auto resolved = train::prepareConfig(config);
    if (!resolved) return QString::fromStdString(resolved.error());
    if (processes > 1) {
        if (QString problem = groupProblem(*resolved, processes); !problem.isEmpty()) return problem;
    }
    // The previous trainer reported its end, so its thread is finishing: this join is short.
    m_trainer.reset();
    m_config = *resolved;
    m_dataset = {};
    m_rows.clear();
    m_snapshot.reset();
    m_error.clear();
    m_onProcesses = processes > 1;
    if (m_onProcesses) {
        startGroup(processes);
        return {};
    }
    m_inbox = std::make_shared<Inbox>();

    train::Trainer::Callbacks callbacks;
    Inbox* inbox = m_inbox.get();  // outlives the trainer: reset only after the join above
    callbacks.loaded = [this, inbox](const train::DatasetSummary& summary) {
        {
            std::lock_guard<std::mutex> lock(inbox->mutex);
            inbox->dataset = summary;
        }
        queueDrain(inbox);
    };
    callbacks.metrics = [this, inbox](const train::MetricsRow& row) {
        {
            std::lock_guard<std::mutex> lock(inbox->mutex);
            inbox->rows.push_back(row);
        }
        queueDrain(inbox);
    };
    callbacks.snapshot = [this, inbox](std::shared_ptr<const train::TrainerSnapshot> snapshot) {
        {
            std::lock_guard<std::mutex> lock(inbox->mutex);
            inbox->snapshot = std::move(snapshot);
        }
        queueDrain(inbox);
    };
    callbacks.finished = [this, inbox](train::TrainerState state, const std::string& message) {
        {
            std::lock_guard<std::mutex> lock(inbox->mutex);
            inbox->finished = std::make_pair(state, message);
        }
        queueDrain(inbox);
    };
    m_trainer = std::make_unique<train::Trainer>(m_config, std::move(callbacks));
    m_active = true;
    m_trainer->start();
    Q_EMIT started();
    return {};
}

QString TrainingController::groupProblem(const train::TrainConfig& config, int processes) {
    if (!train::distributedAvailable()) {
        return tr("This build cannot train on several processes: PyTorch's Gloo headers "
                  "(libgloo-dev) were not found when it was built.");
    }
    if (config.batch % processes != 0) {
        return tr("The batch of %1 does not split evenly over %2 processes; choose a multiple of %2.")
            .arg(config.batch)
            .arg(processes);
    }
    return {};
}

void TrainingController::startGroup(int processes) {
    m_processes = processes;
    if (!m_group) {
        m_group = new GroupRun(this);
        connect(m_group, &GroupRun::started, this, &TrainingController::started);
        connect(m_group, &GroupRun::datasetLoaded, this, [this](const train::DatasetSummary& d) {
            m_dataset = d;
            Q_EMIT datasetLoaded(d);
        });
        connect(m_group, &GroupRun::rowsChanged, this, [this] {
            m_rows = m_group->rows();
            Q_EMIT rowsReplaced();
        });
        connect(m_group, &GroupRun::sampleChanged, this, &TrainingController::sampleChanged);
        connect(m_group, &GroupRun::finished, this,
                [this](train::TrainerState state, const QString& message) {
                    m_active = false;
                    m_error = state == train::TrainerState::Failed ? message : QString();
                    Q_EMIT finished(state, message);
                });
    }
    m_active = true;
    m_group->start(m_config, processes);
}

QImage TrainingController::sample() const {
    return m_onProcesses && m_group ? m_group->sample() : QImage();
}

QString TrainingController::sampleName() const {
    return m_onProcesses && m_group ? m_group->sampleName() : QString();
}

// Training thread: at most one drain waits in the event queue at a time.
void TrainingController::queueDrain(Inbox* inbox) {
    {
        std::lock_guard<std::mutex> lock(inbox->mutex);
        if (inbox->drainQueued) return;
        inbox->drainQueued = true;
    }
    QMetaObject::invokeMethod(this, [this] { drain(); }, Qt::QueuedConnection);
}

void TrainingController::drain() {
    if (!m_inbox) return;
    std::vector<train::MetricsRow> rows;
    std::shared_ptr<const train::TrainerSnapshot> snapshot;
    std::optional<train::DatasetSummary> dataset;
    std::optional<std::pair<train::TrainerState, std::string>> finished;
    {
        std::lock_guard<std::mutex> lock(m_inbox->mutex);
        m_inbox->drainQueued = false;
        rows.swap(m_inbox->rows);
        snapshot = std::move(m_inbox->snapshot);
        m_inbox->snapshot.reset();
        dataset = std::move(m_inbox->dataset);
        m_inbox->dataset.reset();
        finished = std::move(m_inbox->finished);
        m_inbox->finished.reset();
    }
    if (dataset) {
        m_dataset = *dataset;
        Q_EMIT datasetLoaded(m_dataset);
    }
    if (!rows.empty()) {
        const int first = static_cast<int>(m_rows.size());
        m_rows.insert(m_rows.end(), rows.begin(), rows.end());
        Q_EMIT rowsAdded(first);
    }
    if (snapshot) {
        m_snapshot = std::move(snapshot);
        Q_EMIT snapshotChanged();
    }
    if (finished) {
        m_active = false;
        m_error = finished->first == train::TrainerState::Failed
                      ? QString::fromStdString(finished->second)
                      : QString();
        Q_EMIT this->finished(finished->first, QString::fromStdString(finished->second));
    }
}

void TrainingController::pause() {
    if (m_trainer && m_active && !m_onProcesses) m_trainer->pause();
}

void TrainingController::resume() {
    if (m_trainer && m_active) m_trainer->resume();
}

void TrainingController::stop() {
    if (m_onProcesses) {
        if (m_group) m_group->stop();
        return;
    }
    if (m_trainer && m_active) m_trainer->stop();
}

bool TrainingController::active() const {
    return m_active;
}

train::TrainerState TrainingController::state() const {
    if (m_onProcesses) return m_group->state();
    return m_trainer ? m_trainer->state() : train::TrainerState::Idle;
}

std::int64_t TrainingController::step() const {
    if (m_onProcesses) return m_group->step();
    return m_trainer ? m_trainer->step() : 0;
}

model::LoadedModel TrainingController::snapshotModel() const {
    return m_snapshot ? m_snapshot->model : model::LoadedModel{};
}

}  // namespace latent::ui
