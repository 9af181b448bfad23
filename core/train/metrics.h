#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace latent::train {

// One logged step of a run: a row of metrics.csv and what a UI plots. Losses and D outputs are
// means over the steps since the previous row; d_real / d_fake are D's raw outputs (logits, or
// critic values for WGAN-GP) on real and generated batches.
struct MetricsRow {
    std::int64_t step = 0;
    std::int64_t epoch = 0;
    std::int64_t imagesSeen = 0;  // real images (or toy points) shown to D so far
    double gLoss = 0, dLoss = 0, dReal = 0, dFake = 0;
    double gGradNorm = 0, dGradNorm = 0;  // global L2 norm of the last update's gradients
    double imagesPerSec = 0;              // over the steps since the previous row
    double wallTimeS = 0;                 // training time of the run, across resumes
    // The mean of sign(D(real)) over the steps since the previous row: StyleGAN2-ADA's overfitting
    // heuristic r_t (near 1: D is sure of every real image, e.g. it memorised a small set).
    double realSign = std::numeric_limits<double>::quiet_NaN();
    // D's input augmentation probability at this row (augment.h); NaN when the run has none.
    double augmentP = std::numeric_limits<double>::quiet_NaN();
    // Quality, on the rows where it was measured (every config.qualityEvery steps), else NaN:
    // images: Frechet distance to held-out real images in the shipped classifier's feature space,
    // and the entropy (nats) of the classifier's histogram of generated classes (mode-collapse
    // alarm: log(10) = 2.30 is every class equally often). Toy data: grid Jensen-Shannon divergence
    // between real and generated points in `quality`, classEntropy stays NaN.
    double quality = std::numeric_limits<double>::quiet_NaN();
    double classEntropy = std::numeric_limits<double>::quiet_NaN();
    // Mode-collapse watch, measured with quality. diversity: mean pairwise distance of generated
    // samples over that of real data (images: pooled to 16 px; toys: the points); ~1 when G is as
    // varied as the data, near 0 when it makes one thing. modesCovered: toy runs only, how many of
    // the distribution's modes hold their share of samples (train::modeCoverage).
    double diversity = std::numeric_limits<double>::quiet_NaN();
    double modesCovered = std::numeric_limits<double>::quiet_NaN();
};

std::string metricsCsvHeader();                     // "step,epoch,...,wall_time_s" (no newline)
std::string metricsCsvLine(const MetricsRow& row);  // no newline

// Appends a row to `path` (writing the header first when the file is new or empty).
Status appendMetrics(const std::string& path, const MetricsRow& row);
// A million logged steps are ~150 MB of CSV.
inline constexpr std::size_t kMaxMetricsBytes = std::size_t{256} << 20;

// metrics.csv text, read by its header's column names, so files of older versions (without the
// quality columns) and columns added later read fine. Empty fields keep MetricsRow's defaults
// (NaN for the quality columns: not measured). A line is skipped, and counted in `skipped`, when
// it is torn (fewer fields than the header: the run is writing it, or a crash cut it), has no
// whole step number, or holds something other than a number in one of our columns. Never throws.
// The one reader: the CLI, the Training panel (train::readRun) and resume all go through it.
std::vector<MetricsRow> parseMetrics(const std::string& text, int* skipped = nullptr);
// The file (regular files only, at most kMaxMetricsBytes); errors name it.
Result<std::vector<MetricsRow>> readMetrics(const std::string& path, int* skipped = nullptr);
// Keeps only the header and well-formed rows with step <= maxStep, in ascending step order (used on
// resume, so rows written after the checkpoint we continue from, and torn or garbage lines a crash
// left, disappear). Atomic; a missing file is fine.
Status truncateMetrics(const std::string& path, std::int64_t maxStep);

}  // namespace latent::train
