#include "ui/training/trainingcontroller.h"

#include <QMetaObject>

#include <optional>
#include <utility>

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

QString TrainingController::start(const train::TrainConfig& config) {
    if (m_active) return tr("A run is still going: stop it first.");
    auto resolved = train::prepareConfig(config);
    if (!resolved) return QString::fromStdString(resolved.error());

    // The previous trainer reported its end, so its thread is finishing: this join is short.
    m_trainer.reset();
    m_config = *resolved;
    m_dataset = {};
    m_rows.clear();
    m_snapshot.reset();
    m_error.clear();
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
    if (m_trainer && m_active) m_trainer->pause();
}

void TrainingController::resume() {
    if (m_trainer && m_active) m_trainer->resume();
}

void TrainingController::stop() {
    if (m_trainer && m_active) m_trainer->stop();
}

bool TrainingController::active() const {
    return m_active;
}

train::TrainerState TrainingController::state() const {
    return m_trainer ? m_trainer->state() : train::TrainerState::Idle;
}

std::int64_t TrainingController::step() const {
    return m_trainer ? m_trainer->step() : 0;
}

model::LoadedModel TrainingController::snapshotModel() const {
    return m_snapshot ? m_snapshot->model : model::LoadedModel{};
}

}  // namespace latent::ui
