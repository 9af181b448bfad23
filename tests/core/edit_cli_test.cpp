// `latent sample --mix-seed/--mix-layers`, run as a user would.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/image/png.h"
#include "core/model/modelfile.h"
#include "tests/core/model_testutil.h"
#include "tests/core/testutil.h"

using namespace latent;

namespace {

test::CommandRun latentCli(const std::string& args) {
    return test::runCommand(std::string(LATENT_CLI_PATH) + " " + args);
}

image::ImageRGB8 readImage(const std::string& path) {
    auto img = image::readPng(path);
    EXPECT_TRUE(img.ok()) << img.error();
    return img.ok() ? *img : image::ImageRGB8{};
}

// Whether quadrant q (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right) of a and b agree.
bool sameQuadrant(const image::ImageRGB8& a, const image::ImageRGB8& b, int q) {
    const int w = a.width / 2, h = a.height / 2;
    for (int y = (q / 2) * h; y < (q / 2 + 1) * h; ++y) {
        for (int x = (q % 2) * w; x < (q % 2 + 1) * w; ++x) {
            if (!std::equal(a.pixel(x, y), a.pixel(x, y) + 3, b.pixel(x, y))) return false;
        }
    }
    return true;
}

}  // namespace

TEST(EditCliTest, MixSeedTakesTheChosenLayersFromTheSecondSeed) {
    test::TempDir dir;
    const std::string model = test::fixture("good_style_layers.pt");
    const test::CommandRun r =
        latentCli("sample " + model + " --seed 1 --mix-seed 2 --mix-layers 2-3 --out " +
                  dir.file("mixed.png"));
    ASSERT_EQ(r.code, 0) << r.out;
    ASSERT_EQ(latentCli("sample " + model + " --seed 1 --out " + dir.file("one.png")).code, 0);
    ASSERT_EQ(latentCli("sample " + model + " --seed 2 --out " + dir.file("two.png")).code, 0);
    const image::ImageRGB8 mixed = readImage(dir.file("mixed.png"));
    const image::ImageRGB8 one = readImage(dir.file("one.png"));
    const image::ImageRGB8 two = readImage(dir.file("two.png"));
    ASSERT_EQ(mixed.width, 16);  // one image, no grid border
    EXPECT_TRUE(sameQuadrant(mixed, one, 0));
    EXPECT_TRUE(sameQuadrant(mixed, one, 1));
    EXPECT_TRUE(sameQuadrant(mixed, two, 2));
    EXPECT_TRUE(sameQuadrant(mixed, two, 3));
    EXPECT_FALSE(sameQuadrant(mixed, one, 2));
}

TEST(EditCliTest, MixSeedOnAModelThatCannotMixIsAClearError) {
    test::TempDir dir;
    ASSERT_TRUE(
        model::writeRandomDcgan(dir.file("g.ltm"), test::smallDcgan(), 3, "Small DCGAN").ok());
    test::CommandRun r =
        latentCli("sample " + dir.file("g.ltm") + " --seed 1 --mix-seed 2 --mix-layers 0-1 --out " +
                  dir.file("x.png"));
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(test::contains(r.out, "style mixing needs a style-based model"));

    r = latentCli("sample " + test::fixture("good_style.pt") +
                  " --seed 1 --mix-seed 2 --mix-layers 0 --out " + dir.file("x.png"));
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(test::contains(r.out, "has a single w"));

    r = latentCli("sample " + test::fixture("good_style_layers.pt") +
                  " --seed 1 --mix-seed 2 --out " + dir.file("x.png"));
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(test::contains(r.out, "--mix-seed needs --mix-layers"));
    EXPECT_FALSE(std::filesystem::exists(dir.file("x.png")));
}
