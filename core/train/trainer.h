#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/model/loader.h"
#include "core/train/metrics.h"
#include "core/train/trainconfig.h"

namespace latent::model {
class Generator;
}

namespace latent::train {

class Communicator;

enum class TrainerState {
    Idle,      // constructed, not started
    Starting,  // loading data and building models on the training thread
    Running,
    Paused,
    Finished,  // reached config.steps
    Stopped,   // stop() was called; a checkpoint of the last step was written
    Failed,    // error() says why (bad data, diverged, disk full, ...)
};
const char* trainerStateName(TrainerState state);

// The training data as loaded, for a line in the CLI or a label in the UI.
struct DatasetSummary {
    std::string name;  // "fashion-mnist", "toy:ring8" or the folder
    std::int64_t size = 0;
    int channels = 0;  // 0 for toy data
    std::vector<std::string> classNames;
    int skipped = 0;  // unreadable files left out of an image folder
    // Why quality metrics are off or partial for this run ("no classifier found ..."), once; "" if
    // they run as configured.
    std::string qualityNote;
    // Which unusable checkpoints a resume skipped and why, and the step it resumed from; "" if it
    // used the newest or did not resume.
    std::string resumeNote;
};

// What a UI renders from while training continues: immutable once published.
struct TrainerSnapshot {
    std::int64_t step = 0;
    // The EMA generator as a model the Explorer and the renderer take as they are (its info named
    // "Training snapshot, step N (data)", with a content hash of its own); null for MLP runs.
    model::LoadedModel model;
    std::vector<float> points;                          // MLP: EMA samples x0, y0, x1, y1, ...
    // Toy runs (GAN Lab's view): real points as x0, y0, ...; D's output (probability that a point
    // is real, in [0, 1]) on a heatmapSize x heatmapSize grid, row-major from (-extent, -extent) to
    // (extent, extent). Empty for image runs. For ns and hinge losses the map is sigmoid(D(x)); a
    // WGAN-GP critic is unbounded, so its map is min-max normalised over the grid (relative, not a
    // probability: 1 = the grid's most "real" cell).
    std::vector<float> realPoints;
    std::vector<float> heatmap;
    int heatmapSize = 0;
    float extent = 0.0f;
};

// Whether a snapshot is published at `step` ahead of the regular samples (every sampleEvery steps;
// 0 = only at the end), so the first samples show within seconds of Start.
bool earlyPreview(std::int64_t step, int sampleEvery);

// Runs a TrainConfig on its own std::thread (never the caller's). start/pause/resume/stop only
// set flags, checked between steps, so they take effect within one step and never block on a step.
// After each config.logEvery steps it appends a MetricsRow; at sample intervals (and at the end) it
// writes a sample grid, publishes a TrainerSnapshot; at checkpoint intervals, on stop() and at the
// end it writes a checkpoint and ema.ltm. A divergence (NaN/Inf loss or weights) fails the run
// without writing a checkpoint, so the last good one stays. All getters are thread-safe. Callbacks
// run on the training thread: keep them short and hand the data over (e.g. a queued Qt signal). The
// destructor stops the run and joins the thread.
class Trainer {
public:
    struct Callbacks {
        std::function<void(const DatasetSummary&)> loaded;  // data loaded, models built
        std::function<void(const MetricsRow&)> metrics;
        std::function<void(std::shared_ptr<const TrainerSnapshot>)> snapshot;
        std::function<void(TrainerState, const std::string& message)> finished;
    };

    // With a communicator the run is one rank of a data-parallel run (core/train/distributed.h):
    // only rank 0 writes the run folder and publishes snapshots; stop() on any rank stops all of
    // them after the same step. Pause is for a single process.
    explicit Trainer(TrainConfig config, Callbacks callbacks = {},
                     std::shared_ptr<Communicator> comm = nullptr);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    // Starts the training thread (once; later calls do nothing). The thread uses config.threads
    // LibTorch intra-op threads (0: the caller's count) and, with config.lowPriority, runs niced.
    void start();
    void pause();
    void resume();
    void stop();
    // Blocks until the training thread has ended (returns at once if never started).
    void wait();

    TrainerState state() const;
    std::string error() const;
    std::int64_t step() const;                                // G updates done
    std::vector<MetricsRow> metrics() const;                  // all rows of this session, copied
    std::shared_ptr<const TrainerSnapshot> snapshot() const;  // newest, or null
    const TrainConfig& config() const;
    DatasetSummary dataset() const;  // empty until the data has loaded

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace latent::train
