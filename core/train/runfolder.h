#pragma once

#include <string>
#include <vector>

#include "core/train/metrics.h"
#include "core/train/trainconfig.h"

namespace latent::train {

// The layout of a run folder, in one place (the trainer writes it, the CLI and the panel read it):
//   RUN/config.json  RUN/metrics.csv  RUN/ema.ltm  RUN/samples/step_NNNNNN.png
//   RUN/checkpoints/step_NNNNNN.ckpt  (samplePath and checkpointPath give the numbered names)
std::string runConfigPath(const std::string& runDir);
std::string runMetricsPath(const std::string& runDir);
std::string runEmaPath(const std::string& runDir);
std::string runSamplesDir(const std::string& runDir);
std::string runCheckpointsDir(const std::string& runDir);

// What "Open run…" shows of an existing run folder: its config, its metrics (parseMetrics' rules)
// and its newest sample grid. Reads files: call it off the UI thread.
struct RunFolder {
    std::string dir;
    bool hasConfig = false;
    TrainConfig config;  // runDir set to `dir`
    std::vector<MetricsRow> rows;
    int skippedLines = 0;
    std::string latestSample;  // the sample grid of the highest step, or ""
    bool hasCheckpoint = false;
    // Set when the folder is not a run folder at all, or when config.json or metrics.csv could
    // not be read (what could be read is still there).
    std::string error;
};

RunFolder readRun(const std::string& dir);
// RUN/samples/step_NNNNNN.png with the highest step, or "".
std::string latestSample(const std::string& runDir);

}  // namespace latent::train
