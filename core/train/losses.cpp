#include "core/train/losses.h"

namespace latent::train {

namespace F = torch::nn::functional;

torch::Tensor discriminatorLoss(LossKind kind, const torch::Tensor& real,
                                const torch::Tensor& fake) {
    switch (kind) {
        case LossKind::Hinge:
            return F::relu(1.0 - real).mean() + F::relu(1.0 + fake).mean();
        case LossKind::WganGp:
            return fake.mean() - real.mean();
        case LossKind::NonSaturating:
            break;
    }
    return F::softplus(-real).mean() + F::softplus(fake).mean();
}

torch::Tensor generatorLoss(LossKind kind, const torch::Tensor& fake) {
    if (kind == LossKind::NonSaturating) return F::softplus(-fake).mean();
    return -fake.mean();
}

torch::Tensor gradientPenalty(const Critic& critic, const torch::Tensor& real,
                              const torch::Tensor& fake, const torch::Tensor& alpha) {
    std::vector<std::int64_t> shape(static_cast<std::size_t>(real.dim()), 1);
    shape[0] = real.size(0);
    const torch::Tensor a = alpha.view(shape);
    torch::Tensor mixed = (a * real.detach() + (1.0 - a) * fake.detach()).requires_grad_(true);
    const torch::Tensor out = critic(mixed);
    const torch::Tensor grad =
        torch::autograd::grad({out.sum()}, {mixed}, {}, /*retain_graph=*/true,
                              /*create_graph=*/true)[0];
    return (grad.flatten(1).norm(2, 1) - 1.0).pow(2).mean();
}

torch::Tensor r1Penalty(const torch::Tensor& logits, const torch::Tensor& real) {
    const torch::Tensor grad =
        torch::autograd::grad({logits.sum()}, {real}, {}, /*retain_graph=*/true,
                              /*create_graph=*/true)[0];
    return grad.pow(2).flatten(1).sum(1).mean();
}

}  // namespace latent::train
