#include "core/model/probe.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cstdio>

namespace latent::model {

namespace {

std::string shapeText(at::IntArrayRef shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

}  // namespace

torch::Tensor seededLatents(int n, int latentSize, std::uint64_t seed) {
    at::Generator gen = at::detail::createCPUGenerator(seed);
    auto z = torch::empty({n, latentSize}, torch::TensorOptions().dtype(torch::kFloat32));
    return z.normal_(0.0, 1.0, gen);
}

torch::Tensor cyclingClasses(int n, int numClasses) {
    if (numClasses <= 0) return {};
    return torch::arange(n, torch::TensorOptions().dtype(torch::kLong)).remainder(numClasses);
}

std::string outputProblem(const c10::IValue& out, int batch, const ModelInfo& info) {
    if (!out.isTensor()) {
        return std::string("forward returned ") + (out.isTuple() ? "a tuple" : out.tagKind()) +
               ", the contract is one tensor N x C x H x W (docs/model-format.md)";
    }
    const torch::Tensor t = out.toTensor();
    if (!t.is_floating_point()) {
        return std::string("output has dtype ") + c10::toString(t.scalar_type()) +
               ", expected floating point";
    }
    const std::vector<std::int64_t> expected{batch, info.channels, info.resolution, info.resolution};
    if (t.sizes().vec() != expected) {
        return "output shape " + shapeText(t.sizes()) + " disagrees with the metadata (expected " +
               shapeText(expected) + ": N x channels x resolution x resolution)";
    }
    const torch::Tensor f = t.detach().to(torch::kCPU, torch::kFloat32);
    if (!torch::isfinite(f).all().item<bool>()) return "output contains NaN or infinite values";
    const double lo = f.min().item<double>();
    const double hi = f.max().item<double>();
    if (lo < -1.0 - kRangeTolerance || hi > 1.0 + kRangeTolerance) {
        char range[96];
        std::snprintf(range, sizeof range, "[%.3g, %.3g]", lo, hi);
        return std::string("output range ") + range +
               " exceeds [-1, 1]; the contract is tanh-like output (docs/model-format.md)";
    }
    return "";
}

std::string conciseError(const std::exception& e) {
    std::string text;
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e)) {
        text = c10->what_without_backtrace();
    } else {
        text = e.what();
    }
    // TorchScript wraps the real message after a traceback; the last "Error: " line says it.
    for (const char* marker : {"RuntimeError: ", "ValueError: ", "AssertionError: ", "TypeError: "}) {
        const auto at = text.rfind(marker);
        if (at != std::string::npos) {
            text = text.substr(at);
            break;
        }
    }
    while (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.erase(0, 1);
    const auto newline = text.find('\n');
    if (newline != std::string::npos) text = text.substr(0, newline);
    if (text.size() > 300) text = text.substr(0, 297) + "...";
    return text.empty() ? "unknown error" : text;
}

torch::Tensor generatorLatents(const torch::Tensor& z, const ModelInfo& info,
                               const torch::Device& device) {
    TORCH_CHECK(z.defined() && z.dim() == 2 && z.size(1) == info.latentSize,
                "generate expects z of shape N x ", info.latentSize);
    return z.to(device, torch::kFloat32);
}

torch::Tensor generatorClasses(const torch::Tensor& classes, std::int64_t n, const ModelInfo& info,
                               const torch::Device& device) {
    if (!info.conditional()) return {};
    TORCH_CHECK(classes.defined() && classes.numel() == n,
                "conditional model needs one class index per latent");
    torch::Tensor c = classes.reshape({-1}).to(device, torch::kLong);
    TORCH_CHECK(c.min().item<std::int64_t>() >= 0 && c.max().item<std::int64_t>() < info.numClasses(),
                "class index out of range [0, ", info.numClasses(), ")");
    return c;
}

torch::Tensor finishOutput(const torch::Tensor& out) {
    return out.to(torch::kFloat32).clamp(-1.0, 1.0).contiguous();
}

}  // namespace latent::model
