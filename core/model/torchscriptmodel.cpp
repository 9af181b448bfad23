#include <torch/script.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "core/model/archivecheck.h"
#include "core/model/formats.h"
#include "core/model/generator.h"
#include "core/model/probe.h"
#include "core/runtime/modelwatch.h"
#include "core/util/json.h"

namespace latent::model {

namespace {

using nlohmann::json;

constexpr int kWAvgBatch = 256;
constexpr std::uint64_t kProbeSeed = 0x1a7e47;

// Number of inputs a scripted method takes, not counting self.
int methodArity(const torch::jit::Method& method) {
    const auto& args = method.function().getSchema().arguments();
    int n = static_cast<int>(args.size());
    if (n > 0 && args[0].name() == "self") --n;
    return n;
}

std::vector<c10::IValue> inputs(const torch::Tensor& z, const torch::Tensor& c, bool withClasses) {
    std::vector<c10::IValue> in{z};
    if (withClasses) in.emplace_back(c);
    return in;
}

// `weight` as the F x size matrix SeFa factorises, or undefined when it does not act on a latent of
// `size`: a Linear weight (F x size), or with `convolutions` a ConvTranspose2d weight on z as a
// 1 x 1 image (in x out x kh x kw: in == size, or in > size for conditional models that put z
// first and the class embedding after it; each output value is sum_i z_i W[i, o, y, x]).
torch::Tensor sefaMatrix(const torch::Tensor& weight, std::int64_t size, bool convolutions,
                         bool conditional) {
    if (weight.dim() == 2 && weight.size(1) == size) {
        return weight.detach().to(torch::kFloat32).clone();
    }
    if (convolutions && weight.dim() == 4 &&
        (weight.size(0) == size || (conditional && weight.size(0) > size))) {
        return weight.detach().narrow(0, 0, size).reshape({size, -1}).t().to(torch::kFloat32)
            .contiguous();
    }
    return {};
}

// A TorchScript generator honouring the contract in docs/model-format.md. The jit::Module is
// never modified after load; running its methods from several threads is safe.
class TorchScriptModel final : public Generator {
public:
    TorchScriptModel(const torch::jit::Module& module, ModelInfo info, torch::Device device)
        : m_module(module), m_info(std::move(info)), m_device(device) {}

    const ModelInfo& info() const override { return m_info; }
    torch::Device device() const override { return m_device; }

    // Raw outputs, before clamping; the loader probes these.
    c10::IValue rawForward(const torch::Tensor& z, const torch::Tensor& c) const {
        return run("forward", inputs(z, c, m_info.conditional()), z.size(0));
    }

    torch::Tensor generate(const torch::Tensor& z, const torch::Tensor& classes,
                           float truncation) const override {
        torch::NoGradGuard noGrad;
        torch::Tensor zd = generatorLatents(z, m_info, m_device);
        torch::Tensor c = generatorClasses(classes, z.size(0), m_info, m_device);
        torch::Tensor out;
        if (truncation != 1.0f && m_info.styleBased()) {
            // The StyleGAN truncation trick: pull w toward the average w computed at load.
            torch::Tensor w = mapping(zd, c);
            out = synthesis(m_wAvg + truncation * (w - m_wAvg));
        } else {
            if (truncation != 1.0f) zd = zd * truncation;  // no mapping: the mean of z is 0
            c10::IValue result = rawForward(zd, c);
            TORCH_CHECK(result.isTensor(), "model forward did not return a tensor");
            out = result.toTensor();
        }
        return finishOutput(out);
    }

    torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& classes) const override {
        TORCH_CHECK(m_info.hasMapping, "model '", m_info.name, "' has no mapping network");
        const bool withClasses = methodArity(m_module.get_method("mapping")) == 2;
        const torch::Tensor c = withClasses ? generatorClasses(classes, z.size(0), m_info, m_device) : torch::Tensor();
        c10::IValue w = run("mapping", inputs(z.to(m_device, torch::kFloat32), c, withClasses), z.size(0));
        TORCH_CHECK(w.isTensor(), "mapping did not return a tensor");
        return w.toTensor();
    }

    torch::Tensor synthesis(const torch::Tensor& w) const override {
        TORCH_CHECK(m_info.hasSynthesis, "model '", m_info.name, "' has no synthesis network");
        c10::IValue out = run("synthesis", {w.to(m_device)}, w.size(0));
        TORCH_CHECK(out.isTensor(), "synthesis did not return a tensor");
        return out.toTensor();
    }

    // Without NoGradGuard, for projection; parameters were frozen at load so only the input gets
    // gradients. Unclamped (a clamp would zero gradients at the rails).
    torch::Tensor generateWithGrad(const torch::Tensor& z, const torch::Tensor& classes) const override {
        const torch::Tensor zd = generatorLatents(z, m_info, m_device);
        const torch::Tensor c = generatorClasses(classes, z.size(0), m_info, m_device);
        c10::IValue result = rawForward(zd, c);
        TORCH_CHECK(result.isTensor(), "model forward did not return a tensor");
        return result.toTensor().to(torch::kFloat32);
    }

    torch::Tensor preview(const torch::Tensor& w, int size) const override {
        const auto& sizes = m_info.previewResolutions;
        TORCH_CHECK(std::find(sizes.begin(), sizes.end(), size) != sizes.end(), "model '",
                    m_info.name, "' has no ", size, " px preview");
        c10::IValue out = run("preview", {w.to(m_device), c10::IValue(size)}, w.size(0));
        TORCH_CHECK(out.isTensor(), "preview did not return a tensor");
        return out.toTensor();
    }

    torch::Tensor synthesisWithGrad(const torch::Tensor& w) const override {
        return synthesis(w).to(torch::kFloat32);  // synthesis() sets no guard of its own
    }

    torch::Tensor wAvg() const override { return m_wAvg; }
    // GANSpace features: the module's optional scripted `features(z[, c])`, flattened to N x F.
    torch::Tensor features(const torch::Tensor& z, const torch::Tensor& classes) const override {
        auto method = m_module.find_method("features");
        if (!method) return {};
        torch::NoGradGuard noGrad;
        const bool withClasses = methodArity(*method) == 2;
        const torch::Tensor zd = generatorLatents(z, m_info, m_device);
        const torch::Tensor c =
            withClasses ? generatorClasses(classes, z.size(0), m_info, m_device) : torch::Tensor();
        c10::IValue out = run("features", inputs(zd, c, withClasses), z.size(0));
        TORCH_CHECK(out.isTensor(), "the model's features method did not return a tensor");
        return out.toTensor().flatten(1).to(torch::kFloat32);
    }

    // SeFa's matrix: the parameter meta.json names in "sefa_weight", else the first parameter that
    // acts on the latent (w for style-based models), e.g. a Linear layer's weight.
    FirstLayerWeight firstLayerWeight() const override {
        const bool style = m_info.styleBased();
        const std::int64_t size = style ? m_info.wSize : m_info.latentSize;
        const auto parsed = util::parseJson(m_info.metadataJson);
        const json meta = parsed ? parsed.value() : json();
        const std::string named = meta.is_object() && meta.contains("sefa_weight") &&
                                          meta["sefa_weight"].is_string()
                                      ? meta["sefa_weight"].get<std::string>()
                                      : std::string();
        for (const auto& p : m_module.named_parameters(/*recurse=*/true)) {
            if (!named.empty() && p.name != named) continue;
            const torch::Tensor a = sefaMatrix(p.value, size, !style, m_info.conditional());
            if (a.defined()) return {a, p.name};
            TORCH_CHECK(named.empty(), "meta.json \"sefa_weight\" names '", named,
                        "', which has shape ", p.value.sizes(), "; SeFa needs F x ", size,
                        style ? "" : " or a ConvTranspose2d weight of shape in x out x kh x kw");
        }
        TORCH_CHECK(named.empty(), "meta.json \"sefa_weight\" names '", named,
                    "' but the module has no parameter of that name");
        return {};
    }

    void setWAvg(torch::Tensor wAvg) { m_wAvg = std::move(wAvg); }

private:
    // Every call into the archive's code goes through here, under the model-call watch.
    c10::IValue run(const char* method, std::vector<c10::IValue> in, std::int64_t batch) const {
        runtime::ModelCallWatch watch(m_info.path, method, batch);
        return m_module.get_method(method)(std::move(in));
    }

    torch::jit::Module m_module;
    ModelInfo m_info;
    torch::Device m_device;
    torch::Tensor m_wAvg;  // trained or estimated mean w: w's shape without the batch dim, float32
};

// The mean of mapping over kEstimatedWAvgSamples latents from a fixed seed (classes cycling
// through all classes): w's per-image shape, float32.
torch::Tensor estimatedWAvg(const TorchScriptModel& model, const ModelInfo& info,
                            const torch::Device& device) {
    torch::Tensor sum;
    for (int done = 0; done < kEstimatedWAvgSamples; done += kWAvgBatch) {
        const auto z = seededLatents(kWAvgBatch, info.latentSize, kProbeSeed + 1 + done).to(device);
        const auto c = info.conditional() ? cyclingClasses(kWAvgBatch, info.numClasses()).to(device)
                                          : torch::Tensor();
        const auto w = model.mapping(z, c).to(torch::kFloat32).sum(0);
        sum = sum.defined() ? sum + w : w;
    }
    return sum / kEstimatedWAvgSamples;
}

Result<ModelInfo> infoFromMeta(const std::string& path, const std::string& metaText) {
    const std::string where = path + ": meta.json ";
    auto parsed = util::parseJson(metaText);
    if (!parsed) return Error{where + "is " + parsed.error()};
    const json meta = std::move(parsed).value();
    if (!meta.is_object()) return Error{where + "is not a JSON object"};
    ModelInfo info;
    // Checked reads: nlohmann's get<int>() wraps 2^32 + 32 to 32.
    try {
        for (const char* key : {"latent_size", "resolution", "channels"}) {
            if (!meta.contains(key)) return Error{where + "has no \"" + key + "\""};
        }
        if (!meta.contains("name") || !meta["name"].is_string()) {
            return Error{where + "has no \"name\" (a string)"};
        }
        info.name = meta["name"].get<std::string>();
        info.latentSize = static_cast<int>(util::jsonInt(meta["latent_size"], "latent_size", 1, 1 << 16));
        info.resolution = static_cast<int>(util::jsonInt(meta["resolution"], "resolution", 1, 1 << 14));
        info.channels = static_cast<int>(util::jsonInt(meta["channels"], "channels", 1, 3));
        if (info.channels != 1 && info.channels != 3) {
            return Error{where + "\"channels\" must be 1 or 3"};
        }
        if (meta.contains("class_names")) {
            const json& names = meta["class_names"];
            if (!names.is_array() || names.size() > 100000) {
                return Error{where + "\"class_names\" must be a list of at most 100000 names"};
            }
            info.classNames = names.get<std::vector<std::string>>();
        }
        info.wSize = static_cast<int>(util::jsonInt(meta, "w_size", 0, 0, 1 << 16));
        info.numWs = static_cast<int>(util::jsonInt(meta, "num_ws", 0, 0, 1 << 12));
        info.architecture = util::jsonString(meta, "architecture", "torchscript");
    } catch (const util::JsonFieldError& e) {
        return Error{where + e.what()};
    } catch (const json::exception& e) {
        return Error{where + "has a value of the wrong type (" + std::string(e.what()) + ")"};
    }
    info.format = "torchscript";
    info.metadataJson = meta.dump();
    info.path = path;
    return info;
}

std::string contractProblem(const torch::jit::Module& module, const ModelInfo& info) {
    auto forward = module.find_method("forward");
    if (!forward) return "TorchScript module has no forward method";
    const int arity = methodArity(*forward);
    const int expected = info.conditional() ? 2 : 1;
    if (arity != expected) {
        return "TorchScript forward takes " + std::to_string(arity) +
               " inputs; the contract is forward(z) for unconditional models and forward(z, c) "
               "when meta.json lists class_names (docs/model-format.md)";
    }
    if (auto mapping = module.find_method("mapping")) {
        const int n = methodArity(*mapping);
        if (n != 1 && n != 2) return "TorchScript mapping must take z or (z, c)";
    }
    if (auto synthesis = module.find_method("synthesis")) {
        if (methodArity(*synthesis) != 1) return "TorchScript synthesis must take one input, w";
    }
    if (auto preview = module.find_method("preview")) {
        if (methodArity(*preview) != 2) return "TorchScript preview must take w and a size";
    }
    return "";
}

// The archive's trained average w from `w_avg()` (no inputs), in the shape of one image's w
// (`perImage`: numWs x wSize, or wSize), float32 on the module's device; undefined when the archive
// has no w_avg. It may return [w_size] or [num_ws, w_size].
Result<torch::Tensor> trainedWAvg(const torch::jit::Module& module, const ModelInfo& info,
                                  at::IntArrayRef perImage) {
    auto method = module.find_method("w_avg");
    if (!method) return torch::Tensor();
    if (methodArity(*method) != 0) {
        return Error{"TorchScript w_avg must take no inputs (it returns the trained average w)"};
    }
    c10::IValue out;
    try {
        runtime::ModelCallWatch watch(info.path, "w_avg");
        out = (*method)(std::vector<c10::IValue>{});
    } catch (const std::exception& e) {
        return Error{"w_avg() failed: " + conciseError(e)};
    }
    const std::string size = std::to_string(info.wSize);
    const std::string expected =
        "[" + size + "] or [" + std::to_string(info.numWs) + ", " + size + "]";
    if (!out.isTensor()) return Error{"w_avg() must return one tensor of shape " + expected};
    torch::Tensor w = out.toTensor().detach();
    if (!w.is_floating_point() || w.dim() < 1 || w.dim() > 2 || w.size(-1) != info.wSize ||
        (w.dim() == 2 && w.size(0) != 1 && w.size(0) != info.numWs)) {
        return Error{"w_avg() returns " + std::string(c10::toString(w.scalar_type())) +
                     " of shape " + c10::str(w.sizes()) + ", expected floating point of shape " +
                     expected};
    }
    w = w.to(torch::kFloat32);
    if (!torch::isfinite(w).all().item<bool>())
        return Error{"w_avg() contains NaN or infinite values"};
    // Broadcast to what mapping gives one image, so truncation works on it layer by layer.
    w = perImage.size() == 1 ? w.reshape({info.wSize}) : w.expand(perImage);
    return w.contiguous().clone();
}

// Reads meta.json's preview_resolutions and preview_costs into `info` and probes the archive's
// preview(w, size) at the smallest and the largest size: "" when fine (or when the archive offers
// no previews), else what is wrong. Sizes ascend, are smaller than the resolution and divide it;
// costs are shares of a full frame in (0, 1].
std::string previewProblem(const torch::jit::Module& module, ModelInfo& info, const torch::Tensor& w) {
    const auto parsed = util::parseJson(info.metadataJson);
    const json meta = parsed ? parsed.value() : json();
    if (!meta.is_object() || !meta.contains("preview_resolutions")) return "";
    if (!module.find_method("preview")) {
        return "meta.json lists preview_resolutions but the archive has no preview(w, size)";
    }
    const json& sizes = meta["preview_resolutions"];
    const json costs = meta.value("preview_costs", json());
    if (!sizes.is_array() || sizes.empty() || !costs.is_array() || costs.size() != sizes.size()) {
        return "meta.json preview_resolutions must be a list of sizes with as many preview_costs";
    }
    std::vector<int> resolutions;
    std::vector<double> shares;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (!sizes[i].is_number_integer() || !costs[i].is_number()) {
            return "meta.json preview_resolutions must be integers and preview_costs numbers";
        }
        const long long r = sizes[i].get<long long>();
        const double cost = costs[i].get<double>();
        if (r <= 0 || r >= info.resolution || info.resolution % r != 0 ||
            (!resolutions.empty() && r <= resolutions.back()) || !(cost > 0.0 && cost <= 1.0)) {
            return "meta.json preview " + std::to_string(r) + " px (cost " + costs[i].dump() +
                   ") must be smaller than " + std::to_string(info.resolution) +
                   ", divide it, come in ascending order and cost a share in (0, 1]";
        }
        resolutions.push_back(static_cast<int>(r));
        shares.push_back(cost);
    }
    auto method = *module.find_method("preview");
    for (const int r : {resolutions.front(), resolutions.back()}) {
        c10::IValue out;
        try {
            runtime::ModelCallWatch watch(info.path, "preview");
            out = method(std::vector<c10::IValue>{w, c10::IValue(r)});
        } catch (const std::exception& e) {
            return "probe of preview(w, " + std::to_string(r) + ") failed: " + conciseError(e);
        }
        const std::vector<std::int64_t> expected{1, info.channels, r, r};
        if (!out.isTensor() || !out.toTensor().is_floating_point() ||
            out.toTensor().sizes().vec() != expected) {
            return "preview(w, " + std::to_string(r) + ") must return one floating-point tensor "
                   "of shape [1, " + std::to_string(info.channels) + ", " + std::to_string(r) +
                   ", " + std::to_string(r) + "]";
        }
        if (!torch::isfinite(out.toTensor()).all().item<bool>()) {
            return "preview(w, " + std::to_string(r) + ") contains NaN or infinite values";
        }
    }
    info.previewResolutions = std::move(resolutions);
    info.previewCosts = std::move(shares);
    return "";
}

}  // namespace

Result<LoadedModel> loadTorchScriptBytes(const std::string& path, const std::string& bytes,
                                         const std::string& hash, const torch::Device& device,
                                         int probeBatch) {
    // Nothing of the archive runs, and nothing is unpacked, before these checks pass.
    if (Status problem = checkZip(bytes); !problem) return Error{path + ": " + problem.error()};
    const auto notTorchScript = [&path](const std::exception& e) {
        return Error{path + ": zip archive is not a TorchScript module (" + conciseError(e) +
                     "); a torch.save() checkpoint must be exported with tools/export_torchscript.py"};
    };
    try {
        if (Status problem = checkLoadTimeCode(bytes); !problem) {
            return Error{path + ": refused: " + problem.error()};
        }
    } catch (const std::exception& e) {
        return notTorchScript(e);
    }
    std::istringstream stream(bytes);
    torch::jit::ExtraFilesMap extra{{"meta.json", ""}};
    torch::jit::Module module;
    try {
        module = torch::jit::load(stream, device, extra);
    } catch (const std::exception& e) {
        return notTorchScript(e);
    }
    if (Status problem = checkOperations(module); !problem) {
        return Error{path + ": refused: " + problem.error()};
    }
    if (extra["meta.json"].empty()) {
        return Error{path + ": TorchScript archive has no meta.json (export it with tools/export_torchscript.py)"};
    }
    auto parsed = infoFromMeta(path, extra["meta.json"]);
    if (!parsed) return Error{parsed.error()};
    ModelInfo info = std::move(parsed.value());
    info.contentHash = hash;
    info.device = device.str();
    info.hasMapping = module.find_method("mapping").has_value();
    info.hasSynthesis = module.find_method("synthesis").has_value();
    if (auto problem = contractProblem(module, info); !problem.empty()) return Error{path + ": " + problem};
    module.eval();
    // Frozen weights: generateWithGrad/synthesisWithGrad differentiate with respect to the input only.
    for (auto p : module.parameters()) p.set_requires_grad(false);

    c10::InferenceMode guard;
    auto model = std::make_shared<TorchScriptModel>(module, info, device);
    const auto z = seededLatents(probeBatch, info.latentSize, kProbeSeed).to(device);
    const auto c = info.conditional() ? cyclingClasses(probeBatch, info.numClasses()).to(device)
                                      : torch::Tensor();
    c10::IValue out;
    try {
        out = model->rawForward(z, c);
    } catch (const std::exception& e) {
        return Error{path + ": probe forward failed: " + conciseError(e)};
    }
    if (Status problem = checkOutput(out, probeBatch, info); !problem) {
        return Error{path + ": " + problem.error()};
    }
    const ProbeForward forward = [&model](const torch::Tensor& zb, const torch::Tensor& cb) {
        return model->rawForward(zb, cb);
    };
    if (Status problem = checkConsistency(forward, z, c, out.toTensor(), info); !problem) {
        return Error{path + ": " + problem.error()};
    }
    if (info.styleBased()) {
        torch::Tensor w;
        try {
            w = model->mapping(z, c);
            auto image = model->synthesis(w);
            if (Status problem = checkOutput(image, probeBatch, info); !problem) {
                return Error{path + ": synthesis(mapping(z)): " + problem.error()};
            }
        } catch (const std::exception& e) {
            return Error{path + ": probe of mapping/synthesis failed: " + conciseError(e)};
        }
        if (w.dim() < 2 || w.dim() > 3 || w.size(0) != probeBatch ||
            !torch::isfinite(w).all().item<bool>()) {
            return Error{path + ": mapping must return N x w_size (or N x layers x w_size) finite values"};
        }
        // N x layers x w_size: synthesis takes one w per style layer (W+); N x w_size: a single w.
        const int numWs = w.dim() == 3 ? static_cast<int>(w.size(1)) : 1;
        if (info.numWs > 0 && info.numWs != numWs) {
            return Error{path + ": mapping returns " + std::to_string(numWs) +
                         " w per image but meta.json says num_ws " + std::to_string(info.numWs)};
        }
        info.numWs = numWs;
        if (info.wSize > 0 && w.size(-1) != info.wSize) {
            return Error{path + ": mapping returns w of size " + std::to_string(w.size(-1)) +
                         " but meta.json says w_size " + std::to_string(info.wSize)};
        }
        info.wSize = static_cast<int>(w.size(-1));
        // The trained w_avg makes psi mean what StyleGAN's truncation_psi means; without one, the
        // mean over a fixed seeded batch: the same model file always truncates the same way.
        auto trained = trainedWAvg(module, info, w.sizes().slice(1));
        if (!trained) return Error{path + ": " + trained.error()};
        torch::Tensor wAvg = std::move(trained).value();
        info.wAvgSource = wAvg.defined() ? WAvgSource::Trained : WAvgSource::Estimated;
        if (!wAvg.defined()) wAvg = estimatedWAvg(*model, info, device);
        if (auto problem = previewProblem(module, info, w.narrow(0, 0, 1)); !problem.empty()) {
            return Error{path + ": " + problem};
        }
        model = std::make_shared<TorchScriptModel>(module, info, device);
        model->setWAvg(wAvg);
    } else {
        info.wSize = 0;
        info.numWs = 0;
        model = std::make_shared<TorchScriptModel>(module, info, device);
    }
    return LoadedModel{model, info};
}

}  // namespace latent::model
