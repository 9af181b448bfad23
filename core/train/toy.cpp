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

}  // namespace latent::train
