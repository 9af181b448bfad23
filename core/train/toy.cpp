#include "core/train/toy.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace latent::train {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kModeStd = 0.05;  // spread of each Gaussian mode of ring8 / grid25

}  // namespace

const std::vector<std::string>& toyKindNames() {
    static const std::vector<std::string> names = {"ring8", "grid25", "spiral", "moons"};
    return names;
}

bool parseToyKind(const std::string& name, ToyKind* kind) {
    const auto& names = toyKindNames();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) {
            *kind = static_cast<ToyKind>(i);
            return true;
        }
    }
    return false;
}

torch::Tensor sampleToy(ToyKind kind, std::int64_t n, std::uint64_t seed) {
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    const auto i64 = torch::TensorOptions().dtype(torch::kLong);
    switch (kind) {
        case ToyKind::Ring8: {
            // Eight Gaussians on a circle of radius 2.
            auto mode = torch::randint(0, 8, {n}, gen, i64).to(torch::kFloat32);
            auto angle = mode * (2.0 * kPi / 8.0);
            auto centre = torch::stack({torch::cos(angle), torch::sin(angle)}, 1) * 2.0;
            return centre + torch::randn({n, 2}, gen, f32) * kModeStd;
        }
        case ToyKind::Grid25: {
            // A 5 x 5 grid of Gaussians at -2, -1, 0, 1, 2 on each axis.
            auto cell = torch::randint(0, 25, {n}, gen, i64);
            auto centre =
                torch::stack({cell.remainder(5), cell.div(5, "floor")}, 1).to(torch::kFloat32) -
                2.0;
            return centre + torch::randn({n, 2}, gen, f32) * kModeStd;
        }
        case ToyKind::Spiral: {
            // One arm, radius growing with angle over 1.5 turns.
            auto t = torch::rand({n}, gen, f32);
            auto angle = t * (3.0 * kPi);
            auto radius = 0.2 + t * 1.8;
            auto points = torch::stack({radius * torch::cos(angle), radius * torch::sin(angle)}, 1);
            return points + torch::randn({n, 2}, gen, f32) * 0.03;
        }
        case ToyKind::Moons: {
            // scikit-learn's two interleaving half circles, centred and scaled to about [-2, 2].
            auto upper = torch::randint(0, 2, {n}, gen, i64).to(torch::kFloat32);
            auto angle = torch::rand({n}, gen, f32) * kPi;
            auto x = torch::where(upper > 0, torch::cos(angle), 1.0 - torch::cos(angle));
            auto y = torch::where(upper > 0, torch::sin(angle), 0.5 - torch::sin(angle));
            auto points = torch::stack({x - 0.5, y - 0.25}, 1) * 1.6;
            return points + torch::randn({n, 2}, gen, f32) * 0.05;
        }
    }
    TORCH_CHECK(false, "unknown toy distribution");
}

int toyModeCount(ToyKind kind) {
    switch (kind) {
        case ToyKind::Ring8: return 8;
        case ToyKind::Grid25: return 25;
        case ToyKind::Spiral: return 10;  // equal arcs
        case ToyKind::Moons: return 8;    // 4 arcs per moon
    }
    return 0;
}

ToyModes toyModes(ToyKind kind) {
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    ToyModes m;
    switch (kind) {
        case ToyKind::Ring8: {
            const torch::Tensor angle = torch::arange(8, f32) * (2.0 * kPi / 8.0);
            m.points = torch::stack({torch::cos(angle), torch::sin(angle)}, 1) * 2.0;
            m.radius = 4 * kModeStd;
            break;
        }
        case ToyKind::Grid25: {
            const torch::Tensor cell = torch::arange(25, torch::kLong);
            m.points = torch::stack({cell.remainder(5), cell.div(5, "floor")}, 1).to(torch::kFloat32) -
                       2.0;
            m.radius = 4 * kModeStd;
            break;
        }
        case ToyKind::Spiral: {
            constexpr int kPoints = 2000;
            const int arcs = toyModeCount(kind);
            const torch::Tensor t = (torch::arange(kPoints, f32) + 0.5) / kPoints;
            const torch::Tensor angle = t * (3.0 * kPi), radius = 0.2 + t * 1.8;
            m.points = torch::stack({radius * torch::cos(angle), radius * torch::sin(angle)}, 1);
            m.labels = (t * arcs).floor().to(torch::kLong).clamp_max(arcs - 1);
            m.radius = 0.12;
            break;
        }
        case ToyKind::Moons: {
            constexpr int kPoints = 1000;
            const int arcsPerMoon = toyModeCount(kind) / 2;
            const torch::Tensor u = (torch::arange(kPoints, f32) + 0.5) / kPoints;
            const torch::Tensor angle = u * kPi;
            const torch::Tensor upper =
                torch::stack({torch::cos(angle) - 0.5, torch::sin(angle) - 0.25}, 1) * 1.6;
            const torch::Tensor lower =
                torch::stack({0.5 - torch::cos(angle), 0.25 - torch::sin(angle)}, 1) * 1.6;
            m.points = torch::cat({upper, lower});
            const torch::Tensor arc =
                (u * arcsPerMoon).floor().to(torch::kLong).clamp_max(arcsPerMoon - 1);
            m.labels = torch::cat({arc, arc + arcsPerMoon});
            m.radius = 0.2;
            break;
        }
    }
    m.count = toyModeCount(kind);
    if (!m.labels.defined()) m.labels = torch::arange(m.count, torch::kLong);
    return m;
}

ModeCoverage modeCoverage(const ToyModes& modes, const torch::Tensor& points) {
    ModeCoverage c;
    c.modes = modes.count;
    const std::int64_t n = points.size(0);
    if (n == 0 || modes.count == 0) return c;
    torch::NoGradGuard noGrad;
    const torch::Tensor p = points.to(torch::kCPU, torch::kFloat32);
    const auto [distance, nearest] = torch::cdist(p, modes.points).min(1);
    const torch::Tensor on = distance <= modes.radius;
    c.onModes = on.to(torch::kDouble).mean().item<double>();
    const torch::Tensor counts =
        torch::bincount(modes.labels.index({nearest.masked_select(on)}), {}, modes.count);
    const double needed = 0.2 * static_cast<double>(n) / modes.count;
    c.covered = static_cast<int>((counts.to(torch::kDouble) >= needed).sum().item<std::int64_t>());
    return c;
}

}  // namespace latent::train
