#include "core/model/dcgan.h"

#include <ATen/CPUGeneratorImpl.h>

#include <climits>

#include "core/model/batchnorm.h"
#include "core/model/tensortable.h"
#include "core/util/json.h"

namespace latent::model {

namespace {

using nlohmann::json;
namespace nn = torch::nn;

// Upsampling steps from 4x4 to the output: 32 -> 3, 64 -> 4, 128 -> 5.
int upsamplingSteps(int resolution) {
    int steps = 0;
    for (int r = 4; r < resolution; r *= 2) ++steps;
    return steps;
}

}  // namespace

Status checkDcganConfig(const DcganConfig& c) {
    if (c.latentSize < 1 || c.latentSize > 8192) {
        return Error{"latent_size must be between 1 and 8192 (got " + std::to_string(c.latentSize) + ")"};
    }
    if (c.resolution != 32 && c.resolution != 64 && c.resolution != 128) {
        return Error{"resolution must be 32, 64 or 128 (got " + std::to_string(c.resolution) + ")"};
    }
    if (c.channels != 1 && c.channels != 3) {
        return Error{"channels must be 1 or 3 (got " + std::to_string(c.channels) + ")"};
    }
    if (c.baseWidth < 1 || c.baseWidth > 1024) {
        return Error{"base_width must be between 1 and 1024 (got " + std::to_string(c.baseWidth) + ")"};
    }
    if (c.embeddingSize < 0 || c.embeddingSize > 8192) {
        return Error{"embedding_size must be between 0 and 8192 (got " + std::to_string(c.embeddingSize) +
               ")"};
    }
    if (c.classNames.empty() && c.embeddingSize > 0) {
        return Error{"embedding_size is set but there are no class names (unconditional model)"};
    }
    if (c.classNames.size() > kMaxClasses) return Error{"too many classes"};
    return success();
}

int dcganEmbeddingSize(const DcganConfig& c) {
    if (c.classNames.empty()) return 0;
    return c.embeddingSize > 0 ? c.embeddingSize : static_cast<int>(c.classNames.size());
}

DcganGeneratorImpl::DcganGeneratorImpl(const DcganConfig& config) : m_config(config) { reset(); }

void DcganGeneratorImpl::reset() {
    const DcganConfig& config = m_config;
    Status problem = checkDcganConfig(config);
    TORCH_CHECK(problem.ok(), "invalid DCGAN config: ", problem.error());
    const int embedding = dcganEmbeddingSize(config);
    if (embedding > 0) {
        m_embed = register_module(
            "embed", nn::Embedding(static_cast<std::int64_t>(config.classNames.size()), embedding));
    }
    const int steps = upsamplingSteps(config.resolution);
    auto width = [&](int i) {
        return static_cast<std::int64_t>(config.baseWidth) << (steps - 1 - i);
    };

    nn::Sequential net;
    std::int64_t in = config.latentSize + embedding;
    for (int i = 0; i < steps; ++i) {
        // The first layer projects the 1x1 latent to 4x4; the others double the size.
        auto options = i == 0 ? nn::ConvTranspose2dOptions(in, width(i), 4).stride(1).padding(0)
                              : nn::ConvTranspose2dOptions(in, width(i), 4).stride(2).padding(1);
        net->push_back(nn::ConvTranspose2d(options.bias(false)));
        net->push_back(SyncBatchNorm2d(width(i)));
        net->push_back(nn::ReLU(nn::ReLUOptions(true)));
        in = width(i);
    }
    net->push_back(nn::ConvTranspose2d(
        nn::ConvTranspose2dOptions(in, config.channels, 4).stride(2).padding(1).bias(false)));
    net->push_back(nn::Tanh());
    m_net = register_module("net", net);
}

torch::Tensor DcganGeneratorImpl::withEmbedding(const torch::Tensor& z,
                                                const torch::Tensor& embedding) const {
    TORCH_CHECK(z.dim() == 2 && z.size(1) == m_config.latentSize, "DCGAN expects z of shape N x ",
                m_config.latentSize, ", got ", shapeText(z.sizes()));
    torch::Tensor x = z;
    if (embedding.defined()) x = torch::cat({z, embedding.to(z.dtype())}, 1);
    return x.view({x.size(0), x.size(1), 1, 1});
}

torch::Tensor DcganGeneratorImpl::input(const torch::Tensor& z, const torch::Tensor& classes) {
    if (m_embed.is_empty()) return withEmbedding(z, {});
    TORCH_CHECK(
        classes.defined() && classes.dim() == 1 && z.dim() == 2 && classes.size(0) == z.size(0),
        "conditional DCGAN expects one class index per latent");
    return withEmbedding(z, m_embed->forward(classes.to(torch::kLong)));
}

torch::Tensor DcganGeneratorImpl::forward(const torch::Tensor& z, const torch::Tensor& classes) {
    return m_net->forward(input(z, classes));
}

torch::Tensor DcganGeneratorImpl::forwardWithEmbedding(const torch::Tensor& z,
                                                       const torch::Tensor& embedding) {
    TORCH_CHECK(!m_embed.is_empty(),
                "this DCGAN is not class-conditional: it has no class embedding");
    const std::int64_t size = m_embed->weight.size(1);
    TORCH_CHECK(embedding.dim() == 2 && z.dim() == 2 && embedding.size(0) == z.size(0) &&
                    embedding.size(1) == size,
                "DCGAN expects a class embedding of shape N x ", size, ", got ",
                shapeText(embedding.sizes()));
    return m_net->forward(withEmbedding(z, embedding));
}

torch::Tensor DcganGeneratorImpl::firstBlock(const torch::Tensor& z, const torch::Tensor& classes) {
    // net.0 on a 1 x 1 input is a plain matrix product (in -> out x 4 x 4); one GEMM over the batch
    // is several times faster than conv_transpose2d's per-image path.
    auto* conv = m_net->ptr(0)->as<nn::ConvTranspose2dImpl>();
    const torch::Tensor in = input(z, classes).flatten(1);
    torch::Tensor x = in.mm(conv->weight.flatten(1));
    x = x.view({x.size(0), conv->weight.size(1), conv->weight.size(2), conv->weight.size(3)});
    x = torch::relu(m_net->ptr(1)->as<SyncBatchNorm2dImpl>()->forward(x));
    return x.flatten(1);
}

torch::Tensor DcganGeneratorImpl::latentWeight() const {
    // net.0 weight: in x out x 4 x 4, in = latent + embedding. Output feature (o, y, x) is
    // sum_i z_i W[i, o, y, x], so the matrix acting on z is the latent rows, transposed.
    const torch::Tensor w = m_net->ptr(0)->as<nn::ConvTranspose2dImpl>()->weight;
    return w.narrow(0, 0, m_config.latentSize)
        .reshape({m_config.latentSize, -1})
        .t()
        .to(torch::kFloat32)
        .clone();
}

torch::Tensor DcganGeneratorImpl::embeddingTable() const {
    if (m_embed.is_empty()) return {};
    return m_embed->weight.to(torch::kFloat32).clone();
}

void DcganGeneratorImpl::resetParameters(std::uint64_t seed) {
    at::Generator gen = at::detail::createCPUGenerator(seed);
    torch::NoGradGuard noGrad;
    for (auto& module : modules(/*include_self=*/false)) {
        if (auto* conv = module->as<nn::ConvTranspose2d>()) {
            fillNormal(conv->weight, 0.0, 0.02, gen);
        } else if (auto* bn = module->as<SyncBatchNorm2d>()) {
            fillNormal(bn->weight, 1.0, 0.02, gen);
            bn->bias.zero_();
            bn->running_mean.zero_();
            bn->running_var.fill_(1.0);
            bn->num_batches_tracked.zero_();
        } else if (auto* embed = module->as<nn::Embedding>()) {
            fillNormal(embed->weight, 0.0, 1.0, gen);
        }
    }
}

json dcganMetadata(const DcganConfig& c, const std::string& name, const std::string& trainingData) {
    return {{"format_version", 1},         {"name", name},
            {"architecture", "dcgan"},     {"latent_size", c.latentSize},
            {"resolution", c.resolution},  {"channels", c.channels},
            {"base_width", c.baseWidth},   {"embedding_size", dcganEmbeddingSize(c)},
            {"class_names", c.classNames}, {"training_data", trainingData},
            {"created", utcNow()}};
}

Result<DcganConfig> dcganConfigFromMetadata(const json& m) {
    DcganConfig c;
    try {
        const auto architecture = m.value("architecture", std::string());
        if (architecture != "dcgan") {
            return Error{"unsupported architecture '" + architecture +
                         "' (this version knows 'dcgan' and 'style')"};
        }
        for (const char* key : {"latent_size", "resolution", "channels", "base_width"}) {
            if (!m.contains(key)) return Error{std::string("metadata has no \"") + key + "\""};
            if (!m[key].is_number_integer())
                return Error{std::string("metadata \"") + key + "\" is not an integer"};
        }
        // Checked reads: get<int>() would wrap 2^32 + 32 to 32, a valid resolution.
        auto integer = [&](const char* key, std::int64_t fallback) {
            return static_cast<int>(util::jsonInt(m, key, fallback, INT_MIN, INT_MAX));
        };
        c.latentSize = integer("latent_size", 0);
        c.resolution = integer("resolution", 0);
        c.channels = integer("channels", 0);
        c.baseWidth = integer("base_width", 0);
        c.embeddingSize = integer("embedding_size", 0);
        if (m.contains("class_names")) {
            if (m["class_names"].is_array() && m["class_names"].size() > kMaxClasses)
                return Error{"invalid metadata: too many classes (" +
                             std::to_string(m["class_names"].size()) + ")"};
            c.classNames = m["class_names"].get<std::vector<std::string>>();
        }
    } catch (const util::JsonFieldError& e) {
        return Error{std::string("invalid metadata: ") + e.what()};
    } catch (const json::exception& e) {
        return Error{std::string("malformed metadata: ") + e.what()};
    }
    if (Status problem = checkDcganConfig(c); !problem)
        return Error{"invalid metadata: " + problem.error()};
    // A few bytes of metadata must not make the loader build a network of many gigabytes.
    if (const std::int64_t n = dcganParameterCount(c); n > kMaxDcganFileParameters)
        return Error{"invalid metadata: it describes a network of " + std::to_string(n) +
                     " parameters (at most " + std::to_string(kMaxDcganFileParameters) + ")"};
    return c;
}

std::vector<std::pair<std::string, std::vector<std::int64_t>>> dcganTensorShapes(
    const DcganConfig& c) {
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> shapes;
    const std::int64_t embedding = dcganEmbeddingSize(c);
    if (embedding > 0)
        shapes.push_back({"embed.weight", {static_cast<std::int64_t>(c.classNames.size()), embedding}});
    const int steps = upsamplingSteps(c.resolution);
    std::int64_t in = c.latentSize + embedding;
    for (int i = 0; i < steps; ++i) {
        const std::int64_t out = static_cast<std::int64_t>(c.baseWidth) << (steps - 1 - i);
        const std::string conv = "net." + std::to_string(3 * i);
        const std::string bn = "net." + std::to_string(3 * i + 1);
        shapes.push_back({conv + ".weight", {in, out, 4, 4}});
        for (const char* name : {".weight", ".bias", ".running_mean", ".running_var"})
            shapes.push_back({bn + name, {out}});
        shapes.push_back({bn + ".num_batches_tracked", {}});
        in = out;
    }
    shapes.push_back({"net." + std::to_string(3 * steps) + ".weight", {in, c.channels, 4, 4}});
    return shapes;
}

std::int64_t dcganParameterCount(const DcganConfig& c) {
    return elementCount(dcganTensorShapes(c));  // each factor < 2^17: no overflow
}

Result<DcganConfig> dcganConfigFromFile(const ModelFileContents& contents) {
    auto config = dcganConfigFromMetadata(contents.metadata);
    if (!config) return config;
    // The file's tensor table against the shapes the metadata implies, before any module exists.
    if (Status table = checkTensorTable(contents.tensors, dcganTensorShapes(*config), "dcgan");
        !table)
        return Error{table.error()};
    return config;
}

NamedTensors dcganTensors(DcganGeneratorImpl& module) {
    return moduleTensors(module);
}

Status loadDcganTensors(DcganGeneratorImpl& module, const NamedTensors& tensors) {
    return loadModuleTensors(module, tensors, "dcgan");
}

Status writeDcganModel(const std::string& path, DcganGeneratorImpl& module, const std::string& name,
                       const std::string& trainingData) {
    return writeModelFile(path, dcganMetadata(module.config(), name, trainingData),
                          dcganTensors(module));
}

ModelInfo dcganModelInfo(const DcganConfig& c, const json& metadata) {
    ModelInfo info;
    info.name = metadata.value("name", std::string("DCGAN"));
    info.format = "latent-model";
    info.architecture = "dcgan";
    info.latentSize = c.latentSize;
    info.channels = c.channels;
    info.resolution = c.resolution;
    info.classNames = c.classNames;
    info.metadataJson = metadata.dump();
    return info;
}

}  // namespace latent::model
