// The style-based generator's training partner: StyleGAN2's residual discriminator.
#include <gtest/gtest.h>

#include "core/train/stylediscriminator.h"

using namespace latent;

namespace {

torch::Tensor images(int n, int channels, int size, std::uint64_t seed) {
    at::Generator gen = at::detail::createCPUGenerator(seed);
    return torch::randn({n, channels, size, size}, gen, torch::kFloat32).tanh();
}

}  // namespace

TEST(StyleDiscriminator, ScoresEachImageAndReachesItsPixels) {
    train::StyleDiscriminator d(32, 3, 256, 16, 0);
    d->resetParameters(3);
    torch::Tensor x = images(8, 3, 32, 1).requires_grad_(true);
    const torch::Tensor logits = d->forward(x);
    ASSERT_EQ(logits.sizes(), (std::vector<std::int64_t>{8}));
    EXPECT_TRUE(torch::isfinite(logits).all().item<bool>());
    // R1 needs gradients with respect to the real images.
    const torch::Tensor grad = torch::autograd::grad({logits.sum()}, {x}, {}, true, true)[0];
    EXPECT_GT(grad.abs().sum().item<float>(), 0.0f);
    // Same seed, same weights.
    train::StyleDiscriminator again(32, 3, 256, 16, 0);
    again->resetParameters(3);
    EXPECT_TRUE(torch::equal(again->forward(x).detach(), logits.detach()));
}

// The minibatch-std groups are consecutive images: two ranks holding halves of a batch compute
// what one process computes on the whole batch.
TEST(StyleDiscriminator, MinibatchStdOfHalvesIsThatOfTheWhole) {
    const torch::Tensor x = images(8, 5, 4, 2);
    const torch::Tensor whole = train::minibatchStd(x, 4);
    ASSERT_EQ(whole.sizes(), (std::vector<std::int64_t>{8, 6, 4, 4}));
    const torch::Tensor halves =
        torch::cat({train::minibatchStd(x.narrow(0, 0, 4), 4), train::minibatchStd(x.narrow(0, 4, 4), 4)});
    EXPECT_TRUE(torch::allclose(whole, halves));
    // Identical images: no spread; varied ones: some.
    EXPECT_LT(train::minibatchStd(x.narrow(0, 0, 1).repeat({4, 1, 1, 1}), 4)
                  .select(1, 5).abs().max().item<float>(), 1e-3f);
    EXPECT_GT(whole.select(1, 5).min().item<float>(), 0.1f);
    EXPECT_THROW(train::minibatchStd(x.narrow(0, 0, 6), 4), c10::Error);
}

TEST(StyleDiscriminator, AConditionalOneScoresByClass) {
    train::StyleDiscriminator d(16, 1, 128, 8, 3);
    d->resetParameters(5);
    const torch::Tensor x = images(1, 1, 16, 3).repeat({4, 1, 1, 1});
    const torch::Tensor logits = d->forward(x, torch::tensor({0, 1, 2, 0}, torch::kLong));
    EXPECT_NE(logits[0].item<float>(), logits[1].item<float>());
    EXPECT_FLOAT_EQ(logits[0].item<float>(), logits[3].item<float>());
}
