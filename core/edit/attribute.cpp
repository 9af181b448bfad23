#include "core/edit/attribute.h"

#include <algorithm>
#include <cmath>

#include "core/edit/linalg.h"
#include "core/model/modelinfo.h"
#include "core/model/probe.h"

namespace latent::edit {

namespace {

constexpr double kL2 = 1.0;  // ridge on the weights (not the bias): bounded on separable data
constexpr int kNewtonSteps = 50;
constexpr double kConverged = 1e-10;  // squared Newton step
constexpr double kDegenerate = 1e-3;  // residual length below which projectOut has nothing left

std::string examplesNeeded(std::size_t with, std::size_t without) {
    auto more = [](std::size_t have) {
        return static_cast<std::size_t>(kMinAttributeExamples) -
               std::min<std::size_t>(have, kMinAttributeExamples);
    };
    std::string need;
    if (more(with) > 0) need += std::to_string(more(with)) + " more with the attribute";
    if (more(without) > 0)
        need += (need.empty() ? "" : " and ") + std::to_string(more(without)) + " more without it";
    return "an attribute needs at least " + std::to_string(kMinAttributeExamples) +
           " examples with it and " + std::to_string(kMinAttributeExamples) + " without (have " +
           std::to_string(with) + " and " + std::to_string(without) + "): label " + need;
}

torch::Tensor rows(const std::vector<latent::Latent>& latents) {
    std::vector<torch::Tensor> out;
    out.reserve(latents.size());
    for (const auto& v : latents) out.push_back(detail::toTensor(v));
    return torch::stack(out, 0);
}

// L2-regularised logistic regression by Newton's method (IRLS): x is N x d, y N in {0, 1}.
// Returns the weight vector (d), the bias dropped. The loss is strictly convex, so Newton converges
// from zero in a handful of steps and the answer does not depend on any random start.
torch::Tensor fitLogistic(const torch::Tensor& x, const torch::Tensor& y) {
    const std::int64_t n = x.size(0), d = x.size(1);
    const torch::Tensor xa = torch::cat({x, torch::ones({n, 1}, torch::kFloat64)}, 1);
    torch::Tensor ridge = torch::full({d + 1}, kL2, torch::kFloat64);
    ridge[d] = 1e-8;  // the bias is free (a tiny ridge keeps the Hessian invertible)
    torch::Tensor w = torch::zeros({d + 1}, torch::kFloat64);
    for (int step = 0; step < kNewtonSteps; ++step) {
        const torch::Tensor p = torch::sigmoid(xa.mv(w));
        const torch::Tensor grad = xa.t().mv(p - y) + ridge * w;
        const torch::Tensor hessian =
            xa.t().mm(xa * (p * (1 - p)).unsqueeze(1)) + torch::diag(ridge);
        const torch::Tensor delta = torch::linalg_solve(hessian, grad.unsqueeze(1)).squeeze(1);
        w = w - delta;
        if (delta.dot(delta).item<double>() < kConverged) break;
    }
    return w.narrow(0, 0, d);
}

}  // namespace

Result<Direction> attributeDirection(const std::string& name,
                                     const std::vector<latent::Latent>& with,
                                     const std::vector<latent::Latent>& without, Space space) {
    if (name.empty()) return Error{"an attribute needs a name"};
    if (with.size() < kMinAttributeExamples || without.size() < kMinAttributeExamples)
        return Error{examplesNeeded(with.size(), without.size())};
    const std::size_t size = with.front().size();
    for (const auto* list : {&with, &without}) {
        for (const auto& v : *list) {
            if (v.size() != size || size == 0)
                return Error{"the labelled latents for '" + name + "' differ in size (" +
                             std::to_string(size) + " and " + std::to_string(v.size()) + ")"};
        }
    }
    try {
        c10::InferenceMode guard;
        const torch::Tensor x = torch::cat({rows(with), rows(without)}, 0);
        if (!torch::isfinite(x).all().item<bool>())
            return Error{"the labelled latents for '" + name + "' hold NaN or infinite values"};
        const torch::Tensor y = torch::cat(
            {torch::ones({static_cast<std::int64_t>(with.size())}, torch::kFloat64),
             torch::zeros({static_cast<std::int64_t>(without.size())}, torch::kFloat64)});
        torch::Tensor normal = fitLogistic(x, y);
        const double length = normal.norm().item<double>();
        if (!(length > 1e-8) || !std::isfinite(length))
            return Error{"the latents with and without '" + name +
                         "' cannot be told apart: label more distinct examples"};
        normal = normal / length;
        Direction d;
        d.name = name;
        d.method = "attribute";
        d.space = space;
        d.vector = detail::toLatent(normal);
        // z ~ N(0, I) has unit spread along any unit vector; w's spread is measured on the
        // examples.
        d.sigma = space == Space::Z
                      ? 1.0f
                      : std::max(static_cast<float>(x.mv(normal).std().item<double>()), 1e-6f);
        return d;
    } catch (const std::exception& e) {
        return Error{"fitting '" + name + "' failed: " + model::conciseError(e)};
    }
}

Result<Direction> projectOut(const Direction& direction, const std::vector<Direction>& fixed) {
    if (direction.vector.empty()) return Error{"'" + direction.name + "' has no vector to project"};
    try {
        c10::InferenceMode guard;
        std::vector<torch::Tensor> basis;  // orthonormal span of the fixed directions
        std::string names;
        for (const Direction& f : fixed) {
            if (f.vector.size() != direction.vector.size() || f.space != direction.space)
                return Error{"cannot hold '" + f.name + "' fixed while moving along '" +
                             direction.name + "': they live in different spaces or sizes"};
            torch::Tensor u = detail::toTensor(f.vector);
            for (const auto& b : basis) u = u - u.dot(b) * b;
            const double length = u.norm().item<double>();
            if (length > kDegenerate) basis.push_back(u / length);  // else already spanned
            names += (names.empty() ? "'" : ", '") + f.name + "'";
        }
        torch::Tensor v = detail::toTensor(direction.vector);
        const double original = v.norm().item<double>();
        for (const auto& b : basis) v = v - v.dot(b) * b;
        const double length = v.norm().item<double>();
        if (!(length > kDegenerate * original))
            return Error{"'" + direction.name + "' lies (almost) entirely along " + names +
                         ": nothing is left once they are held fixed"};
        Direction out = direction;
        out.vector = detail::toLatent(v / length);
        return out;
    } catch (const std::exception& e) {
        return Error{"projecting '" + direction.name + "' failed: " + model::conciseError(e)};
    }
}

Result<Direction> classMorphDirection(const model::ModelInfo& info, int from, int to) {
    if (!info.conditional()) return Error{info.name + " is not class-conditional: no class morphs"};
    const int n = info.numClasses();
    for (int c : {from, to}) {
        if (c < 0 || c >= n)
            return Error{"class " + std::to_string(c) + " does not exist in " + info.name +
                         " (0.." + std::to_string(n - 1) + ")"};
    }
    Direction d;
    d.name = info.classNames[static_cast<std::size_t>(from)] + " → " +
             info.classNames[static_cast<std::size_t>(to)];
    d.method = "class-morph";
    d.space = Space::Z;
    d.classFrom = from;
    d.classTo = to;
    return d;
}

}  // namespace latent::edit
