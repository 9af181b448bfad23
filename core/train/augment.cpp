#include "core/train/augment.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace latent::train {

namespace {

// Source index of each output position for a shift of `shift` pixels: N x size, mirrored at the
// edges (a shift is at most size / 8, so one reflection is enough).
torch::Tensor shiftedIndex(const torch::Tensor& shift, std::int64_t size) {
    torch::Tensor i = torch::arange(size, shift.options()).unsqueeze(0) - shift.unsqueeze(1);
    i = torch::where(i < 0, -i, i);
    return torch::where(i > size - 1, 2 * (size - 1) - i, i);
}

}  // namespace

torch::Tensor augmentImages(const torch::Tensor& x, double p, at::Generator gen, std::int64_t rows,
                            std::int64_t first) {
    TORCH_CHECK(x.dim() == 4, "augmentImages takes B x C x H x W images");
    const std::int64_t n = x.size(0), channels = x.size(1), h = x.size(2), w = x.size(3);
    TORCH_CHECK(first >= 0 && first + n <= rows, "augment rows out of range");
    // Every draw is made for the global batch, in a fixed order, whatever p is.
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    auto uniform = [&] { return torch::rand({rows}, gen, f32); };
    auto normal = [&] { return torch::randn({rows}, gen, f32); };
    const torch::Tensor doTranslate = uniform(), tx = uniform(), ty = uniform();
    const torch::Tensor doBrightness = uniform(), brightness = normal();
    const torch::Tensor doContrast = uniform(), contrast = normal();
    const torch::Tensor doSaturation = uniform(), saturation = normal();
    const torch::Tensor doCutout = uniform(), cx = uniform(), cy = uniform();
    if (p <= 0) return x;

    const auto P = static_cast<float>(p);
    auto mine = [&](const torch::Tensor& t) { return t.narrow(0, first, n).to(x.device()); };
    auto on = [&](const torch::Tensor& u) { return mine((u < P).to(torch::kFloat32)); };
    auto perImage = [](const torch::Tensor& t) { return t.view({-1, 1, 1, 1}); };

    torch::Tensor y = x;
    {
        // Translation: a gather of mirrored indices, so the gradient flows back to each source
        // pixel exactly.
        const torch::Tensor mask = on(doTranslate).to(torch::kLong);
        auto shift = [&](const torch::Tensor& u, std::int64_t size) {
            const double most = std::floor(static_cast<double>(size) / 8.0);
            return (mine(u).mul(2).sub(1).mul(most).round().to(torch::kLong) * mask);
        };
        const torch::Tensor sx = shift(tx, w), sy = shift(ty, h);
        if (sx.any().item<bool>() || sy.any().item<bool>()) {
            const torch::Tensor ix = shiftedIndex(sx, w), iy = shiftedIndex(sy, h);
            const torch::Tensor index =
                (iy.unsqueeze(2) * w + ix.unsqueeze(1)).view({n, 1, h * w}).expand({n, channels, h * w});
            y = y.reshape({n, channels, h * w}).gather(2, index).view({n, channels, h, w});
        }
    }
    y = y + perImage(mine(brightness) * 0.2f * on(doBrightness));
    y = y * perImage(torch::exp2(mine(contrast) * 0.5f * on(doContrast)));
    if (channels == 3) {
        const torch::Tensor grey = y.mean(1, true);
        y = grey + (y - grey) * perImage(torch::exp2(mine(saturation) * on(doSaturation)));
    }
    {
        const auto opts = x.options().dtype(torch::kFloat32);
        const torch::Tensor gx = (torch::arange(w, opts) + 0.5f) / static_cast<float>(w);
        const torch::Tensor gy = (torch::arange(h, opts) + 0.5f) / static_cast<float>(h);
        const torch::Tensor insideX = (gx.unsqueeze(0) - mine(cx).unsqueeze(1)).abs() < 0.25f;
        const torch::Tensor insideY = (gy.unsqueeze(0) - mine(cy).unsqueeze(1)).abs() < 0.25f;
        const torch::Tensor cut = (insideY.unsqueeze(2) & insideX.unsqueeze(1)).to(torch::kFloat32) *
                                  on(doCutout).view({-1, 1, 1});
        y = y * (1.0f - cut.unsqueeze(1)).to(y.dtype());
    }
    return y;
}

double adaptAugment(double p, double realSignMean, std::int64_t images) {
    const double direction = realSignMean > kAugmentTarget ? 1.0 : realSignMean < kAugmentTarget ? -1.0 : 0.0;
    const double next = p + direction * static_cast<double>(images) / kAugmentSpeedImages;
    return std::clamp(next, 0.0, std::nextafter(1.0, 0.0));
}

}  // namespace latent::train
