#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/model/modelfileio.h"
#include "core/util/result.h"

namespace latent::train {

// A checkpoint is a latent-model container (docs/model-format.md; checksummed, written to a temp
// name and renamed) whose metadata has "kind": "latent-train-checkpoint", the step counters and the
// run's config, and whose tensors are "g.*", "ema.*", "d.*" (parameters and buffers) and
// "opt_g.*", "opt_d.*" (Adam moments and step counts, by parameter index); for image models the
// metadata also has "generator", the EMA generator's own model metadata, so that the loader opens a
// checkpoint like any model file. Our own encoding of the
// Adam state, rather than torch's archive, reads the same on LibTorch 1.13 and 2.x.
constexpr const char* kCheckpointKind = model::kTrainCheckpointKind;

using TensorMap = std::map<std::string, torch::Tensor>;

// Parameters and buffers of `module` as "<prefix>.<name>".
void addModuleTensors(model::NamedTensors& out, const torch::nn::Module& module,
                      const std::string& prefix);
// Copies "<prefix>.<name>" tensors into `module`; every one must exist with the right shape.
Status loadModuleTensors(torch::nn::Module& module, const TensorMap& tensors,
                         const std::string& prefix);

// Adam's per-parameter state as "<prefix>.<index>.{exp_avg,exp_avg_sq,step}".
void addAdamState(model::NamedTensors& out, torch::optim::Adam& optimizer,
                  const std::string& prefix);
// Each parameter's state must be complete: moments of the parameter's shape and dtype and a step
// count of one integer in 0..2^40.
Status loadAdamState(torch::optim::Adam& optimizer, const TensorMap& tensors,
                     const std::string& prefix);

// The largest step a checkpoint may hold (the largest --steps); a larger or negative step in a file
// or a file name is refused.
constexpr std::int64_t kMaxCheckpointStep = 1000000000;

// RUN/checkpoints/step_000500.ckpt
std::string checkpointPath(const std::string& runDir, std::int64_t step);
// Steps of the checkpoints in RUN/checkpoints, ascending. Names with a step beyond
// kMaxCheckpointStep are not counted.
std::vector<std::int64_t> listCheckpoints(const std::string& runDir);

// A file named like a checkpoint (step_<digits>.ckpt) in RUN/checkpoints.
struct CheckpointName {
    std::string path;
    std::string name;        // "step_000500.ckpt"
    std::int64_t step = -1;  // -1 when the number is beyond kMaxCheckpointStep
};
// Every such file, newest first (out-of-range numbers count as newest): what resume tries in turn.
std::vector<CheckpointName> checkpointNames(const std::string& runDir);
// Deletes all but the newest `keep`.
void pruneCheckpoints(const std::string& runDir, int keep);

struct CheckpointContents {
    nlohmann::json metadata;
    TensorMap tensors;
};
// Reads and validates a checkpoint file (container checks, "kind", and the step counters: "step"
// in 0..kMaxCheckpointStep, "images_seen" >= 0, "wall_time_s" finite and >= 0). Never throws.
Result<CheckpointContents> readCheckpoint(const std::string& path);

}  // namespace latent::train
