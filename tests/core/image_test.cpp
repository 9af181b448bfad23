#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/image/image.h"
#include "core/image/png.h"
#include "tests/core/testutil.h"

using namespace latent::image;

namespace {
ImageRGB8 gradient(int w, int h) {
    ImageRGB8 img(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            img.pixel(x, y)[0] = static_cast<std::uint8_t>(x * 255 / std::max(1, w - 1));
            img.pixel(x, y)[1] = static_cast<std::uint8_t>(y * 255 / std::max(1, h - 1));
            img.pixel(x, y)[2] = static_cast<std::uint8_t>((x + y) & 0xff);
        }
    return img;
}
}  // namespace

TEST(Png, RoundTripKeepsPixelsAndText) {
    latent::test::TempDir dir;
    const ImageRGB8 img = gradient(37, 21);
    const std::string path = dir.file("a.png");
    ASSERT_TRUE(writePng(path, img, {{"latent-studio:recipe", "{\"seed\": 5, \"name\": \"Ünïcode\"}"}}).ok());
    TextChunks text;
    auto back = readPng(path, &text);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, img);
    ASSERT_EQ(text.size(), 1u);
    EXPECT_EQ(text[0].first, "latent-studio:recipe");
    EXPECT_EQ(text[0].second, "{\"seed\": 5, \"name\": \"Ünïcode\"}");
}

TEST(Png, CorruptFileGivesAClearError) {
    latent::test::TempDir dir;
    const std::string path = dir.file("a.png");
    ASSERT_TRUE(writePng(path, gradient(64, 64)).ok());
    std::filesystem::resize_file(path, 100);  // header intact, pixels gone
    auto back = readPng(path);
    ASSERT_FALSE(back.ok());
    EXPECT_NE(back.error().find("corrupt PNG"), std::string::npos) << back.error();

    std::ofstream(dir.file("b.png")) << "hello";
    auto notPng = readPng(dir.file("b.png"));
    ASSERT_FALSE(notPng.ok());
    EXPECT_NE(notPng.error().find("not a PNG"), std::string::npos) << notPng.error();
    EXPECT_FALSE(readPng(dir.path()).ok());
    EXPECT_FALSE(readPng(dir.file("missing.png")).ok());
}

TEST(Png, FailedWriteLeavesTheExistingFileIntact) {
    latent::test::TempDir dir;
    const std::string path = dir.file("keep.png");
    const ImageRGB8 img = gradient(8, 8);
    ASSERT_TRUE(writePng(path, img).ok());
    EXPECT_FALSE(writePng(path, ImageRGB8{}).ok());
    auto back = readPng(path);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, img);
    // No temporary files left behind.
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path())) files += e.is_regular_file();
    EXPECT_EQ(files, 1);
}

TEST(Png, UnwritablePathNamesTheProblem) {
    auto r = writePng("/nonexistent-dir/x.png", gradient(4, 4));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("/nonexistent-dir/x.png"), std::string::npos);
    EXPECT_NE(r.error().find("No such file"), std::string::npos) << r.error();
}

TEST(Image, GridPlacesImagesRowMajorWithPadding) {
    std::vector<ImageRGB8> imgs;
    for (int i = 0; i < 5; ++i) {
        ImageRGB8 img(4, 3);
        std::fill(img.pixels.begin(), img.pixels.end(), static_cast<std::uint8_t>(100 + i));
        imgs.push_back(img);
    }
    const ImageRGB8 grid = makeGrid(imgs, 3, 1, 0);
    EXPECT_EQ(grid.width, 3 * 4 + 4);
    EXPECT_EQ(grid.height, 2 * 3 + 3);
    EXPECT_EQ(grid.pixel(1, 1)[0], 100);
    EXPECT_EQ(grid.pixel(1 + 5, 1)[0], 101);
    EXPECT_EQ(grid.pixel(1 + 5, 1 + 4)[0], 104);
    EXPECT_EQ(grid.pixel(0, 0)[0], 0);              // padding
    EXPECT_EQ(grid.pixel(1 + 10, 1 + 4)[0], 0);     // empty 6th cell
}

TEST(Image, UpscaleNearestRepeatsPixelsSmoothBlends) {
    ImageRGB8 img(2, 1);
    img.pixel(0, 0)[0] = 0;
    img.pixel(1, 0)[0] = 200;
    const ImageRGB8 nearest = upscale(img, 4, false);
    EXPECT_EQ(nearest.width, 8);
    EXPECT_EQ(nearest.pixel(3, 2)[0], 0);
    EXPECT_EQ(nearest.pixel(4, 2)[0], 200);
    const ImageRGB8 smooth = upscale(img, 4, true);
    EXPECT_GT(smooth.pixel(3, 0)[0], 0);
    EXPECT_LT(smooth.pixel(4, 0)[0], 200);
    EXPECT_EQ(smooth.pixel(0, 0)[0], 0);
    EXPECT_EQ(smooth.pixel(7, 0)[0], 200);
}
