#pragma once

#include <string>

#include "app/cli/args.h"
#include "core/model/loader.h"

namespace latent::cli {

// --device cpu|cuda|auto as a DeviceKind; anything else is a UsageError.
model::DeviceKind deviceOption(const Args& args);

// Applies --threads (default: all cores) to LibTorch.
void applyThreads(const Args& args);

// --class given as an index or a class name of the model. -1 for unconditional models.
int classOption(const Args& args, const model::ModelInfo& info);

}  // namespace latent::cli
