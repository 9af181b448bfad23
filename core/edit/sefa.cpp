#include "core/edit/sefa.h"

#include <algorithm>
#include <limits>

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

// How many of the top eigenvalues of AᵀA (descending) belong to A's numerical rank: singular values
// above max(F, d) float32 epsilons of the largest, as numpy's matrix_rank counts them for float32
// data. The others' eigenvectors are arbitrary directions in A's null space.
int meaningfulCount(const std::vector<float>& values, const torch::Tensor& a) {
    if (values.empty() || !(values.front() > 0.0f)) return 0;
    const double tolerance = static_cast<double>(std::max(a.size(0), a.size(1))) *
                             static_cast<double>(std::numeric_limits<float>::epsilon());
    const double floor = static_cast<double>(values.front()) * tolerance * tolerance;
    int n = 0;
    for (const float value : values) {
        if (!(static_cast<double>(value) > floor)) break;
        ++n;
    }
    return n;
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

Result<SefaResult> sefaDirections(const model::Generator& generator, int count) {
    const model::ModelInfo& info = generator.info();
    const bool style = info.styleBased();
    const int size = style ? info.wSize : info.latentSize;
    try {
        c10::InferenceMode guard;
        const model::FirstLayerWeight weight = generator.firstLayerWeight();
        const torch::Tensor& a = weight.matrix;
        if (!a.defined()) return Error{missingWeight(info)};
        if (a.dim() != 2 || a.size(1) != size)
            return Error{info.name + ": the first-layer weight '" + weight.name + "' has shape " +
                         c10::str(a.sizes()) + ", SeFa needs F x " + std::to_string(size) +
                         (style ? " (the w size)" : " (the latent size)")};
        auto eig = closedFormFactorisation(detail::toMatrix(a), count);
        if (!eig) return Error{info.name + ": " + eig.error()};

        SefaResult result;
        result.weightName = weight.name;
        const int asked = std::min(count, size);
        const int rank = meaningfulCount(eig->values, a);
        if (rank == 0)
            return Error{info.name + ": '" + weight.name +
                         "' is zero: SeFa has nothing to factorise"};
        if (rank < asked) {
            eig->vectors.resize(static_cast<std::size_t>(rank));
            eig->values.resize(static_cast<std::size_t>(rank));
            result.warning = "SeFa: '" + weight.name + "' has rank " + std::to_string(rank) +
                             ", so only " + std::to_string(rank) + " of the " +
                             std::to_string(asked) + " directions asked for are meaningful; " +
                             (info.format == "torchscript"
                                  ? "name another parameter in meta.json \"sefa_weight\""
                                  : "PCA finds more");
        }

        result.set = directionSetFor(info);
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
        appendNumbered(result.set, "SeFa", "sefa", style ? Space::W : Space::Z,
                       std::move(eig->vectors), sigmas);
        return result;
    } catch (const std::exception& e) {
        return Error{info.name + ": SeFa failed: " + model::conciseError(e)};
    }
}

}  // namespace latent::edit
