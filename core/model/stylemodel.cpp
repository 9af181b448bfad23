// The style-based generator as a file (metadata, tensor table) and as an immutable Generator.
#include <climits>
#include <utility>

#include "core/model/dcgan.h"
#include "core/model/generator.h"
#include "core/model/probe.h"
#include "core/model/stylegan.h"
#include "core/util/json.h"

namespace latent::model {

using nlohmann::json;

Status checkStyleConfig(const StyleConfig& c) {
    auto range = [](const char* name, int value, int low, int high) -> Status {
        if (value >= low && value <= high) return success();
        return Error{std::string(name) + " must be between " + std::to_string(low) + " and " +
                     std::to_string(high) + " (got " + std::to_string(value) + ")"};
    };
    for (const Status& s : {range("latent_size", c.latentSize, 1, 4096),
                            range("w_size", c.wSize, 1, 4096),
                            range("mapping_layers", c.mappingLayers, 1, 16),
                            range("channel_base", c.channelBase, 16, 1 << 20),
                            range("channel_max", c.channelMax, 1, 2048)}) {
        if (!s) return s;
    }
    const int r = c.resolution;
    if (r < 8 || r > 256 || (r & (r - 1)) != 0) {
        return Error{"resolution must be a power of two from 8 to 256 (got " + std::to_string(r) + ")"};
    }
    if (c.channels != 1 && c.channels != 3) {
        return Error{"channels must be 1 or 3 (got " + std::to_string(c.channels) + ")"};
    }
    if (c.classNames.size() > kMaxClasses) return Error{"too many classes"};
    return success();
}

TensorShapes styleTensorShapes(const StyleConfig& c) {
    TensorShapes shapes;
    const std::int64_t w = c.wSize;
    if (!c.classNames.empty()) {
        shapes.push_back({"mapping.embed.weight", {w, static_cast<std::int64_t>(c.classNames.size())}});
        shapes.push_back({"mapping.embed.bias", {w}});
    }
    std::int64_t in = c.latentSize + (c.classNames.empty() ? 0 : w);
    for (int i = 0; i < c.mappingLayers; ++i) {
        const std::string fc = "mapping.fc" + std::to_string(i);
        shapes.push_back({fc + ".weight", {w, in}});
        shapes.push_back({fc + ".bias", {w}});
        in = w;
    }
    shapes.push_back({"mapping.w_avg", {w}});
    auto conv = [&](const std::string& name, std::int64_t cin, std::int64_t cout, std::int64_t k,
                    std::int64_t r, bool toRgb) {
        shapes.push_back({name + ".affine.weight", {cin, w}});
        shapes.push_back({name + ".affine.bias", {cin}});
        shapes.push_back({name + ".weight", {cout, cin, k, k}});
        shapes.push_back({name + ".bias", {cout}});
        if (!toRgb) {
            shapes.push_back({name + ".noise_strength", {}});
            shapes.push_back({name + ".noise_const", {r, r}});
        }
    };
    for (int r = 4; r <= c.resolution; r *= 2) {
        const std::string block = "synthesis.b" + std::to_string(r);
        const std::int64_t out = styleChannels(c, r);
        if (r == 4) {
            shapes.push_back({block + ".const", {out, 4, 4}});
        } else {
            conv(block + ".conv0", styleChannels(c, r / 2), out, 3, r, false);
        }
        conv(block + ".conv1", out, out, 3, r, false);
        conv(block + ".torgb", out, c.channels, 1, r, true);
    }
    return shapes;
}

json styleMetadata(const StyleConfig& c, const std::string& name, const std::string& trainingData) {
    return {{"format_version", 1},          {"name", name},
            {"architecture", "style"},      {"latent_size", c.latentSize},
            {"w_size", c.wSize},            {"mapping_layers", c.mappingLayers},
            {"resolution", c.resolution},   {"channels", c.channels},
            {"channel_base", c.channelBase}, {"channel_max", c.channelMax},
            {"num_ws", styleNumWs(c.resolution)}, {"class_names", c.classNames},
            {"training_data", trainingData}, {"created", utcNow()}};
}

Result<StyleConfig> styleConfigFromMetadata(const json& m) {
    StyleConfig c;
    try {
        if (m.value("architecture", std::string()) != "style")
            return Error{"not a style-based model's metadata"};
        auto integer = [&](const char* key) {
            if (!m.contains(key)) throw util::JsonFieldError(std::string("no \"") + key + "\"");
            return static_cast<int>(util::jsonInt(m, key, 0, INT_MIN, INT_MAX));
        };
        c.latentSize = integer("latent_size");
        c.wSize = integer("w_size");
        c.mappingLayers = integer("mapping_layers");
        c.resolution = integer("resolution");
        c.channels = integer("channels");
        c.channelBase = integer("channel_base");
        c.channelMax = integer("channel_max");
        if (m.contains("class_names")) {
            if (m["class_names"].is_array() && m["class_names"].size() > kMaxClasses)
                return Error{"invalid metadata: too many classes"};
            c.classNames = m["class_names"].get<std::vector<std::string>>();
        }
    } catch (const util::JsonFieldError& e) {
        return Error{std::string("invalid metadata: ") + e.what()};
    } catch (const json::exception& e) {
        return Error{std::string("malformed metadata: ") + e.what()};
    }
    if (Status problem = checkStyleConfig(c); !problem)
        return Error{"invalid metadata: " + problem.error()};
    if (const std::int64_t n = elementCount(styleTensorShapes(c)); n > kMaxStyleFileParameters)
        return Error{"invalid metadata: it describes a network of " + std::to_string(n) +
                     " parameters (at most " + std::to_string(kMaxStyleFileParameters) + ")"};
    return c;
}

Result<StyleConfig> styleConfigFromFile(const ModelFileContents& contents) {
    auto config = styleConfigFromMetadata(contents.metadata);
    if (!config) return config;
    if (Status table = checkTensorTable(contents.tensors, styleTensorShapes(*config), "style");
        !table)
        return Error{table.error()};
    return config;
}

Status loadStyleTensors(StyleGeneratorImpl& module, const NamedTensors& tensors) {
    return loadModuleTensors(module, tensors, "style");
}

Status writeStyleModel(const std::string& path, StyleGeneratorImpl& module, const std::string& name,
                       const std::string& trainingData) {
    return writeModelFile(path, styleMetadata(module.config(), name, trainingData),
                          moduleTensors(module));
}

Status writeRandomStyle(const std::string& path, const StyleConfig& config, std::uint64_t seed,
                        const std::string& name) {
    if (Status valid = checkStyleConfig(config); !valid) return valid;
    try {
        StyleGenerator module(config);
        module->resetParameters(seed);
        return writeStyleModel(path, *module, name);
    } catch (const std::exception& e) {
        return Error{path + ": " + conciseError(e)};
    }
}

ModelInfo styleModelInfo(const StyleConfig& c, const json& metadata) {
    ModelInfo info;
    info.name = metadata.value("name", std::string("Style-based generator"));
    info.format = "latent-model";
    info.architecture = "style";
    info.latentSize = c.latentSize;
    info.channels = c.channels;
    info.resolution = c.resolution;
    info.classNames = c.classNames;
    info.hasMapping = info.hasSynthesis = true;
    info.wSize = c.wSize;
    info.numWs = styleNumWs(c.resolution);
    info.wAvgSource = WAvgSource::Trained;
    // Previews: the skip image after the 16 px block and up, priced by multiply-adds.
    std::vector<double> macs;
    for (int r = 4; r <= c.resolution; r *= 2) {
        const double out = styleChannels(c, r), pixels = double(r) * r;
        double m = pixels * (out * out * 9 + out * c.channels);
        if (r > 4) m += pixels * styleChannels(c, r / 2) * out * 9;
        macs.push_back((macs.empty() ? 0.0 : macs.back()) + m);
    }
    for (int r = 16, i = 2; r < c.resolution; r *= 2, ++i) {
        info.previewResolutions.push_back(r);
        info.previewCosts.push_back(macs[static_cast<std::size_t>(i)] / macs.back());
    }
    info.metadataJson = metadata.dump();
    return info;
}

namespace {

// A style-based generator in eval mode, never modified after construction: every method only
// reads weights, so concurrent calls are safe. Noise is the model's fixed maps, so a latent is
// always the same image.
class StyleModel final : public Generator {
public:
    StyleModel(StyleGenerator module, ModelInfo info, torch::Device device)
        : m_module(std::move(module)), m_info(std::move(info)), m_device(device) {}

    const ModelInfo& info() const override { return m_info; }
    torch::Device device() const override { return m_device; }

    torch::Tensor generate(const torch::Tensor& z, const torch::Tensor& classes,
                           float truncation) const override {
        torch::NoGradGuard noGrad;
        return finishOutput(m_module->synthesis(m_module->truncate(mapping(z, classes), truncation)));
    }
    torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& classes) const override {
        torch::NoGradGuard noGrad;
        const torch::Tensor zd = generatorLatents(z, m_info, m_device);
        const torch::Tensor c = generatorClasses(classes, z.size(0), m_info, m_device);
        return m_module->mapping(zd, c);
    }
    torch::Tensor synthesis(const torch::Tensor& w) const override {
        torch::NoGradGuard noGrad;
        return m_module->synthesis(w.to(m_device));
    }
    torch::Tensor wAvg() const override {
        return m_module->wAvg().unsqueeze(0).expand({m_info.numWs, -1}).clone();
    }
    torch::Tensor preview(const torch::Tensor& w, int size) const override {
        torch::NoGradGuard noGrad;
        return m_module->preview(w.to(m_device), size);
    }
    // Weights frozen at load: only the input gets gradients. Unclamped.
    torch::Tensor generateWithGrad(const torch::Tensor& z, const torch::Tensor& classes) const override {
        const torch::Tensor zd = generatorLatents(z, m_info, m_device);
        const torch::Tensor c = generatorClasses(classes, z.size(0), m_info, m_device);
        return m_module->synthesis(m_module->mapping(zd, c));
    }
    torch::Tensor synthesisWithGrad(const torch::Tensor& w) const override {
        return m_module->synthesis(w.to(m_device));
    }
    // SeFa on the style affines of every layer (the matrix from w to all the styles).
    FirstLayerWeight firstLayerWeight() const override {
        return {m_module->styleWeights(), "synthesis.*.affine.weight"};
    }
    torch::Tensor classEmbeddings() const override { return m_module->embeddingTable(); }
    torch::Tensor generateWithEmbedding(const torch::Tensor& z, const torch::Tensor& embedding,
                                        float truncation) const override {
        torch::NoGradGuard noGrad;
        const torch::Tensor zd = generatorLatents(z, m_info, m_device);
        const torch::Tensor ws = m_module->mappingWithEmbedding(zd, embedding.to(m_device));
        return finishOutput(m_module->synthesis(m_module->truncate(ws, truncation)));
    }

private:
    StyleGenerator m_module;
    ModelInfo m_info;
    torch::Device m_device;
};

}  // namespace

std::shared_ptr<const Generator> makeStyleGenerator(const StyleGenerator& module, ModelInfo info,
                                                    const torch::Device& device) {
    info.device = device.str();
    return std::make_shared<StyleModel>(StyleGenerator(frozenCopy(module, device)), std::move(info),
                                        device);
}

}  // namespace latent::model
