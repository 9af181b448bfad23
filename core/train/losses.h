#pragma once

#include <torch/torch.h>

#include <functional>

#include "core/train/trainconfig.h"

namespace latent::train {

// D's loss from its logits on real (r) and fake (f) batches, both N float32:
//   ns:      softplus(-r) + softplus(f)        (-log sigmoid(r) - log(1 - sigmoid(f)))
//   hinge:   relu(1 - r) + relu(1 + f)
//   wgan-gp: f - r  (the gradient penalty is added separately)
torch::Tensor discriminatorLoss(LossKind kind, const torch::Tensor& real,
                                const torch::Tensor& fake);

// G's loss from D's logits on fakes: softplus(-f) for ns (non-saturating), -f for hinge and WGAN.
torch::Tensor generatorLoss(LossKind kind, const torch::Tensor& fake);

using Critic = std::function<torch::Tensor(const torch::Tensor&)>;

// WGAN-GP: E[(||grad D(x^)|| - 1)^2] at x^ = alpha real + (1 - alpha) fake; alpha: N float32 in
// [0, 1] drawn by the caller from its seeded generator. Builds a graph (create_graph) for backward.
torch::Tensor gradientPenalty(const Critic& critic, const torch::Tensor& real,
                              const torch::Tensor& fake, const torch::Tensor& alpha);

// R1: E[||grad D(x)||^2] on real data (multiply by gamma / 2). `real` must require grad and
// `logits` = D(real).
torch::Tensor r1Penalty(const torch::Tensor& logits, const torch::Tensor& real);

}  // namespace latent::train
