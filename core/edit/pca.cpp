#include "core/edit/pca.h"

#include <algorithm>
#include <cmath>

#include "core/edit/directionset.h"
#include "core/edit/linalg.h"
#include "core/model/generator.h"
#include "core/model/probe.h"

namespace latent::edit {

namespace {

constexpr int kMaxSamples = 1 << 20;
constexpr std::int64_t kImageFeatureSide = 16;  // fallback features: output pooled to <= 16 x 16
constexpr double kRankTolerance = 1e-9;         // eigenvalues below this x the largest: no signal

// GANSpace on tensors: x (N x F) and z (N x d), float32 or float64 on the CPU. x is centred in
// place (callers hand over a tensor they no longer need: features are the bulk of the memory).
Result<LatentBasis> principalBasis(const torch::Tensor& x, torch::Tensor z, int count) {
    const std::int64_t n = x.size(0);
    if (n < 2) return Error{"PCA needs at least 2 samples"};
    if (z.size(0) != n)
        return Error{"PCA needs one latent per feature row (" + std::to_string(n) + " rows, " +
                     std::to_string(z.size(0)) + " latents)"};
    if (count < 1)
        return Error{"PCA needs at least one direction (count " + std::to_string(count) + ")"};
    // A sum is NaN or infinite exactly when some value is (or it overflows): no N x F mask needed.
    if (!std::isfinite(x.sum().item<double>()) || !std::isfinite(z.sum().item<double>()))
        return Error{"the samples hold NaN or infinite values"};
    const int k = static_cast<int>(std::min<std::int64_t>({count, n - 1, x.size(1), z.size(1)}));
    x.sub_(x.mean(0, /*keepdim=*/true));
    z = z.to(torch::kFloat64);
    z = z - z.mean(0, /*keepdim=*/true);
    const detail::Eigen eig = detail::topEigen(x, k);

    // Least squares of z on the PCA coordinates p = x V. The columns of p are orthogonal with
    // pᵀp = diag(eigenvalues), so the normal equations decouple: row i of B is p_iᵀ z / λ_i.
    const torch::Tensor p = x.mm(eig.vectors.to(x.dtype())).to(torch::kFloat64);
    const double largest = eig.values[0].item<double>();
    LatentBasis out;
    for (int i = 0; i < k; ++i) {
        const double lambda = eig.values[i].item<double>();
        if (!(lambda > kRankTolerance * largest) || !(largest > 0.0)) break;
        torch::Tensor b = p.select(1, i).matmul(z) / lambda;
        const double length = b.norm().item<double>();
        if (!(length > 0.0) || !std::isfinite(length)) break;
        b = detail::fixSigns((b / length).unsqueeze(1)).squeeze(1);
        out.vectors.push_back(detail::toLatent(b));
        out.sigmas.push_back(static_cast<float>(z.matmul(b).std().item<double>()));
        out.variances.push_back(static_cast<float>(lambda / static_cast<double>(n - 1)));
    }
    if (out.vectors.empty()) return Error{"the samples do not vary: no principal direction"};
    return out;
}

std::string optionsProblem(const PcaOptions& o, const model::ModelInfo& info) {
    if (o.count < 1) return "--count must be at least 1";
    if (o.samples < 2 || o.samples > kMaxSamples)
        return "samples must be between 2 and " + std::to_string(kMaxSamples);
    if (o.batch < 1) return "batch must be at least 1";
    if (o.classIndex >= 0 && o.classIndex >= info.numClasses())
        return "class " + std::to_string(o.classIndex) + " does not exist in " + info.name;
    return "";
}

// Output images pooled to at most 16 x 16 and flattened: features for models that expose none.
torch::Tensor imageFeatures(const model::Generator& generator, const torch::Tensor& z,
                            const torch::Tensor& c) {
    torch::Tensor image = generator.generate(z, c).to(torch::kCPU, torch::kFloat32);
    const std::int64_t side = std::min<std::int64_t>(kImageFeatureSide, image.size(-1));
    image = torch::adaptive_avg_pool2d(image, {side, side});
    return image.flatten(1);
}

}  // namespace

Result<LatentBasis> principalDirections(const Matrix& features, const Matrix& latents, int count) {
    if (!features.valid() || !latents.valid()) return Error{"PCA needs non-empty matrices"};
    try {
        c10::InferenceMode guard;
        return principalBasis(detail::toTensor(features), detail::toTensor(latents), count);
    } catch (const std::exception& e) {
        return Error{"PCA failed: " + model::conciseError(e)};
    }
}

Result<DirectionSet> pcaDirections(const model::Generator& generator, const PcaOptions& options,
                                   const Progress& progress, const std::atomic<bool>* cancel) {
    const model::ModelInfo& info = generator.info();
    if (auto problem = optionsProblem(options, info); !problem.empty())
        return Error{"PCA: " + problem};
    const bool style = info.styleBased();
    try {
        c10::InferenceMode guard;
        torch::Tensor features;  // samples x F, filled batch by batch (no second copy from a cat)
        std::vector<torch::Tensor> latents;
        bool useImages = false;
        for (int start = 0; start < options.samples; start += options.batch) {
            if (cancel && cancel->load()) return Error{"cancelled"};
            const int n = std::min(options.batch, options.samples - start);
            const torch::Tensor z =
                detail::seededLatentRows(options.seed, start, n, info.latentSize);
            const torch::Tensor c = detail::sampleClasses(generator, start, n, options.classIndex);
            if (style) {
                latents.push_back(detail::mappedW(generator, z, c));
            } else {
                torch::Tensor f = useImages ? torch::Tensor() : generator.features(z, c);
                if (!f.defined()) {
                    useImages = true;
                    f = imageFeatures(generator, z, c);
                }
                f = f.to(torch::kCPU, torch::kFloat32);
                if (!features.defined())
                    features = torch::empty({options.samples, f.size(1)}, torch::kFloat32);
                TORCH_CHECK(f.dim() == 2 && f.size(0) == n && f.size(1) == features.size(1),
                            "features changed shape between batches");
                features.narrow(0, start, n).copy_(f);
                latents.push_back(z);
            }
            if (progress)
                progress(static_cast<float>(start + n) / static_cast<float>(options.samples));
        }
        if (cancel && cancel->load()) return Error{"cancelled"};
        torch::Tensor z = torch::cat(latents, 0);
        // Style-based: PCA of w itself (the regression then returns the eigenvectors).
        torch::Tensor x = style ? z.clone() : std::move(features);
        auto basis = principalBasis(std::move(x), std::move(z), options.count);
        if (!basis) return Error{info.name + ": " + basis.error()};

        DirectionSet set = directionSetFor(info);
        appendNumbered(set, "PCA", "pca", style ? Space::W : Space::Z, std::move(basis->vectors),
                       basis->sigmas);
        return set;
    } catch (const std::exception& e) {
        return Error{info.name + ": PCA failed: " + model::conciseError(e)};
    }
}

}  // namespace latent::edit
