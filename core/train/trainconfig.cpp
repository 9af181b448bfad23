#include "core/train/trainconfig.h"

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/runtime/runtime.h"
#include "core/util/json.h"

namespace latent::train {

namespace {

using nlohmann::json;

// One config.json field into its typed member, checked: an integer that does not fit is refused,
// never wrapped (2^32 + 32 would read as 32), a double must be finite. Absent keys keep `field`.
void readField(const json& j, const char* key, int& field) {
    field = static_cast<int>(util::jsonInt(j, key, field, INT_MIN, INT_MAX));
}
void readField(const json& j, const char* key, std::int64_t& field) {
    field = util::jsonInt(j, key, field, INT64_MIN, INT64_MAX);
}
void readField(const json& j, const char* key, std::uint64_t& field) {
    field = util::jsonUint(j, key, field);
}
void readField(const json& j, const char* key, double& field) {
    field = util::jsonDouble(j, key, field, -DBL_MAX, DBL_MAX);
}
void readField(const json& j, const char* key, bool& field) {
    field = util::jsonBool(j, key, field);
}
void readField(const json& j, const char* key, std::string& field) {
    field = util::jsonString(j, key, field);
}

std::string range(const char* name, double value, double lo, double hi) {
    if (value >= lo && value <= hi) return "";
    auto text = [](double v) {
        std::string s = std::to_string(v);
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    };
    return std::string(name) + " must be between " + text(lo) + " and " + text(hi) + " (got " +
           text(value) + ")";
}

}  // namespace

const char* architectureName(Architecture a) {
    switch (a) {
        case Architecture::Mlp:
            return "mlp";
        case Architecture::Style:
            return "style";
        case Architecture::Dcgan:
            break;
    }
    return "dcgan";
}

const char* lossName(LossKind l) {
    switch (l) {
        case LossKind::Hinge:
            return "hinge";
        case LossKind::WganGp:
            return "wgan-gp";
        case LossKind::NonSaturating:
            break;
    }
    return "ns";
}

bool parseArchitecture(const std::string& text, Architecture* out) {
    if (text == "dcgan")
        *out = Architecture::Dcgan;
    else if (text == "mlp")
        *out = Architecture::Mlp;
    else if (text == "style")
        *out = Architecture::Style;
    else
        return false;
    return true;
}

bool parseLoss(const std::string& text, LossKind* out) {
    if (text == "ns")
        *out = LossKind::NonSaturating;
    else if (text == "hinge")
        *out = LossKind::Hinge;
    else if (text == "wgan-gp")
        *out = LossKind::WganGp;
    else
        return false;
    return true;
}

bool parseAugment(const std::string& text, AugmentSetting* out) {
    if (text == "ada") {
        *out = {AugmentMode::Adaptive, 0.0};
        return true;
    }
    if (text == "off") {
        *out = {AugmentMode::Off, 0.0};
        return true;
    }
    if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'))
        return false;
    char* end = nullptr;
    const double p = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !(p >= 0.0 && p <= 1.0)) return false;
    *out = {p > 0 ? AugmentMode::Fixed : AugmentMode::Off, p};
    return true;
}

bool isFacesData(const std::string& data) {
    return data == "faces" || data.rfind("faces:", 0) == 0;
}

bool isImageFolderData(const std::string& data) {
    return data != "fashion-mnist" && !isFacesData(data) && data.rfind("toy:", 0) != 0;
}

TrainConfig defaultConfig(const std::string& data) {
    TrainConfig c;
    c.data = data;
    if (data.rfind("toy:", 0) == 0) {
        c.architecture = Architecture::Mlp;
        c.gWidth = c.dWidth = 256;
        c.batch = 256;
        c.lrG = c.lrD = 2e-3;
        c.r1Gamma = 0.5;
        c.steps = 20000;
        c.sampleEvery = 100;  // the Training panel redraws its scatter and heat map from these
        c.qualityEvery = 2000;
    } else if (data == "fashion-mnist") {
        c.conditional = true;
        c.steps = 8000;
    } else if (isFacesData(data)) {
        // The faces are what the style-based generator is for: its recipe, as long as the
        // shipped face model trained.
        c = withStyleRecipe(c);
        c.steps = 100000;
    }
    return c;
}

TrainConfig withStyleRecipe(TrainConfig c) {
    c.architecture = Architecture::Style;
    c.resolution = 64;
    c.batch = 32;
    c.latentSize = 128;
    c.gWidth = c.dWidth = 128;
    c.lrG = c.lrD = 0.0025;
    c.beta1 = 0.0;
    c.beta2 = 0.99;
    c.r1Gamma = 0.0002 * 64 * 64 / 32;
    return c;
}

double styleEmaBeta(std::int64_t batch, std::int64_t imagesSeen) {
    const double halfLife = std::min(10000.0, 0.05 * static_cast<double>(imagesSeen));
    return std::pow(0.5, static_cast<double>(batch) / std::max(halfLife, 1e-8));
}

TrainConfig resolveConfig(TrainConfig c) {
    const bool mlp = c.architecture == Architecture::Mlp;
    const bool style = c.architecture == Architecture::Style;
    const bool wgan = c.loss == LossKind::WganGp;
    if (c.latentSize <= 0) c.latentSize = mlp ? 8 : style ? 128 : 100;
    if (c.gWidth <= 0) c.gWidth = mlp || style ? 128 : 64;
    if (c.dWidth <= 0) c.dWidth = mlp || style ? 128 : 64;
    if (c.dSteps <= 0) c.dSteps = wgan ? 5 : 1;
    const double lr = style ? 0.0025 : wgan ? 1e-4 : 2e-4;
    if (c.lrG <= 0) c.lrG = lr;
    if (c.lrD <= 0) c.lrD = lr;
    if (c.beta1 < 0) c.beta1 = wgan || style ? 0.0 : 0.5;
    if (c.beta2 < 0) c.beta2 = wgan ? 0.9 : style ? 0.99 : 0.999;
    // Small folders are what augmentation is for; the built-in sets are large enough.
    if (c.augment == "auto") c.augment = isImageFolderData(c.data) ? "ada" : "off";
    return c;
}

Status checkConfig(const TrainConfig& c) {
    if (c.runDir.empty()) return Error{"no run directory given"};
    if (c.data.empty()) return Error{"no training data given"};
    const bool toy = c.data.rfind("toy:", 0) == 0;
    if (toy != (c.architecture == Architecture::Mlp)) {
        return Error{toy ? "toy data needs --arch mlp"
                   : "the mlp architecture is for toy data (toy:NAME)"};
    }
    if (toy && c.conditional) return Error{"toy data has no classes; drop --conditional"};
    AugmentSetting augment;
    if (!parseAugment(c.augment, &augment))
        return Error{"augment must be ada, off or a probability from 0 to 1 (got '" + c.augment +
                     "')"};
    if (toy && augment.mode != AugmentMode::Off)
        return Error{"toy data is points, not images: it cannot be augmented (--augment off)"};
    if (c.architecture == Architecture::Style) {
        if (c.resolution != 32 && c.resolution != 64 && c.resolution != 128 && c.resolution != 256)
            return Error{"resolution must be 32, 64, 128 or 256 for the style-based generator (got " +
                         std::to_string(c.resolution) + ")"};
        if (c.loss != LossKind::NonSaturating)
            return Error{"the style-based generator trains with the non-saturating loss (--loss ns)"};
    } else if (!toy && c.resolution != 32 && c.resolution != 64 && c.resolution != 128) {
        return Error{"resolution must be 32, 64 or 128 (got " + std::to_string(c.resolution) + ")"};
    }
    if (c.device != "cpu" && c.device != "cuda")
        return Error{"device must be cpu or cuda (got '" + c.device + "')"};
    for (const std::string& p :
         {range("steps", static_cast<double>(c.steps), 1, 1e9), range("batch", c.batch, 1, 4096),
          range("latent size", c.latentSize, 1, 4096), range("G width", c.gWidth, 1, 1024),
          range("D width", c.dWidth, 1, 1024), range("D steps", c.dSteps, 1, 100),
          range("G learning rate", c.lrG, 1e-12, 1e30),
          range("D learning rate", c.lrD, 1e-12, 1e30), range("beta1", c.beta1, 0, 0.999999),
          range("beta2", c.beta2, 0, 0.999999),
          range("gradient penalty weight", c.gpWeight, 0, 1e6),
          range("R1 gamma", c.r1Gamma, 0, 1e6), range("EMA decay", c.emaDecay, 0, 1),
          range("log interval", c.logEvery, 1, 1e9),
          range("sample interval", c.sampleEvery, 0, 1e9),
          range("checkpoint interval", c.checkpointEvery, 0, 1e9),
          range("checkpoints kept", c.keepCheckpoints, 1, 1000),
          range("quality interval", c.qualityEvery, 0, 1e9),
          range("quality samples", c.qualitySamples, 10, 100000),
          range("threads", c.threads, 0, runtime::maxThreadCount())}) {
        if (!p.empty()) return Error{p};
    }
    return success();
}

std::string configToJson(const TrainConfig& c) {
    const json j = {{"data", c.data},
                    {"fashion_mnist_dir", c.fashionMnistDir},
                    {"architecture", architectureName(c.architecture)},
                    {"loss", lossName(c.loss)},
                    {"resolution", c.resolution},
                    {"conditional", c.conditional},
                    {"steps", c.steps},
                    {"batch", c.batch},
                    {"seed", c.seed},
                    {"device", c.device},
                    {"latent_size", c.latentSize},
                    {"g_width", c.gWidth},
                    {"d_width", c.dWidth},
                    {"d_steps", c.dSteps},
                    {"lr_g", c.lrG},
                    {"lr_d", c.lrD},
                    {"beta1", c.beta1},
                    {"beta2", c.beta2},
                    {"gp_weight", c.gpWeight},
                    {"r1_gamma", c.r1Gamma},
                    {"ema_decay", c.emaDecay},
                    {"log_every", c.logEvery},
                    {"sample_every", c.sampleEvery},
                    {"checkpoint_every", c.checkpointEvery},
                    {"keep_checkpoints", c.keepCheckpoints},
                    {"quality_every", c.qualityEvery},
                    {"quality_samples", c.qualitySamples},
                    {"classifier_path", c.classifierPath},
                    {"augment", c.augment}};
    return j.dump(2) + "\n";
}

Result<TrainConfig> configFromJson(const std::string& text) {
    auto parsed = util::parseJson(text);
    if (!parsed) return Error{"config.json is " + parsed.error()};
    const json& j = *parsed;
    if (!j.is_object()) return Error{"config.json is not a JSON object"};
    TrainConfig c;
    const char* key = "";
    try {
        auto get = [&](const char* k, auto& field) {
            key = k;
            readField(j, k, field);
        };
        std::string architecture = architectureName(c.architecture);
        std::string loss = lossName(c.loss);
        get("data", c.data);
        get("fashion_mnist_dir", c.fashionMnistDir);
        get("architecture", architecture);
        get("loss", loss);
        get("resolution", c.resolution);
        get("conditional", c.conditional);
        get("steps", c.steps);
        get("batch", c.batch);
        get("seed", c.seed);
        get("device", c.device);
        get("latent_size", c.latentSize);
        get("g_width", c.gWidth);
        get("d_width", c.dWidth);
        get("d_steps", c.dSteps);
        get("lr_g", c.lrG);
        get("lr_d", c.lrD);
        get("beta1", c.beta1);
        get("beta2", c.beta2);
        get("gp_weight", c.gpWeight);
        get("r1_gamma", c.r1Gamma);
        get("ema_decay", c.emaDecay);
        get("log_every", c.logEvery);
        get("sample_every", c.sampleEvery);
        get("checkpoint_every", c.checkpointEvery);
        get("keep_checkpoints", c.keepCheckpoints);
        get("quality_every", c.qualityEvery);
        get("quality_samples", c.qualitySamples);
        get("classifier_path", c.classifierPath);
        c.augment = "off";  // absent: a run from before augmentation, which saw none
        get("augment", c.augment);
        key = "architecture";
        if (!parseArchitecture(architecture, &c.architecture))
            return Error{"config.json: unknown architecture '" + architecture + "'"};
        key = "loss";
        if (!parseLoss(loss, &c.loss)) return Error{"config.json: unknown loss '" + loss + "'"};
    } catch (const util::JsonFieldError& e) {
        return Error{std::string("config.json: ") + e.what()};
    } catch (const json::exception&) {
        return Error{std::string("config.json: \"") + key + "\" has the wrong type"};
    }
    return c;
}

Result<TrainConfig> prepareConfig(const TrainConfig& config) {
    TrainConfig resolved = resolveConfig(config);
    if (Status problem = checkConfig(resolved); !problem) return Error{problem.error()};
    return resolved;
}

}  // namespace latent::train
