#pragma once

// Training configs shared by the core and ui tests (no tensors here: the ui tests include it).
#include <string>

#include "core/train/trainconfig.h"

namespace latent::test {

// A toy:ring8 MLP run in `runDir`: a step takes well under a millisecond. Callers lengthen it,
// widen it or turn on logging and samples as their test needs.
inline train::TrainConfig tinyToyConfig(const std::string& runDir) {
    train::TrainConfig c;
    c.data = "toy:ring8";
    c.architecture = train::Architecture::Mlp;
    c.runDir = runDir;
    c.latentSize = 4;
    c.gWidth = 16;
    c.dWidth = 16;
    c.batch = 16;
    c.steps = 6;
    c.seed = 9;
    c.logEvery = 1;
    c.sampleEvery = 0;
    c.checkpointEvery = 0;
    return c;
}

}  // namespace latent::test
