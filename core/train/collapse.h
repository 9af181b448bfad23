#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/train/metrics.h"
#include "core/train/trainconfig.h"

namespace latent::train {

// The mode-collapse watch: which of a run's measured figures says how varied its samples are, and
// the alarm raised when that figure falls. No tensors: the CLI and the Training panel share it.
enum class VarietyMeasure {
    None,          // quality measurement off
    ModesCovered,  // toy data: modes holding their share of samples (MetricsRow::modesCovered)
    ClassEntropy,  // Fashion-MNIST: entropy of the classifier's class histogram
    Diversity,     // other image data: pairwise distance of samples over that of the data
};

struct Variety {
    VarietyMeasure measure = VarietyMeasure::None;
    double full = 0;    // the figure of a run as varied as its data: 8 modes, log 10 nats, 1
    std::string name;   // "modes covered (of 8)", "class entropy", "diversity"
    std::string axis;   // the chart's (short) axis title: "modes", "nats", "x the data"
};
Variety varietyOf(const TrainConfig& config);
// The row's figure for `measure`; NaN where it was not measured.
double varietyValue(const MetricsRow& row, VarietyMeasure measure);

// Raised when the newest measurement is below half of `full` and either the run had reached at
// least three quarters of `full` before (it fell: collapse) or a quarter of the run has passed
// (it never got there). Early measurements of an untrained G do not raise it.
struct CollapseAlarm {
    bool raised = false;
    std::int64_t step = 0;  // of the measurement that raised it
    std::string message;    // one paragraph: what was measured, what it means, what to try
};
CollapseAlarm checkCollapse(const std::vector<MetricsRow>& rows, const TrainConfig& config);

}  // namespace latent::train
