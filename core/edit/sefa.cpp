#include "core/edit/sefa.h"

#include <algorithm>

#include "core/edit/directionset.h"
#include "core/edit/linalg.h"
#include "core/model/generator.h"
#include "core/model/probe.h"

namespace latent::edit {

namespace {

constexpr int kSigmaSamples = 2048;  // mapped latents for the spread of w along each direction
constexpr int kSigmaBatch = 256;
constexpr std::uint64_t kSigmaSeed = 0x5efa;

std::string missingWeight(const model::ModelInfo& info) {
    std::string why = info.name + " exposes no first-layer weight, and SeFa factorises that matrix";
    if (info.format == "torchscript")
        return why + " (name a parameter of F x " +
               std::to_string(info.styleBased() ? info.wSize : info.latentSize) +
               " in meta.json \"sefa_weight\", see docs/model-format.md); PCA works without it";
    return why + "; use PCA instead";
}

// Standard deviation of mapped w along each column of `vectors` (wSize x k), over seeded latents.
torch::Tensor wSpread(const model::Generator& generator, const torch::Tensor& vectors) {
    const model::ModelInfo& info = generator.info();
    std::vector<torch::Tensor> projections;
    for (int start = 0; start < kSigmaSamples; start += kSigmaBatch) {
        const torch::Tensor z =
            detail::seededLatentRows(kSigmaSeed, start, kSigmaBatch, info.latentSize);
        const torch::Tensor c = detail::sampleClasses(generator, start, kSigmaBatch, -1);
        const torch::Tensor w = detail::mappedW(generator, z, c).to(torch::kFloat64);
        projections.push_back(w.mm(vectors));
    }
    return torch::cat(projections, 0).std(0);
}

}  // namespace

Result<EigenDirections> closedFormFactorisation(const Matrix& weight, int count) {
    if (!weight.valid()) return Error{"SeFa needs a non-empty weight matrix"};
    if (count < 1)
        return Error{"SeFa needs at least one direction (count " + std::to_string(count) + ")"};
    try {
        c10::InferenceMode guard;
        const torch::Tensor a = detail::toTensor(weight);
        if (!torch::isfinite(a).all().item<bool>())
            return Error{"the weight matrix holds NaN or infinite values"};
        const detail::Eigen eig = detail::topEigen(a, count);
        EigenDirections out;
        for (std::int64_t i = 0; i < eig.vectors.size(1); ++i) {
            out.vectors.push_back(detail::toLatent(eig.vectors.select(1, i)));
            out.values.push_back(eig.values[i].item<float>());
        }
        return out;
    } catch (const std::exception& e) {
        return Error{"SeFa failed: " + model::conciseError(e)};
    }
}

Result<DirectionSet> sefaDirections(const model::Generator& generator, int count) {
    const model::ModelInfo& info = generator.info();
    const bool style = info.styleBased();
    const int size = style ? info.wSize : info.latentSize;
    try {
        c10::InferenceMode guard;
        const torch::Tensor a = generator.firstLayerWeight();
        if (!a.defined()) return Error{missingWeight(info)};
        if (a.dim() != 2 || a.size(1) != size)
            return Error{info.name + ": the first-layer weight has shape " + c10::str(a.sizes()) +
                         ", SeFa needs F x " + std::to_string(size) +
                         (style ? " (the w size)" : " (the latent size)")};
        auto eig = closedFormFactorisation(detail::toMatrix(a), count);
        if (!eig) return Error{info.name + ": " + eig.error()};

        DirectionSet set = directionSetFor(info);
        torch::Tensor sigma;
        if (style) {
            std::vector<torch::Tensor> columns;
            for (const auto& v : eig->vectors) columns.push_back(detail::toTensor(v));
            sigma = wSpread(generator, torch::stack(columns, 1));
        }
        // z ~ N(0, I) has unit spread along every unit vector; w's spread must be measured.
        std::vector<float> sigmas(eig->vectors.size(), 1.0f);
        for (std::size_t i = 0; style && i < sigmas.size(); ++i) {
            sigmas[i] = sigma[static_cast<std::int64_t>(i)].item<float>();
        }
        appendNumbered(set, "SeFa", "sefa", style ? Space::W : Space::Z, std::move(eig->vectors),
                       sigmas);
        return set;
    } catch (const std::exception& e) {
        return Error{info.name + ": SeFa failed: " + model::conciseError(e)};
    }
}

}  // namespace latent::edit
