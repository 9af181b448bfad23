#include "core/train/runfolder.h"

#include <algorithm>
#include <filesystem>

#include "core/train/checkpoint.h"
#include "core/util/inputfile.h"
#include "core/util/json.h"

namespace latent::train {

namespace fs = std::filesystem;

std::string runConfigPath(const std::string& runDir) { return runDir + "/config.json"; }
std::string runMetricsPath(const std::string& runDir) { return runDir + "/metrics.csv"; }
std::string runEmaPath(const std::string& runDir) { return runDir + "/ema.ltm"; }
std::string runSamplesDir(const std::string& runDir) { return runDir + "/samples"; }
std::string runCheckpointsDir(const std::string& runDir) { return runDir + "/checkpoints"; }

std::string latestSample(const std::string& runDir) {
    // step_NNNNNN.png is zero-padded: name order is step order.
    std::string newest;
    std::error_code ec;
    for (fs::directory_iterator it(runSamplesDir(runDir), ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind("step_", 0) != 0 || it->path().extension() != ".png") continue;
        if (!it->is_regular_file(ec)) continue;
        if (newest.empty() || name > fs::path(newest).filename().string()) {
            newest = it->path().string();
        }
    }
    return newest;
}

RunFolder readRun(const std::string& dir) {
    RunFolder run;
    run.dir = dir;
    std::error_code ec;
    const bool hasConfigFile = fs::exists(runConfigPath(dir), ec);
    const bool hasMetricsFile = fs::exists(runMetricsPath(dir), ec);
    if (!hasConfigFile && !hasMetricsFile) {
        run.error = dir + " is not a training run folder (no config.json or metrics.csv)";
        return run;
    }
    // Read through the input-file check: a FIFO or device named config.json must not block.
    if (hasConfigFile) {
        auto text = util::readInputFile(runConfigPath(dir), "a training config", util::kMaxJsonBytes);
        if (!text) {
            run.error = text.error();
        } else if (auto parsed = configFromJson(*text)) {
            run.config = *parsed;
            run.config.runDir = dir;
            run.hasConfig = true;
        } else {
            run.error = "config.json: " + parsed.error();
        }
    }
    if (hasMetricsFile) {
        auto rows = readMetrics(runMetricsPath(dir), &run.skippedLines);
        if (rows) {
            run.rows = std::move(*rows);
        } else if (run.error.empty()) {
            run.error = rows.error();
        }
    }
    run.latestSample = latestSample(dir);
    run.hasCheckpoint = !listCheckpoints(dir).empty();
    return run;
}

}  // namespace latent::train
