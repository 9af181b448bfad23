#include "core/edit/linalg.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>

#include "core/model/generator.h"

namespace latent::edit::detail {

namespace {

constexpr std::int64_t kExactLimit = 1024;  // eigh on a d x d Gram matrix up to this size
constexpr int kOversample = 10;
constexpr int kPowerIterations = 3;

torch::Tensor topOfSymmetric(const torch::Tensor& gram, int k, torch::Tensor* values) {
    auto [eigenvalues, eigenvectors] = torch::linalg_eigh(gram.to(torch::kFloat64), "L");
    // eigh sorts ascending: take the last k columns, largest first.
    const auto index = torch::arange(gram.size(0) - 1, gram.size(0) - 1 - k, -1, torch::kLong);
    *values = eigenvalues.index_select(0, index).clamp_min(0.0);
    return eigenvectors.index_select(1, index);
}

}  // namespace

torch::Tensor toTensor(const Matrix& m) {
    return torch::from_blob(const_cast<float*>(m.values.data()), {m.rows, m.cols}, torch::kFloat32)
        .to(torch::kFloat64);
}

Matrix toMatrix(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat32).contiguous();
    Matrix m(static_cast<int>(c.size(0)), static_cast<int>(c.size(1)));
    std::copy(c.data_ptr<float>(), c.data_ptr<float>() + c.numel(), m.values.begin());
    return m;
}

torch::Tensor toTensor(const latent::Latent& v) {
    return torch::from_blob(const_cast<float*>(v.data()), {static_cast<std::int64_t>(v.size())},
                            torch::kFloat32)
        .to(torch::kFloat64);
}

latent::Latent toLatent(const torch::Tensor& v) {
    const torch::Tensor c = v.to(torch::kCPU, torch::kFloat32).contiguous();
    return latent::Latent(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

torch::Tensor fixSigns(const torch::Tensor& vectors) {
    const torch::Tensor index = vectors.abs().argmax(0, /*keepdim=*/true);
    const torch::Tensor sign = 1.0 - 2.0 * (vectors.gather(0, index) < 0).to(vectors.dtype());
    return vectors * sign;
}

Eigen topEigen(const torch::Tensor& x, int k, std::uint64_t seed) {
    const std::int64_t d = x.size(1);
    k = static_cast<int>(std::min<std::int64_t>(k, d));
    Eigen out;
    if (d <= kExactLimit) {
        out.vectors = fixSigns(topOfSymmetric(x.t().mm(x), k, &out.values));
        return out;
    }
    // Randomised subspace iteration (Halko et al. 2011): Q spans XᵀX's top eigenvectors after a few
    // multiplications; QR keeps it orthonormal. The Rayleigh-Ritz step on the small projected
    // matrix then gives the eigenpairs.
    const std::int64_t width = std::min<std::int64_t>(d, k + kOversample);
    at::Generator gen = at::detail::createCPUGenerator(seed);
    torch::Tensor q = torch::empty({d, width}, torch::kFloat64);
    q.normal_(0.0, 1.0, gen);
    q = q.to(x.dtype());
    q = std::get<0>(torch::linalg_qr(q, "reduced"));
    for (int i = 0; i < kPowerIterations; ++i) {
        q = std::get<0>(torch::linalg_qr(x.t().mm(x.mm(q)), "reduced"));
    }
    const torch::Tensor xq = x.mm(q).to(torch::kFloat64);
    torch::Tensor small = xq.t().mm(xq);
    small = (small + small.t()) * 0.5;
    const torch::Tensor rotation = topOfSymmetric(small, k, &out.values);
    out.vectors = fixSigns(q.to(torch::kFloat64).mm(rotation));
    return out;
}

torch::Tensor seededLatentRows(std::uint64_t seed, int start, int n, int dim) {
    torch::Tensor z = torch::empty({n, dim}, torch::kFloat32);
    float* out = z.data_ptr<float>();
    for (int i = 0; i < n; ++i) {
        const latent::Latent row =
            latent::sampleLatent(latent::mixSeed(seed, static_cast<std::uint64_t>(start) + static_cast<std::uint64_t>(i)), dim);
        std::copy(row.begin(), row.end(), out + static_cast<std::ptrdiff_t>(i) * dim);
    }
    return z;
}

torch::Tensor sampleClasses(const model::Generator& generator, int start, int n, int fixedClass) {
    const int classes = generator.info().numClasses();
    if (classes == 0) return {};
    if (fixedClass >= 0) return torch::full({n}, fixedClass, torch::kLong);
    return torch::remainder(torch::arange(start, start + n, torch::kLong), classes);
}

torch::Tensor mappedW(const model::Generator& generator, const torch::Tensor& z,
                      const torch::Tensor& classes) {
    torch::Tensor w = generator.mapping(z, classes).to(torch::kCPU, torch::kFloat32);
    if (w.dim() == 3) w = w.select(1, 0);
    TORCH_CHECK(w.dim() == 2 && w.size(0) == z.size(0), "mapping returned w of shape ", w.sizes(),
                ", expected N x w_size");
    return w;
}

}  // namespace latent::edit::detail
