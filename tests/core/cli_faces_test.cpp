// `latent faces`: the procedural faces as PNGs with labels.csv, or as a grid, run as a user would.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/image/png.h"
#include "core/render/tensorimage.h"
#include "core/train/faces.h"
#include "tests/core/testutil.h"

namespace {

using namespace latent;

std::vector<std::string> csvRows(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> rows;
    for (std::string line; std::getline(in, line);) rows.push_back(line);
    return rows;
}

std::vector<std::string> split(const std::string& row) {
    std::vector<std::string> cells;
    std::stringstream in(row);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    return cells;
}

}  // namespace

TEST(FacesCli, WritesPngsAndLabelsThatMatchTheFaces) {
    test::TempDir tmp;
    const std::string dir = tmp.file("faces");
    const test::CommandRun r =
        test::runLatent("LATENT faces --out " + dir + " --count 4 --first 2 --resolution 32");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(test::lineCount(r.out), 1) << r.out;

    const auto rows = csvRows(dir + "/labels.csv");
    ASSERT_EQ(rows.size(), 5u);
    std::string header = "file";
    for (const std::string& name : train::faceAttributeNames()) header += "," + name;
    EXPECT_EQ(rows[0], header);
    const auto expected =
        render::toImages(train::renderFaces(train::faceAttributesRange(2, 4), 32));
    for (int k = 0; k < 4; ++k) {
        const auto cells = split(rows[static_cast<std::size_t>(k) + 1]);
        char name[32];
        std::snprintf(name, sizeof name, "face_%06d.png", k + 2);
        ASSERT_EQ(cells.size(), train::faceAttributeNames().size() + 1);
        EXPECT_EQ(cells[0], name);
        const std::vector<float> truth =
            train::faceAttributesToVector(train::faceAttributes(k + 2));
        for (std::size_t i = 0; i < truth.size(); ++i)
            EXPECT_NEAR(std::strtod(cells[i + 1].c_str(), nullptr), truth[i], 1e-6) << cells[0];
        auto png = image::readPng(dir + "/" + name);
        ASSERT_TRUE(png.ok()) << png.error();
        EXPECT_EQ(*png, expected[static_cast<std::size_t>(k)]) << name;
    }
}

TEST(FacesCli, WritesAGrid) {
    test::TempDir tmp;
    const std::string grid = tmp.file("grid.png");
    const test::CommandRun r =
        test::runLatent("LATENT faces --grid " + grid + " --count 6 --resolution 16");
    ASSERT_EQ(r.code, 0) << r.out;
    auto png = image::readPng(grid);
    ASSERT_TRUE(png.ok()) << png.error();
    EXPECT_EQ(png->width, 3 * 16 + 4 * 2);  // 3 columns (the square root, rounded up), 2 px gaps
    EXPECT_EQ(png->height, 2 * 16 + 3 * 2);
}

TEST(FacesCli, BadFlagsAreOneLineUsageErrors) {
    test::TempDir tmp;
    const std::string dir = tmp.file("faces");
    test::CommandRun r = test::runLatent("LATENT faces --out " + dir + " --resolution 8");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "latent: --resolution must be between 16 and 512, got 8\n");
    EXPECT_FALSE(std::filesystem::exists(dir));
    r = test::runLatent("LATENT faces --count 3");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "latent: --out DIR or --grid FILE.png is required\n");
}

TEST(FacesCli, KeepsAnExistingFolderWithoutForce) {
    test::TempDir tmp;
    const std::string dir = tmp.file("faces");
    std::filesystem::create_directory(dir);
    test::CommandRun r =
        test::runLatent("LATENT faces --out " + dir + " --count 2 --resolution 16");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "latent: " + dir + " already exists; add --force to overwrite it\n");
    EXPECT_TRUE(std::filesystem::is_empty(dir));
    r = test::runLatent("LATENT faces --out " + dir + " --count 2 --resolution 16 --force");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(csvRows(dir + "/labels.csv").size(), 3u);
    EXPECT_TRUE(std::filesystem::exists(dir + "/face_000001.png"));
}

TEST(FacesCli, KeepsAnExistingGridWithoutForce) {
    test::TempDir tmp;
    const std::string grid = tmp.file("grid.png");
    std::ofstream(grid) << "mine";
    test::CommandRun r =
        test::runLatent("LATENT faces --grid " + grid + " --count 2 --resolution 16");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "latent: " + grid + " already exists; add --force to overwrite it\n");
    EXPECT_EQ(test::readAll(grid), "mine");
    r = test::runLatent("LATENT faces --grid " + grid + " --count 2 --resolution 16 --force");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(image::readPng(grid).ok());
}
