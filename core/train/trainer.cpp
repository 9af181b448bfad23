#include "core/train/trainer.h"

#include <ATen/Parallel.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/model/generator.h"
#include "core/model/probe.h"
#include "core/runtime/runtime.h"
#include "core/train/trainingsession.h"

namespace latent::train {

const char* trainerStateName(TrainerState state) {
    switch (state) {
        case TrainerState::Idle:
            return "idle";
        case TrainerState::Starting:
            return "starting";
        case TrainerState::Running:
            return "running";
        case TrainerState::Paused:
            return "paused";
        case TrainerState::Finished:
            return "finished";
        case TrainerState::Stopped:
            return "stopped";
        case TrainerState::Failed:
            return "failed";
    }
    return "?";
}

namespace {

// The toy view: as many real points as the sample scatter shows, over the same [-3, 3]^2 square.
constexpr std::int64_t kToyViewPoints = 1024;
constexpr int kHeatmapSize = 64;
constexpr float kToyExtent = 3.0f;

}  // namespace

struct Trainer::Impl {
    TrainConfig config;
    Callbacks callbacks;
    std::shared_ptr<Communicator> comm;
    std::thread thread;
    int torchThreads = 0;

    std::atomic<bool> stopRequested{false};
    std::atomic<bool> pauseRequested{false};
    std::atomic<std::int64_t> step{0};

    mutable std::mutex mutex;  // guards everything below, and pairs with resumed for pause
    std::condition_variable resumed;
    TrainerState state = TrainerState::Idle;
    std::string error;
    std::vector<MetricsRow> rows;
    std::shared_ptr<const TrainerSnapshot> snapshot;
    DatasetSummary dataset;

    void setState(TrainerState s) {
        std::lock_guard<std::mutex> lock(mutex);
        state = s;
    }
    void run();
    Status loop(TrainingSession& session);
    Status log(TrainingSession& session);
    void publish(TrainingSession& session);
    void finish(TrainerState s, const std::string& message);
};

void Trainer::Impl::finish(TrainerState s, const std::string& message) {
    {
        std::lock_guard<std::mutex> lock(mutex);
        state = s;
        error = s == TrainerState::Failed ? message : std::string();
    }
    if (callbacks.finished) callbacks.finished(s, message);
}

Status Trainer::Impl::log(TrainingSession& session) {
    auto row = session.logMetrics();
    if (!row) return Error{row.error()};
    {
        std::lock_guard<std::mutex> lock(mutex);
        rows.push_back(*row);
    }
    if (callbacks.metrics) callbacks.metrics(*row);
    return success();
}

void Trainer::Impl::publish(TrainingSession& session) {
    if (!session.leader()) return;  // one picture of the run, from rank 0
    auto snap = std::make_shared<TrainerSnapshot>();
    snap->step = session.currentStep();
    snap->model.generator = session.snapshotGenerator();
    if (snap->model.generator) {
        const TrainConfig& c = session.config();
        model::ModelInfo info = snap->model.generator->info();
        info.name = "Training snapshot, step " + std::to_string(snap->step) + " (" + c.data + ")";
        info.path = c.runDir;
        info.contentHash = "snapshot:" + c.runDir + ":" + std::to_string(snap->step);
        snap->model.info = std::move(info);
    }
    snap->points = session.samplePoints();
    if (session.dataset().toy()) {
        snap->realPoints = session.realPoints(kToyViewPoints);
        snap->heatmap = session.discriminatorHeatmap(kHeatmapSize, kToyExtent);
        snap->heatmapSize = kHeatmapSize;
        snap->extent = kToyExtent;
    }
    std::shared_ptr<const TrainerSnapshot> published = std::move(snap);
    {
        std::lock_guard<std::mutex> lock(mutex);
        snapshot = published;
    }
    if (callbacks.snapshot) callbacks.snapshot(published);
}

bool earlyPreview(std::int64_t step, int sampleEvery) {
    // Steps 10, 50, 100, 200, 400 before the first regular sample: a Fashion-MNIST run at 3
    // steps/s shows its first samples in seconds, not after the ~3 minutes to step 500.
    if (sampleEvery > 0 && step >= sampleEvery) return false;
    for (std::int64_t s : {10, 50, 100, 200, 400}) {
        if (step == s) return true;
    }
    return false;
}

Status Trainer::Impl::loop(TrainingSession& session) {
    const TrainConfig& c = session.config();
    std::int64_t lastLogged = session.currentStep();
    std::int64_t lastCheckpoint = session.currentStep();
    publish(session);
    setState(TrainerState::Running);
    // With several ranks they agree before each step, so all stop after the same one.
    while (session.currentStep() < c.steps && !session.anyRank(stopRequested)) {
        if (pauseRequested) {
            std::unique_lock<std::mutex> lock(mutex);
            state = TrainerState::Paused;
            resumed.wait(lock, [&] { return !pauseRequested || stopRequested; });
            state = TrainerState::Running;
            continue;  // re-check stop before stepping
        }
        if (auto s = session.step(); !s) return s;
        const std::int64_t n = session.currentStep();
        step = n;
        if (n % c.logEvery == 0) {
            if (auto s = log(session); !s) return s;
            lastLogged = n;
        }
        if (c.sampleEvery > 0 && n % c.sampleEvery == 0) {
            if (auto s = session.saveSamples(); !s) return s;
            publish(session);
        } else if (earlyPreview(n, c.sampleEvery)) {
            publish(session);  // shown, not written: samples/ keeps its regular steps
        }
        if (c.checkpointEvery > 0 && n % c.checkpointEvery == 0) {
            if (auto s = session.saveCheckpoint(); !s) return s;
            lastCheckpoint = n;
        }
    }
    // Finished or stopped: make the last step durable and visible.
    const std::int64_t n = session.currentStep();
    if (n != lastLogged) {
        if (auto s = log(session); !s) return s;
    }
    if (n != lastCheckpoint || n == 0) {
        if (auto s = session.saveCheckpoint(); !s) return s;
    }
    if (auto s = session.saveSamples(); !s) return s;
    publish(session);
    return success();
}

void Trainer::Impl::run() {
    // OpenMP's thread count is per calling thread: the run's own, else the caller's carried over.
    const int threads = config.threads > 0 ? config.threads : torchThreads;
    if (threads > 0) at::set_num_threads(threads);
    // Before the first parallel op: OpenMP's workers for this thread are started by it and take
    // its priority with them.
    if (config.lowPriority) runtime::lowerThisThreadsPriority();
    std::unique_ptr<TrainingSession> started;
    try {
        auto session = TrainingSession::create(config, comm);
        if (!session) return finish(TrainerState::Failed, session.error());
        started = std::move(session).value();
        TrainingSession* const s = started.get();
        step = s->currentStep();
        const Dataset& data = s->dataset();
        DatasetSummary summary{data.name,    data.size(),      data.channels(),  data.classNames,
                               data.skipped, s->qualityNote(), s->resumeNote()};
        {
            std::lock_guard<std::mutex> lock(mutex);
            dataset = summary;
        }
        if (callbacks.loaded) callbacks.loaded(summary);
        if (auto status = loop(*s); !status) {
            s->discardEmptyFolders();
            return finish(TrainerState::Failed, status.error());
        }
        const bool stopped = s->currentStep() < s->config().steps;
        finish(stopped ? TrainerState::Stopped : TrainerState::Finished,
               stopped ? "stopped at step " + std::to_string(step.load()) : "finished");
    } catch (const std::exception& e) {
        // c10::Error from LibTorch (out of memory, device errors): the run fails, the app does not.
        if (started) started->discardEmptyFolders();
        finish(TrainerState::Failed, "training failed at step " + std::to_string(step.load()) +
                                         ": " + model::conciseError(e));
    }
}

Trainer::Trainer(TrainConfig config, Callbacks callbacks, std::shared_ptr<Communicator> comm)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->config = std::move(config);
    m_impl->callbacks = std::move(callbacks);
    m_impl->comm = std::move(comm);
}

Trainer::~Trainer() {
    stop();
    wait();
}

void Trainer::start() {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    if (m_impl->state != TrainerState::Idle) return;
    m_impl->state = TrainerState::Starting;
    m_impl->torchThreads = at::get_num_threads();
    m_impl->thread = std::thread([impl = m_impl.get()] { impl->run(); });
}

void Trainer::pause() { m_impl->pauseRequested = true; }

void Trainer::resume() {
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        m_impl->pauseRequested = false;
    }
    m_impl->resumed.notify_all();
}

void Trainer::stop() {
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        m_impl->stopRequested = true;
    }
    m_impl->resumed.notify_all();
}

void Trainer::wait() {
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

TrainerState Trainer::state() const {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->state;
}

std::string Trainer::error() const {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->error;
}

std::int64_t Trainer::step() const { return m_impl->step; }

std::vector<MetricsRow> Trainer::metrics() const {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->rows;
}

std::shared_ptr<const TrainerSnapshot> Trainer::snapshot() const {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->snapshot;
}

const TrainConfig& Trainer::config() const { return m_impl->config; }

DatasetSummary Trainer::dataset() const {
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->dataset;
}

}  // namespace latent::train
