#include "core/model/stylegan.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "core/model/styleops.h"

namespace latent::model {

namespace {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

constexpr double kMappingLrMul = 0.01;

// One modulated convolution of the synthesis network (or a toRGB: 1 x 1, not demodulated, no
// noise, no activation).
struct ConvSpec {
    std::int64_t in = 0, out = 0, kernel = 3;
    int resolution = 4;  // of the output
    bool up = false, toRgb = false;
    std::int64_t wSize = 0;
};

class ModulatedConvImpl : public nn::Cloneable<ModulatedConvImpl> {
public:
    explicit ModulatedConvImpl(const ConvSpec& spec) : m_spec(spec) { reset(); }
    void reset() override {
        affine = register_module("affine", EqualLinear(m_spec.wSize, m_spec.in, 1.0, 1.0));
        weight = register_parameter("weight",
                                    torch::empty({m_spec.out, m_spec.in, m_spec.kernel, m_spec.kernel}));
        bias = register_parameter("bias", torch::empty({m_spec.out}));
        if (!m_spec.toRgb) {
            noiseStrength = register_parameter("noise_strength", torch::empty({}));
            noiseConst = register_buffer("noise_const",
                                         torch::empty({m_spec.resolution, m_spec.resolution}));
        }
    }
    void init(at::Generator& gen) {
        affine->init(gen);
        fillNormal(weight, 0.0, 1.0, gen);
        torch::NoGradGuard noGrad;
        bias.zero_();
        if (!m_spec.toRgb) {
            noiseStrength.zero_();
            fillNormal(noiseConst, 0.0, 1.0, gen);
        }
    }
    double weightGain() const { return 1.0 / std::sqrt(double(m_spec.in * m_spec.kernel * m_spec.kernel)); }

    torch::Tensor forward(torch::Tensor x, const torch::Tensor& w, const NoiseInput& noise) const {
        const std::int64_t n = x.size(0);
        torch::Tensor styles = affine->forward(w);  // N x in
        if (m_spec.toRgb) styles = styles * weightGain();
        const torch::Tensor kernel = m_spec.toRgb ? weight : weight * weightGain();
        // Modulation scales the input channels; one convolution for the whole batch.
        x = x * styles.view({n, m_spec.in, 1, 1});
        if (m_spec.up) x = upsample2x(x);
        x = F::conv2d(x, kernel, F::Conv2dFuncOptions().padding(m_spec.kernel / 2));
        if (m_spec.toRgb) return x + bias.view({1, -1, 1, 1});
        // Demodulation: each output channel back to unit variance for this image's styles.
        const torch::Tensor energy = kernel.pow(2).sum({2, 3});  // out x in
        const torch::Tensor d = torch::rsqrt(styles.pow(2).mm(energy.t()) + 1e-8);  // N x out
        x = x * d.view({n, m_spec.out, 1, 1});
        x = x + noiseFor(x, noise) * noiseStrength;
        return styleActivation(x + bias.view({1, -1, 1, 1}));
    }

    const ConvSpec& spec() const { return m_spec; }

    EqualLinear affine{nullptr};
    torch::Tensor weight, bias, noiseStrength, noiseConst;

private:
    torch::Tensor noiseFor(const torch::Tensor& x, const NoiseInput& noise) const {
        const std::int64_t n = x.size(0), r = m_spec.resolution;
        switch (noise.mode) {
            case NoiseInput::Mode::None:
                return torch::zeros({1, 1, r, r}, x.options());
            case NoiseInput::Mode::Random: {
                TORCH_CHECK(noise.generator.has_value(), "random noise needs a generator");
                const std::int64_t rows = std::max(noise.rows, noise.first + n);
                at::Generator gen = *noise.generator;
                return torch::randn({rows, 1, r, r}, gen, torch::kFloat32)
                    .narrow(0, noise.first, n)
                    .to(x.device());
            }
            case NoiseInput::Mode::Const:
                break;
        }
        return noiseConst.view({1, 1, r, r});
    }

    ConvSpec m_spec;
};
TORCH_MODULE(ModulatedConv);

// The mapping network: "mapping.embed", "mapping.fc<i>", the buffer "mapping.w_avg".
class MappingImpl : public nn::Cloneable<MappingImpl> {
public:
    explicit MappingImpl(const StyleConfig& config) : m_config(config) { reset(); }
    void reset() override {
        const StyleConfig& c = m_config;
        m_fcs.clear();
        if (!c.classNames.empty()) {
            embed = register_module(
                "embed", EqualLinear(static_cast<std::int64_t>(c.classNames.size()), c.wSize, 1.0, 0.0));
        }
        std::int64_t in = c.latentSize + (c.classNames.empty() ? 0 : c.wSize);
        for (int i = 0; i < c.mappingLayers; ++i) {
            m_fcs.push_back(register_module("fc" + std::to_string(i),
                                            EqualLinear(in, c.wSize, kMappingLrMul, 0.0)));
            in = c.wSize;
        }
        wAvg = register_buffer("w_avg", torch::zeros({c.wSize}));
    }
    void init(at::Generator& gen) {
        if (!embed.is_empty()) embed->init(gen);
        for (auto& fc : m_fcs) fc->init(gen);
        torch::NoGradGuard noGrad;
        wAvg.zero_();
    }
    // N x wSize.
    torch::Tensor forward(const torch::Tensor& z, const torch::Tensor& embedding) const {
        torch::Tensor x = normaliseSecondMoment(z.to(torch::kFloat32));
        if (embedding.defined()) x = torch::cat({x, normaliseSecondMoment(embedding)}, 1);
        for (const auto& fc : m_fcs) x = styleActivation(fc->forward(x));
        return x;
    }
    torch::Tensor embeddingTable() const {
        return (embed->effectiveWeight().t() + embed->bias.view({1, -1})).to(torch::kFloat32);
    }

    EqualLinear embed{nullptr};
    torch::Tensor wAvg;

private:
    StyleConfig m_config;
    std::vector<EqualLinear> m_fcs;
};
TORCH_MODULE(Mapping);

// One resolution of the synthesis network, "synthesis.b<r>": the constant (4 x 4 only), conv0
// (upsampling; not at 4 x 4), conv1 and torgb.
class BlockImpl : public nn::Cloneable<BlockImpl> {
public:
    BlockImpl(const StyleConfig& config, int resolution) : m_config(config), m_resolution(resolution) {
        reset();
    }
    void reset() override {
        const StyleConfig& c = m_config;
        const int r = m_resolution;
        const std::int64_t out = styleChannels(c, r);
        ConvSpec spec;
        spec.wSize = c.wSize;
        spec.resolution = r;
        if (r == 4) {
            constant = register_parameter("const", torch::empty({out, 4, 4}));
        } else {
            spec.in = styleChannels(c, r / 2);
            spec.out = out;
            spec.up = true;
            conv0 = register_module("conv0", ModulatedConv(spec));
        }
        spec.in = out;
        spec.out = out;
        spec.up = false;
        conv1 = register_module("conv1", ModulatedConv(spec));
        spec.out = c.channels;
        spec.kernel = 1;
        spec.toRgb = true;
        torgb = register_module("torgb", ModulatedConv(spec));
    }
    void init(at::Generator& gen) {
        if (constant.defined()) fillNormal(constant, 0.0, 1.0, gen);
        if (!conv0.is_empty()) conv0->init(gen);
        conv1->init(gen);
        torgb->init(gen);
    }
    const ModulatedConvImpl* layer(const std::string& name) const {
        if (name == "conv0") return conv0.is_empty() ? nullptr : conv0.get();
        if (name == "conv1") return conv1.get();
        if (name == "torgb") return torgb.get();
        return nullptr;
    }

    torch::Tensor constant;
    ModulatedConv conv0{nullptr}, conv1{nullptr}, torgb{nullptr};

private:
    StyleConfig m_config;
    int m_resolution;
};
TORCH_MODULE(Block);

// "synthesis": the blocks from 4 x 4 to the output.
class SynthesisImpl : public nn::Cloneable<SynthesisImpl> {
public:
    explicit SynthesisImpl(const StyleConfig& config) : m_config(config) { reset(); }
    void reset() override {
        blocks.clear();
        for (int r = 4; r <= m_config.resolution; r *= 2)
            blocks.push_back(register_module("b" + std::to_string(r), Block(m_config, r)));
    }
    // ws: N x numWs x wSize float32; stops after the block at `stopAt`.
    torch::Tensor forward(const torch::Tensor& ws, const NoiseInput& noise, int stopAt) const {
        const std::int64_t n = ws.size(0);
        torch::Tensor x, image;
        int index = 0;
        int r = 4;
        for (const Block& block : blocks) {
            if (r == 4) {
                x = block->constant.unsqueeze(0).expand({n, -1, -1, -1});
            } else {
                x = block->conv0->forward(x, ws.select(1, index++), noise);
            }
            x = block->conv1->forward(x, ws.select(1, index++), noise);
            const torch::Tensor rgb = block->torgb->forward(x, ws.select(1, index), noise);
            image = image.defined() ? upsample2x(image) + rgb : rgb;
            if (r == stopAt) break;
            r *= 2;
        }
        return image;
    }

    std::vector<Block> blocks;

private:
    StyleConfig m_config;
};
TORCH_MODULE(Synthesis);

}  // namespace

int styleNumWs(int resolution) {
    int log2 = 0;
    while ((1 << log2) < resolution) ++log2;
    return 2 * log2 - 2;
}

int styleChannels(const StyleConfig& c, int resolution) {
    return featureMaps(c.channelBase, c.channelMax, resolution);
}

StyleGeneratorImpl::StyleGeneratorImpl(const StyleConfig& config) : m_config(config) {
    const Status valid = checkStyleConfig(config);
    TORCH_CHECK(valid.ok(), valid.ok() ? std::string() : valid.error());
    reset();
}

std::vector<int> StyleGeneratorImpl::blockResolutions() const {
    std::vector<int> out;
    for (int r = 4; r <= m_config.resolution; r *= 2) out.push_back(r);
    return out;
}

void StyleGeneratorImpl::reset() {
    m_mapping = register_module("mapping", Mapping(m_config));
    m_synthesis = register_module("synthesis", Synthesis(m_config));
    m_layers.clear();
    int wIndex = 0;
    for (int r : blockResolutions()) {
        const std::string prefix = "b" + std::to_string(r) + ".";
        if (r > 4) m_layers.push_back({prefix + "conv0", r, wIndex++});
        m_layers.push_back({prefix + "conv1", r, wIndex++});
        m_layers.push_back({prefix + "torgb", r, wIndex});  // shares the next conv0's index
    }
}

namespace {
// The children by their concrete types. Looked up through the module (not cached pointers):
// clone() replaces children in place.
const MappingImpl& mappingOf(const std::shared_ptr<nn::Module>& m) { return *m->as<MappingImpl>(); }
const SynthesisImpl& synthesisOf(const std::shared_ptr<nn::Module>& m) {
    return *m->as<SynthesisImpl>();
}
}  // namespace

torch::Tensor StyleGeneratorImpl::wAvg() const {
    return mappingOf(m_mapping).wAvg;
}

torch::Tensor StyleGeneratorImpl::mapping(const torch::Tensor& z, const torch::Tensor& classes) const {
    TORCH_CHECK(z.dim() == 2 && z.size(1) == m_config.latentSize, "z must be N x ",
                m_config.latentSize, ", got ", shapeText(z.sizes()));
    torch::Tensor embedding;
    if (!m_config.classNames.empty()) {
        TORCH_CHECK(classes.defined() && classes.dim() == 1 && classes.size(0) == z.size(0),
                    "a class-conditional model needs one class per latent");
        const auto n = static_cast<std::int64_t>(m_config.classNames.size());
        TORCH_CHECK(classes.numel() == 0 || (classes.min().item<std::int64_t>() >= 0 &&
                                             classes.max().item<std::int64_t>() < n),
                    "class index out of range [0, ", n, ")");
        embedding = embeddingTable().index_select(0, classes.to(torch::kLong));
    }
    return mappingOf(m_mapping).forward(z, embedding).unsqueeze(1).repeat({1, numWs(), 1});
}

torch::Tensor StyleGeneratorImpl::mappingWithEmbedding(const torch::Tensor& z,
                                                       const torch::Tensor& embedding) const {
    TORCH_CHECK(!m_config.classNames.empty(), "an unconditional model has no class embedding");
    TORCH_CHECK(z.dim() == 2 && z.size(1) == m_config.latentSize && embedding.dim() == 2 &&
                    embedding.size(0) == z.size(0) && embedding.size(1) == m_config.wSize,
                "z must be N x ", m_config.latentSize, " and the embedding N x ", m_config.wSize);
    return mappingOf(m_mapping)
        .forward(z, embedding.to(torch::kFloat32))
        .unsqueeze(1)
        .repeat({1, numWs(), 1});
}

torch::Tensor StyleGeneratorImpl::embeddingTable() const {
    if (m_config.classNames.empty()) return {};
    return mappingOf(m_mapping).embeddingTable();
}

torch::Tensor StyleGeneratorImpl::truncate(const torch::Tensor& ws, float psi) const {
    if (psi == 1.0f) return ws;
    const torch::Tensor avg = wAvg().to(ws.device());
    return avg + psi * (ws - avg);
}

void StyleGeneratorImpl::updateWAvg(const torch::Tensor& w, double beta) {
    torch::NoGradGuard noGrad;
    torch::Tensor avg = wAvg();
    const torch::Tensor mean = (w.dim() == 3 ? w.select(1, 0) : w).detach().mean(0);
    avg.copy_(mean + beta * (avg - mean));  // lerp(mean, w_avg, beta)
}

namespace {
torch::Tensor checkedWs(const torch::Tensor& given, std::int64_t numWs, std::int64_t wSize) {
    torch::Tensor ws = given.dim() == 2 ? given.unsqueeze(1).expand({-1, numWs, -1}) : given;
    TORCH_CHECK(ws.dim() == 3 && ws.size(1) == numWs && ws.size(2) == wSize, "w must be N x ",
                numWs, " x ", wSize, " (or N x ", wSize, "), got ", shapeText(given.sizes()));
    return ws.to(torch::kFloat32);
}
}  // namespace

torch::Tensor StyleGeneratorImpl::synthesis(const torch::Tensor& ws, const NoiseInput& noise) const {
    return synthesisOf(m_synthesis)
        .forward(checkedWs(ws, numWs(), m_config.wSize), noise, m_config.resolution);
}

torch::Tensor StyleGeneratorImpl::preview(const torch::Tensor& ws, int size) const {
    const auto sizes = blockResolutions();
    TORCH_CHECK(size < m_config.resolution && std::find(sizes.begin(), sizes.end(), size) != sizes.end(),
                "no ", size, " px preview for a ", m_config.resolution, " px model");
    return synthesisOf(m_synthesis).forward(checkedWs(ws, numWs(), m_config.wSize), {}, size);
}

torch::Tensor StyleGeneratorImpl::styleWeights(int firstW, int lastW) const {
    if (lastW < 0) lastW = numWs() - 1;
    const auto& blocks = synthesisOf(m_synthesis).blocks;
    std::vector<torch::Tensor> rows;
    for (const StyleLayer& l : m_layers) {
        if (l.wIndex < firstW || l.wIndex > lastW) continue;
        std::size_t b = 0;
        for (int r = 4; r < l.resolution; r *= 2) ++b;
        const ModulatedConvImpl* conv = blocks[b]->layer(l.name.substr(l.name.find('.') + 1));
        rows.push_back(conv->affine->effectiveWeight());
    }
    TORCH_CHECK(!rows.empty(), "no layer takes w ", firstW, " to ", lastW);
    return torch::cat(rows, 0).to(torch::kFloat32).clone();
}

void StyleGeneratorImpl::resetParameters(std::uint64_t seed) {
    at::Generator gen = at::detail::createCPUGenerator(seed);
    torch::NoGradGuard noGrad;
    m_mapping->as<MappingImpl>()->init(gen);
    for (auto& block : m_synthesis->as<SynthesisImpl>()->blocks) block->init(gen);
}

std::vector<torch::Tensor> StyleGeneratorImpl::mappingParameters() const {
    return m_mapping->parameters();
}

std::vector<torch::Tensor> StyleGeneratorImpl::synthesisParameters() const {
    return m_synthesis->parameters();
}

}  // namespace latent::model
