#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace latent::model {

// Hyper-parameters of the built-in DCGAN generator family (docs/model-format.md).
struct DcganConfig {
    int latentSize = 100;
    int resolution = 64;                  // 32, 64 or 128
    int channels = 3;                     // 1 or 3
    int baseWidth = 64;                   // feature maps of the last hidden layer ("ngf")
    std::vector<std::string> classNames;  // non-empty: class-conditional
    int embeddingSize = 0;                // class embedding size; 0 = one per class (like one-hot)
};

// Writes a freshly initialised DCGAN generator (weights drawn from `seed`, DCGAN's N(0, 0.02) init)
// as a model file named `name`. For tests, benchmarks and as the starting point of training.
// Atomic (temporary file + rename). Fails with a message on a bad config or unwritable path.
Status writeRandomDcgan(const std::string& path, const DcganConfig& config, std::uint64_t seed,
                        const std::string& name);

}  // namespace latent::model
