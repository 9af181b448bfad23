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
// "opt_g.*", "opt_d.*" (Adam moments and step counts, by parameter index). Our own encoding of the
// Adam state, rather than torch's archive, reads the same on LibTorch 1.13 and 2.x.
constexpr const char* kCheckpointKind = "latent-train-checkpoint";

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
Status loadAdamState(torch::optim::Adam& optimizer, const TensorMap& tensors,
                     const std::string& prefix);

// RUN/checkpoints/step_000500.ckpt
std::string checkpointPath(const std::string& runDir, std::int64_t step);
// Steps of the checkpoints in RUN/checkpoints, ascending.
std::vector<std::int64_t> listCheckpoints(const std::string& runDir);
// Deletes all but the newest `keep`.
void pruneCheckpoints(const std::string& runDir, int keep);

struct CheckpointContents {
    nlohmann::json metadata;
    TensorMap tensors;
};
// Reads and validates a checkpoint file (container checks plus "kind"). Never throws.
Result<CheckpointContents> readCheckpoint(const std::string& path);

}  // namespace latent::train
