#pragma once

#include <cstdint>

#include "app/cli/args.h"
#include "core/edit/edit.h"
#include "core/model/modelinfo.h"

namespace latent::cli {

// `--mix-seed S2 --mix-layers A-B` of `latent sample`: synthesis layers A..B take their w from seed
// S2's latent. --mix-layers also takes "A" (one layer) or "A-" (A through the last layer). No
// --mix-seed: mix.z stays empty (no mixing). Malformed or lone options are a UsageError; whether
// the model can mix (style-based, several layers, range inside them) the renderer reports.
struct MixOption {
    edit::StyleMix mix;
    std::uint64_t seed = 0;
};
MixOption mixOption(const Args& args, const model::ModelInfo& info);

}  // namespace latent::cli
