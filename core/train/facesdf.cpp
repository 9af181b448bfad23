#include "core/train/facesdf.h"

#include <algorithm>
#include <cmath>

namespace latent::train::facedraw {

Region region(int resolution, double x0, double x1, double y0, double y1) {
    const double res = resolution;
    // Head coordinate -> pixel index along each axis (pixel i covers [i, i + 1)).
    auto column = [&](double h) { return (h / kZoom + 1) * 0.5 * res; };
    auto row = [&](double h) { return ((h - kOffsetY) / kZoom + 1) * 0.5 * res; };
    auto clip = [&](double v) {
        return static_cast<std::int64_t>(std::clamp(v, 0.0, static_cast<double>(resolution)));
    };
    Region r;
    r.c0 = clip(std::floor(column(x0)));
    r.c1 = std::max(r.c0, clip(std::ceil(column(x1))));
    r.r0 = clip(std::floor(row(y0)));
    r.r1 = std::max(r.r0, clip(std::ceil(row(y1))));
    // Pixel centres in head units.
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    const double scale = 2.0 * kZoom / res;
    const double first = -kZoom + 0.5 * scale;
    r.x = (torch::arange(r.c0, r.c1, f32) * scale + first).view({1, 1, -1});
    r.ax = r.x.abs();
    r.y = (torch::arange(r.r0, r.r1, f32) * scale + (first + kOffsetY)).view({1, -1, 1});
    return r;
}

Tensor colours(const std::vector<float>& rgb) {
    const auto n = static_cast<std::int64_t>(rgb.size() / 3);
    return torch::tensor(rgb, torch::kFloat32).view({n, 3, 1, 1});
}

Tensor colour(float r, float g, float b) {
    return torch::tensor({r, g, b}, torch::kFloat32).view({1, 3, 1, 1});
}

Tensor perFace(const std::vector<float>& values) {
    return torch::tensor(values, torch::kFloat32).view({-1, 1, 1});
}

Layer::Layer(std::int64_t faces, int resolution)
    : m_pixel(2.0 * kZoom / resolution),
      m_rgbt(torch::zeros({faces, 4, resolution, resolution}, torch::kFloat32)) {
    m_rgbt.narrow(1, 3, 1).fill_(1);
}

Tensor Layer::finish() {
    m_rgbt.narrow(1, 3, 1).neg_().add_(1);
    return m_rgbt;
}

Tensor Layer::coverage(const Tensor& d, double soft) const {
    // 0.5 - d / width, clamped: a half-covered pixel sits on the edge.
    return (d * (-1.0 / std::max(m_pixel, soft)) + 0.5).clamp_(0, 1);
}

void Layer::paint(const Region& r, const Tensor& d, const Tensor& colour, const Tensor& opacity,
                  double soft) {
    if (r.rows() == 0 || r.cols() == 0) return;
    Tensor cover = coverage(d, soft);
    if (opacity.defined()) cover = cover * opacity;
    // Over, premultiplied: rgb = rgb * (1 - coverage) + colour * coverage, which leaves a pixel
    // the shape does not cover bit for bit as it was.
    cover = cover.unsqueeze(1);  // N x 1 x H x W
    const Tensor keep = 1 - cover;
    const Tensor area = m_rgbt.narrow(2, r.r0, r.rows()).narrow(3, r.c0, r.cols());
    area.narrow(1, 0, 3).mul_(keep).addcmul_(colour, cover);
    area.narrow(1, 3, 1).mul_(keep);
}

}  // namespace latent::train::facedraw
