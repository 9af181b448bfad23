#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "core/train/augment.h"
#include "core/train/trainconfig.h"

namespace {

using namespace latent;

at::Generator generator(std::uint64_t seed) { return at::detail::createCPUGenerator(seed); }

torch::Tensor images(std::int64_t n, std::int64_t channels, std::int64_t size) {
    at::Generator gen = generator(3);
    return torch::rand({n, channels, size, size}, gen, torch::TensorOptions()).mul(2).sub(1);
}

}  // namespace

TEST(TrainAugment, ProbabilityZeroLeavesTheImagesUntouched) {
    const torch::Tensor x = images(8, 3, 16);
    const torch::Tensor y = train::augmentImages(x, 0.0, generator(1), 8, 0);
    EXPECT_TRUE(y.is_same(x));
    // And at p > 0 they do change.
    const torch::Tensor z = train::augmentImages(x, 1.0, generator(1), 8, 0);
    EXPECT_GT((z - x).abs().mean().item<double>(), 0.05);
    EXPECT_EQ(z.sizes(), x.sizes());
}

TEST(TrainAugment, GradientsReachWhatMadeTheImages) {
    // A stand-in generator: one linear layer to 3 x 16 x 16 images.
    torch::nn::Linear g(4, 3 * 16 * 16);
    const torch::Tensor z = torch::randn({8, 4}, generator(2), torch::TensorOptions());
    const torch::Tensor fake = torch::tanh(g->forward(z)).view({8, 3, 16, 16});
    const torch::Tensor seen = train::augmentImages(fake, 0.8, generator(5), 8, 0);
    seen.pow(2).mean().backward();
    const torch::Tensor grad = g->weight.grad();
    ASSERT_TRUE(grad.defined());
    EXPECT_TRUE(torch::isfinite(grad).all().item<bool>());
    EXPECT_GT(grad.abs().sum().item<double>(), 0.0);
}

TEST(TrainAugment, ARanksRowsAreTransformedAsInTheWholeBatch) {
    const torch::Tensor x = images(8, 3, 16);
    const torch::Tensor whole = train::augmentImages(x, 0.7, generator(9), 8, 0);
    const torch::Tensor second = train::augmentImages(x.narrow(0, 4, 4), 0.7, generator(9), 8, 4);
    EXPECT_TRUE(torch::equal(whole.narrow(0, 4, 4), second));
    // Another step's stream transforms differently.
    EXPECT_FALSE(torch::equal(whole, train::augmentImages(x, 0.7, generator(10), 8, 0)));
}

TEST(TrainAugment, CutoutBlanksASquareAndTranslationMovesPixelsWhole) {
    const std::int64_t size = 32;
    // A plain image with one bright pixel: after any transform but cutout the bright pixel is still
    // one pixel (translation moves it by whole pixels; colour changes act on every pixel alike).
    torch::Tensor x = torch::full({16, 1, size, size}, -0.5);
    x.select(2, 16).select(2, 16).fill_(1.0);
    const torch::Tensor y = train::augmentImages(x, 1.0, generator(4), 16, 0);
    int blanked = 0;
    for (std::int64_t i = 0; i < 16; ++i) {
        const torch::Tensor image = y[i][0];
        // Cutout (p = 1: always): at least a quarter-side square of exact zeros.
        const auto zeros = (image == 0).sum().item<std::int64_t>();
        EXPECT_GE(zeros, (size / 4) * (size / 4)) << "image " << i;
        // The background is one value; the bright pixel, unless cut out, another, exactly once.
        const torch::Tensor rest = image.masked_select(image != 0);
        const torch::Tensor values = std::get<0>(at::_unique(rest));
        if (values.numel() == 1) {
            ++blanked;
            continue;
        }
        ASSERT_EQ(values.numel(), 2) << "image " << i;
        const torch::Tensor brightest = (rest == rest.max()).sum();
        EXPECT_EQ(brightest.item<std::int64_t>(), 1) << "image " << i;
    }
    EXPECT_LT(blanked, 16) << "the cutout covered the pixel in every image";
}

TEST(TrainAugment, AdaptiveProbabilityFollowsTheSignOfDOnReals) {
    // Sure of the reals (overfitting): p rises, by at most the images seen over the speed.
    const double up = train::adaptAugment(0.2, 0.9, 4 * 32);
    EXPECT_NEAR(up, 0.2 + 4 * 32 / train::kAugmentSpeedImages, 1e-12);
    EXPECT_LT(train::adaptAugment(0.2, 0.1, 4 * 32), 0.2);
    EXPECT_EQ(train::adaptAugment(0.2, train::kAugmentTarget, 4 * 32), 0.2);
    EXPECT_EQ(train::adaptAugment(0.0, -1.0, 1000), 0.0);
    EXPECT_LT(train::adaptAugment(0.999, 1.0, 100000), 1.0);
}

TEST(TrainAugment, SettingsParseOrSayNo) {
    train::AugmentSetting s;
    ASSERT_TRUE(train::parseAugment("ada", &s));
    EXPECT_EQ(s.mode, train::AugmentMode::Adaptive);
    ASSERT_TRUE(train::parseAugment("off", &s));
    EXPECT_EQ(s.mode, train::AugmentMode::Off);
    ASSERT_TRUE(train::parseAugment("0.25", &s));
    EXPECT_EQ(s.mode, train::AugmentMode::Fixed);
    EXPECT_DOUBLE_EQ(s.p, 0.25);
    ASSERT_TRUE(train::parseAugment("0", &s));
    EXPECT_EQ(s.mode, train::AugmentMode::Off);
    for (const char* bad : {"", "1.5", "-0.1", "nan", "inf", "adaptive", "0.3x", " 0.3"})
        EXPECT_FALSE(train::parseAugment(bad, &s)) << bad;
}

TEST(TrainAugment, ConfigDefaultsByDataAndOldConfigsReadAsOff) {
    train::TrainConfig folder;
    folder.data = "/some/folder";
    EXPECT_EQ(train::resolveConfig(folder).augment, "ada");
    for (const char* data : {"fashion-mnist", "faces", "faces:2000", "toy:ring8"}) {
        train::TrainConfig c;
        c.data = data;
        EXPECT_EQ(train::resolveConfig(c).augment, "off") << data;
    }
    auto round = train::configFromJson(train::configToJson(train::resolveConfig(folder)));
    ASSERT_TRUE(round.ok()) << round.error();
    EXPECT_EQ(round->augment, "ada");
    auto old = train::configFromJson(R"({"data": "/some/folder", "steps": 10})");
    ASSERT_TRUE(old.ok()) << old.error();
    EXPECT_EQ(old->augment, "off");

    train::TrainConfig toy = train::defaultConfig("toy:ring8");
    toy.runDir = "/tmp/x";
    toy.augment = "ada";
    auto refused = train::prepareConfig(toy);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("cannot be augmented"), std::string::npos) << refused.error();
    folder.runDir = "/tmp/x";
    folder.augment = "sometimes";
    refused = train::prepareConfig(folder);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error(), "augment must be ada, off or a probability from 0 to 1 (got "
                               "'sometimes')");
}
