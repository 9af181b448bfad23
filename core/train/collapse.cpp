#include "core/train/collapse.h"

#include <cmath>
#include <cstdio>

#include "core/train/toy.h"

namespace latent::train {

namespace {

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

// "covers 3 of 8 modes", "falls in about 3 of 10 classes (class entropy 1.05 nats)", ...
std::string describe(const Variety& v, double value) {
    switch (v.measure) {
        case VarietyMeasure::ModesCovered:
            return "cover " + format("%.0f", value) + " of " + format("%.0f", v.full) + " modes";
        case VarietyMeasure::ClassEntropy:
            return "fall in about " + format("%.0f", std::exp(value)) + " of 10 classes (class entropy " +
                   format("%.2f", value) + " nats; " + format("%.2f", v.full) +
                   " is every class equally)";
        case VarietyMeasure::Diversity:
            return "are " + format("%.2f", value) + "x as varied as the training images (diversity)";
        case VarietyMeasure::None:
            break;
    }
    return {};
}

}  // namespace

Variety varietyOf(const TrainConfig& config) {
    Variety v;
    if (config.qualityEvery <= 0) return v;
    ToyKind kind{};
    if (config.data.rfind("toy:", 0) == 0) {
        if (!parseToyKind(config.data.substr(4), &kind)) return v;
        v.measure = VarietyMeasure::ModesCovered;
        v.full = toyModeCount(kind);
        v.name = "modes covered (of " + format("%.0f", v.full) + ")";
        v.axis = "modes";
    } else if (config.data == "fashion-mnist") {
        v.measure = VarietyMeasure::ClassEntropy;
        v.full = std::log(10.0);
        v.name = "class entropy";
        v.axis = "nats";
    } else {
        v.measure = VarietyMeasure::Diversity;
        v.full = 1.0;
        v.name = "diversity";
        v.axis = "x the data";
    }
    return v;
}

double varietyValue(const MetricsRow& row, VarietyMeasure measure) {
    switch (measure) {
        case VarietyMeasure::ModesCovered: return row.modesCovered;
        case VarietyMeasure::ClassEntropy: return row.classEntropy;
        case VarietyMeasure::Diversity: return row.diversity;
        case VarietyMeasure::None: break;
    }
    return std::nan("");
}

CollapseAlarm checkCollapse(const std::vector<MetricsRow>& rows, const TrainConfig& config) {
    CollapseAlarm alarm;
    const Variety v = varietyOf(config);
    if (v.measure == VarietyMeasure::None || v.full <= 0) return alarm;
    double best = -1, latest = std::nan("");
    std::int64_t bestStep = 0, latestStep = 0;
    for (const MetricsRow& row : rows) {
        const double value = varietyValue(row, v.measure);
        if (std::isnan(value)) continue;
        if (!std::isnan(latest) && latest > best) {
            best = latest;
            bestStep = latestStep;
        }
        latest = value;
        latestStep = row.step;
    }
    if (std::isnan(latest) || latest >= 0.5 * v.full) return alarm;
    const bool fell = best >= 0.75 * v.full;
    const bool late = latestStep * 4 >= config.steps;
    if (!fell && !late) return alarm;
    alarm.raised = true;
    alarm.step = latestStep;
    alarm.message = "Mode collapse? At step " + std::to_string(latestStep) + " the samples " +
                    describe(v, latest) +
                    (fell ? "; at step " + std::to_string(bestStep) + " they " + describe(v, best)
                          : std::string()) +
                    ". The generator is making only a few kinds of output. Try a lower learning "
                    "rate, more D steps, R1 regularisation or the hinge loss.";
    return alarm;
}

}  // namespace latent::train
