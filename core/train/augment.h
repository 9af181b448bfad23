#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "core/train/trainconfig.h"  // AugmentSetting

namespace latent::train {

// Differentiable augmentation of what the discriminator sees, after StyleGAN2-ADA (Karras et al.,
// "Training Generative Adversarial Networks with Limited Data", 2020): D is shown real and
// generated images alike through random transforms, so it cannot memorise a small training set,
// and G, whose gradients pass through the same transforms, learns the untransformed images as long
// as the probability p stays below ~0.8.
//
// Each image independently, each transform with probability p:
//   translation  by a whole number of pixels, up to 1/8 of the size either way, edges mirrored;
//   brightness   + N(0, 0.2);  contrast × 2^N(0, 0.5);  saturation × 2^N(0, 1) around the grey
//                of each pixel (3 channels only);
//   cutout       a square of half the side, at a uniform centre, set to 0 (mid grey).
// Which of off / adaptive / fixed a run uses is its config's `augment` (AugmentSetting).
// `x`: B x C x H x W images of one rank; its rows are rows [first, first + B) of a global batch of
// `rows` images, whose transforms are all drawn from `gen` (so every rank, and a single process,
// draws alike: the same image gets the same transform at any world size). Consumes the same random
// numbers whatever p is. p == 0 returns `x` itself; otherwise the result is differentiable with
// respect to `x`. Runs on x's device.
torch::Tensor augmentImages(const torch::Tensor& x, double p, at::Generator gen, std::int64_t rows,
                            std::int64_t first);

// The adaptive p: StyleGAN2-ADA's r_t = E[sign(D(real))] over the last few steps against the target
// 0.6. D growing sure of the reals (r_t above the target) means it is overfitting: p rises; below,
// it falls. `images` real images were seen since the last adjustment; p can go from 0 to 1 in
// kAugmentSpeedImages images. The result is clamped to [0, 1).
// (kAugmentTarget, kAugmentInterval and kAugmentSpeedImages are in trainconfig.h.)
double adaptAugment(double p, double realSignMean, std::int64_t images);

}  // namespace latent::train
