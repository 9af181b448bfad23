#include "core/model/probe.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "core/model/tensortable.h"

namespace latent::model {

namespace {

// The same latent's image may differ by this much between batch sizes on the CPU (kernels block
// the work differently), and by this much between two identical calls.
constexpr double kBatchTolerance = 1e-3;
constexpr double kRepeatTolerance = 1e-4;
// On CUDA, TF32 convolutions and the kernels cuDNN picks per batch size differ by up to ~1e-2; a
// model that mixes its batch or draws random noise differs by tenths.
constexpr double kCudaTolerance = 2e-2;
constexpr std::uint64_t kExtraLatentSeed = 0x1a7e48;

std::string gapText(double gap) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2g", gap);
    return text;
}

double maxGap(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
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

Status checkOutput(const c10::IValue& out, int batch, const ModelInfo& info) {
    if (!out.isTensor()) {
        return Error{std::string("forward returned ") + (out.isTuple() ? "a tuple" : out.tagKind()) +
               ", the contract is one tensor N x C x H x W (docs/model-format.md)"};
    }
    const torch::Tensor& t = out.toTensor();
    if (!t.is_floating_point()) {
        return Error{std::string("output has dtype ") + c10::toString(t.scalar_type()) +
               ", expected floating point"};
    }
    const std::vector<std::int64_t> expected{batch, info.channels, info.resolution, info.resolution};
    if (t.sizes().vec() != expected) {
        return Error{"output shape " + shapeText(t.sizes()) + " disagrees with the metadata (expected " +
               shapeText(expected) + ": N x channels x resolution x resolution)"};
    }
    const torch::Tensor f = t.detach().to(torch::kCPU, torch::kFloat32);
    if (!torch::isfinite(f).all().item<bool>()) return Error{"output contains NaN or infinite values"};
    const double lo = f.min().item<double>();
    const double hi = f.max().item<double>();
    if (lo < -1.0 - kRangeTolerance || hi > 1.0 + kRangeTolerance) {
        char range[96];
        std::snprintf(range, sizeof range, "[%.3g, %.3g]", lo, hi);
        return Error{std::string("output range ") + range +
               " exceeds [-1, 1]; the contract is tanh-like output (docs/model-format.md)"};
    }
    return success();
}

Status checkConsistency(const ProbeForward& forward, const torch::Tensor& z,
                               const torch::Tensor& c, const torch::Tensor& reference,
                               const ModelInfo& info) {
    const int n = static_cast<int>(z.size(0));
    const bool cuda = z.is_cuda();
    const double batchTolerance = cuda ? kCudaTolerance : kBatchTolerance;
    const double repeatTolerance = cuda ? kCudaTolerance : kRepeatTolerance;
    std::string failure;
    // The images for (zb, cb) on the CPU, or undefined with `failure` set.
    auto run = [&](const torch::Tensor& zb, const torch::Tensor& cb) -> torch::Tensor {
        const int batch = static_cast<int>(zb.size(0));
        std::string why;
        c10::IValue out;
        try {
            out = forward(zb, cb);
            if (Status fits = checkOutput(out, batch, info); !fits) why = fits.error();
        } catch (const std::exception& e) {
            why = conciseError(e);
        }
        if (why.empty()) return out.toTensor().detach().to(torch::kCPU, torch::kFloat32);
        failure = "the model works at batch size " + std::to_string(n) +
                  " but fails at batch size " + std::to_string(batch) + " (" + why +
                  "); it was probably traced with a fixed batch size: export it with "
                  "tools/export_torchscript.py (StyleGAN pickles: --stylegan), which checks this "
                  "(docs/model-format.md)";
        return {};
    };
    auto mixes = [&](int batch, double gap) {
        return "the same latent gives a different image at batch size " + std::to_string(batch) +
               " than at batch size " + std::to_string(n) + " (max difference " + gapText(gap) +
               "): the model mixes the images of a batch";
    };
    const torch::Tensor ref = reference.detach().to(torch::kCPU, torch::kFloat32);
    const torch::Tensor c1 = c.defined() ? c.narrow(0, 0, 1) : c;
    const torch::Tensor once = run(z.narrow(0, 0, 1), c1);
    if (!once.defined()) return Error{failure};
    const torch::Tensor twice = run(z.narrow(0, 0, 1), c1);
    if (!twice.defined()) return Error{failure};
    if (const double gap = maxGap(once, twice); gap > repeatTolerance) {
        return Error{"the model is not deterministic: the same latent gave two different images "
                     "(max difference " +
                     gapText(gap) +
                     "); a StyleGAN exported with noise_mode='random' does this: convert it with "
                     "tools/export_torchscript.py --stylegan (constant noise)"};
    }
    if (n > 1) {
        if (const double gap = maxGap(once, ref.narrow(0, 0, 1)); gap > batchTolerance)
            return Error{mixes(1, gap)};
    }
    // One more latent after the probe's: the probe latents are the first rows of a larger batch.
    const torch::Tensor extra = seededLatents(1, info.latentSize, kExtraLatentSeed).to(z.device());
    const torch::Tensor larger =
        run(torch::cat({z, extra}, 0), c.defined() ? torch::cat({c, c1}, 0) : c);
    if (!larger.defined()) return Error{failure};
    if (const double gap = maxGap(larger.narrow(0, 0, n), ref); gap > batchTolerance)
        return Error{mixes(n + 1, gap)};
    return success();
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
    // LibTorch's allocators: "[enforce fail at alloc_cpu.cpp:75] ... you tried to allocate N
    // bytes. Error code 12 ..." (CPU), "CUDA out of memory. Tried to allocate 2.00 GiB ..." (GPU).
    if (const auto at = text.find("you tried to allocate "); at != std::string::npos) {
        const double bytes = std::strtod(text.c_str() + at + 22, nullptr);
        std::ostringstream out;
        out << "out of memory (one more allocation of " << std::fixed << std::setprecision(0)
            << bytes / (1024.0 * 1024.0) << " MB failed)";
        return out.str();
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
    // A model that passed its load probe can still go bad on some latents: say so rather than
    // draw NaN as black.
    TORCH_CHECK(torch::isfinite(out).all().item<bool>(),
                "the model produced NaN or infinite values for these inputs (it passed its load "
                "check, so it goes bad only for some latents, classes or edits)");
    return out.to(torch::kFloat32).clamp(-1.0, 1.0).contiguous();
}

}  // namespace latent::model
