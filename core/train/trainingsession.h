#pragma once

#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/dcgan.h"
#include "core/model/stylegan.h"
#include "core/train/checkpoint.h"
#include "core/train/dataset.h"
#include "core/train/metrics.h"
#include "core/train/networks.h"
#include "core/train/prefetcher.h"
#include "core/train/qualityprobe.h"
#include "core/train/stylediscriminator.h"
#include "core/train/trainconfig.h"
#include "core/util/result.h"

namespace latent::model {
class Generator;
}

namespace latent::train {

class Communicator;

// The synchronous training engine under Trainer (core-internal, speaks tensors): models,
// optimisers, data and the run directory. Every method runs on the calling thread; one thread at a
// time. Randomness is counter-based: the noise of step s comes from a CPU generator seeded with
// mixSeed(seed', s) and data batch k from BatchOrder, so the RNG state saved in a checkpoint is the
// step counter itself and a resumed run draws exactly what an uninterrupted one would.
//
// Data-parallel (a communicator of N ranks, docs/distributed.md): every rank draws the same global
// batch and noise from (seed, step) and takes its 1/N slice of the rows, so the data do not depend
// on N; weights start as rank 0's; gradients (and the loss figures) are averaged over the ranks
// before each optimiser step, and BatchNorm normalises by the global batch (model::SyncBatchNorm2d),
// so every rank holds the same weights at every step and they match one process's. Only rank 0 writes the run folder; the others read
// it (a resume needs the run folder on a file system every rank sees).
class TrainingSession {
public:
    // Loads the data, builds the models and prepares the run directory (config.json), or resumes
    // from the newest checkpoint there when config.resume. Never throws (a rank that cannot reach
    // the others fails with the reason).
    static Result<std::unique_ptr<TrainingSession>> create(
        const TrainConfig& config, std::shared_ptr<Communicator> comm = nullptr);
    ~TrainingSession();

    // One generator update after config.dSteps discriminator updates. An Error ("training diverged
    // at step 12: D loss is NaN") is returned before the failing optimiser step is applied.
    Status step();
    // A metrics row averaged over the steps since the last call; appended to metrics.csv.
    Result<MetricsRow> logMetrics();
    // Checks weights are finite, then writes checkpoints/step_N.ckpt (pruning old ones) and
    // ema.ltm.
    Status saveCheckpoint();
    // samples/step_N.png from the EMA generator on the fixed latents.
    Status saveSamples();
    // Immutable copy of the EMA generator (DCGAN and style-based; null for the MLP).
    std::shared_ptr<const model::Generator> snapshotGenerator();
    // MLP: EMA generator on the fixed latents as x0, y0, x1, y1, ...; empty for DCGAN.
    std::vector<float> samplePoints();
    // Toy runs (empty otherwise): the first n real points as x0, y0, ...; D's view of the plane on
    // a size x size grid over [-extent, extent]^2, row-major from (-extent, -extent): sigmoid of
    // the logits (ns, hinge) or the critic min-max normalised to [0, 1] (WGAN-GP).
    std::vector<float> realPoints(std::int64_t n) const;
    std::vector<float> discriminatorHeatmap(int size, float extent);
    // Why quality metrics are off for this run, or "" (see DatasetSummary::qualityNote).
    const std::string& qualityNote() const { return m_qualityNote; }
    // Which unusable checkpoints resume skipped and why, or "" (see DatasetSummary::resumeNote).
    const std::string& resumeNote() const { return m_resumeNote; }
    // After a failed run: removes the folders this session created that are still empty.
    void discardEmptyFolders();

    // Whether any rank asks to stop (a collective: every rank calls it before each step, so all
    // stop after the same step). Without a communicator, `here`.
    bool anyRank(bool here);
    // Every weight and BatchNorm statistic of G, its EMA and D, flattened into one CPU tensor: what
    // ranks compare to check they hold the same model.
    torch::Tensor flatWeights() const;
    // Rank 0, or a single process: the one that writes the run folder and measures quality.
    bool leader() const { return m_rank == 0; }
    int worldSize() const { return m_worldSize; }

    const TrainConfig& config() const { return m_config; }
    const Dataset& dataset() const { return *m_dataset; }
    std::int64_t currentStep() const { return m_step; }
    double wallTime() const;

private:
    TrainingSession(const TrainConfig& config, std::shared_ptr<Communicator> comm);
    Status init();
    // Creates the run folder and its checkpoints/ and samples/, remembering which were new, and
    // removes temporaries a killed run left there.
    Status prepareRunFolder();
    // Tries the checkpoints newest first and resumes from the first usable one.
    Status resumeNewestValid(const std::vector<CheckpointName>& candidates);
    Status resumeFrom(const std::string& path);
    // A start that failed: removes config.json if this session wrote it and the new folders.
    void discardFailedStart();
    // G (or its EMA) on z. Style-based: the training G draws its per-pixel noise and its style
    // mixing from m_stepNoise (this step's counter-based stream), the EMA its fixed noise maps.
    torch::Tensor generate(const torch::Tensor& z, const torch::Tensor& classes, bool ema);
    torch::Tensor generateStyle(const torch::Tensor& z, const torch::Tensor& classes, bool ema);
    torch::Tensor discriminate(const torch::Tensor& x, const torch::Tensor& classes);
    // `x` as D is to see it: through this step's augmentation (augment.h), or as it is when off.
    torch::Tensor augmented(const torch::Tensor& x);
    // After each step: the adaptive augmentation's sums, and every kAugmentInterval steps its p.
    void adaptAugmentation(double realSign);
    Status checkFinite(const char* what, double value) const;
    // One optimiser update of `net` ("G" or "D") from `loss`: the loss and the gradient norm are
    // checked finite (a diverged run stops with the step and what went wrong) and returned.
    // `figures` (the loss first, then others to report) come back averaged over the ranks.
    Status update(const torch::Tensor& loss, const torch::Tensor& figures,
                  torch::optim::Optimizer& optimizer, torch::nn::Module& net, const char* name,
                  std::vector<double>* values, double* gradNorm) const;
    // Rank `world`'s rows of a global batch tensor drawn on every rank.
    torch::Tensor mine(const torch::Tensor& global) const;
    // Rank 0's weights, BatchNorm statistics and step counters everywhere (at the start, also
    // after a resume).
    void shareFromLeader();
    Status checkWeights() const;
    std::string modelName() const;
    void initQuality();                 // sessionquality.cpp
    void measureQuality(MetricsRow& row);

    TrainConfig m_config;  // resolved
    std::shared_ptr<Communicator> m_comm;  // null: a single process
    int m_rank = 0, m_worldSize = 1;
    torch::Device m_device{torch::kCPU};
    std::shared_ptr<const Dataset> m_dataset;
    std::unique_ptr<BatchPrefetcher> m_prefetcher;
    // Exactly one of the G pairs is set, by architecture. EMA copies are always in eval mode.
    model::DcganGenerator m_dcgan{nullptr}, m_dcganEma{nullptr};
    model::StyleGenerator m_style{nullptr}, m_styleEma{nullptr};
    StyleDiscriminator m_styleD{nullptr};
    std::optional<at::Generator> m_stepNoise;  // set during step()
    // D's input augmentation: the run's setting, the current probability, and the adaptive
    // heuristic's sums since its last adjustment (checkpointed: they are training state).
    AugmentSetting m_augment;
    double m_augmentP = 0;
    double m_augmentSignSum = 0;
    int m_augmentSignSteps = 0;
    std::optional<at::Generator> m_stepAugment;  // set during step()
    MlpGenerator m_mlp{nullptr}, m_mlpEma{nullptr};
    std::shared_ptr<torch::nn::Module> m_g, m_ema, m_d;  // the same modules, type-erased
    DcganDiscriminator m_dcganD{nullptr};
    MlpDiscriminator m_mlpD{nullptr};
    std::unique_ptr<torch::optim::Adam> m_optG, m_optD;
    torch::Tensor m_fixedZ;        // K x latentSize float32, device: the sample grid's latents
    torch::Tensor m_fixedClasses;  // K int64, device (conditional only)

    std::int64_t m_step = 0;  // G updates done
    std::int64_t m_imagesSeen = 0;
    double m_previousWallTime = 0;  // seconds trained before this session (resumed runs)
    std::chrono::steady_clock::time_point m_started;

    // Sums since the last metrics row.
    int m_pending = 0;
    double m_sumG = 0, m_sumD = 0, m_sumReal = 0, m_sumFake = 0, m_sumRealSign = 0;
    double m_lastGNorm = 0, m_lastDNorm = 0;
    std::int64_t m_lastLogImages = 0;
    double m_lastLogTime = 0;

    // Quality metrics (sessionquality.cpp): null when off or unavailable.
    std::unique_ptr<QualityProbe> m_quality;
    std::string m_qualityNote;
    std::string m_resumeNote;
    std::vector<std::string> m_createdFolders;  // deepest first
    bool m_wroteConfig = false;
    std::int64_t m_lastQualityStep = 0;
};

}  // namespace latent::train
