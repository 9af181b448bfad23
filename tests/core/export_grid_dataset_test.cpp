#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/export/dataset.h"
#include "core/export/font.h"
#include "core/export/grid.h"
#include "core/export/recipe.h"
#include "core/image/png.h"
#include "tests/core/export_testutil.h"

namespace {

using namespace latent;

class ExportGridTest : public test::ExportTest {
protected:
    void SetUp() override { m_model = makeModel("m.ltm", {"cat", "dog", "owl"}); }

    export_::GridSpec grid(export_::GridMode mode) {
        export_::GridSpec s;
        s.generator = m_model.generator;
        s.info = m_model.info;
        s.mode = mode;
        s.classIndex = 0;
        return s;
    }

    model::LoadedModel m_model;
};

TEST_F(ExportGridTest, SeedRangeSweepAndClassGridsHaveTheirSizes) {
    export_::GridSpec seeds = grid(export_::GridMode::Seeds);
    seeds.firstSeed = 10;
    seeds.lastSeed = 15;  // 6 cells, 3 columns by default
    auto g = export_::renderGrid(seeds);
    ASSERT_TRUE(g.ok()) << g.error();
    EXPECT_EQ(g->width, 3 * 32 + 4 * 2);
    EXPECT_EQ(g->height, 2 * 32 + 3 * 2);

    export_::GridSpec sweep = grid(export_::GridMode::TruncationSweep);
    sweep.firstSeed = sweep.lastSeed = 4;
    sweep.psiSteps = 5;
    sweep.upscale = 2;
    g = export_::renderGrid(sweep);
    ASSERT_TRUE(g.ok()) << g.error();
    EXPECT_EQ(g->width, 5 * 64 + 6 * 2);
    EXPECT_EQ(g->height, 64 + 2 * 2);

    export_::GridSpec classes = grid(export_::GridMode::ClassesBySeeds);
    classes.firstSeed = 0;
    classes.lastSeed = 3;
    classes.labels = true;  // a two-line caption under each 32-pixel cell
    g = export_::renderGrid(classes);
    ASSERT_TRUE(g.ok()) << g.error();
    EXPECT_EQ(export_::captionHeight(32), 20);
    EXPECT_EQ(g->width, 4 * 32 + 5 * 2);
    EXPECT_EQ(g->height, 3 * (32 + 20) + 4 * 2);

    const std::string path = m_dir.file("grid.png");
    ASSERT_TRUE(export_::exportGrid(classes, path, false).ok());
    image::TextChunks text;
    ASSERT_TRUE(image::readPng(path, &text).ok());
    bool hasChunk = false;
    for (const auto& [k, v] : text) hasChunk = hasChunk || k == "latent-studio:grid";
    EXPECT_TRUE(hasChunk);
    EXPECT_EQ(export_::exportGrid(classes, path, false).status, export_::ExportStatus::Exists);
    EXPECT_FALSE(export_::readRecipeFromPng(path).ok());
}

// Rows of the caption strip under cell (0, 0) that have lit pixels, and the tallest run of them.
struct CaptionInk {
    int litRows = 0;
    int lines = 0;  // separate runs of lit rows
};
CaptionInk captionInk(const image::ImageRGB8& grid, int tile) {
    CaptionInk ink;
    bool inRun = false;
    const int top = 2 + tile, bottom = top + export_::captionHeight(tile);
    for (int y = top; y < bottom; ++y) {
        bool lit = false;
        for (int x = 2; x < 2 + tile; ++x) lit = lit || grid.pixel(x, y)[0] > 100;
        ink.litRows += lit;
        if (lit && !inRun) ++ink.lines;
        inRun = lit;
    }
    return ink;
}

// Every caption says seed, class and psi in two lines, seeds below 10 too, and grows with ×4.
TEST_F(ExportGridTest, CaptionsNameEveryCellAndScaleWithIt) {
    export_::GridSpec seeds = grid(export_::GridMode::Seeds);
    seeds.firstSeed = 0;
    seeds.lastSeed = 3;
    seeds.labels = true;
    auto small = export_::renderGrid(seeds);
    ASSERT_TRUE(small.ok()) << small.error();
    const CaptionInk one = captionInk(*small, 32);
    EXPECT_EQ(one.lines, 2) << "seed 0's cell has no two-line caption";
    EXPECT_EQ(one.litRows, 2 * export_::kGlyphHeight);
    seeds.upscale = 4;
    auto large = export_::renderGrid(seeds);
    ASSERT_TRUE(large.ok()) << large.error();
    const CaptionInk four = captionInk(*large, 128);
    EXPECT_EQ(four.lines, 2);
    EXPECT_EQ(four.litRows, 2 * 2 * export_::kGlyphHeight) << "captions did not grow at x4";
}

TEST_F(ExportGridTest, FontDrawsTextWithinItsWidth) {
    image::ImageRGB8 img(64, 16);
    export_::drawText(img, 1, 1, "S12 0.70", 1);
    int lit = 0, maxX = 0;
    for (int y = 0; y < img.height; ++y) {
        for (int x = 0; x < img.width; ++x) {
            if (img.pixel(x, y)[0]) ++lit, maxX = std::max(maxX, x);
        }
    }
    EXPECT_GT(lit, 40);
    EXPECT_LT(maxX, 1 + export_::textWidth("S12 0.70"));
}

TEST_F(ExportGridTest, DatasetLabelsMatchItsFiles) {
    export_::DatasetSpec s;
    s.generator = m_model.generator;
    s.info = m_model.info;
    s.perClass = 4;
    s.firstSeed = 100;
    s.folder = m_dir.file("data");
    int progress = 0;
    export_::ExportControl control;
    control.progress = [&](int done, int) { progress = done; };
    const export_::ExportResult r = export_::exportDataset(s, control);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(progress, 12);

    std::ifstream csv(m_dir.file("data/labels.csv"));
    std::string line;
    std::getline(csv, line);
    EXPECT_EQ(line, "filename,class_index,class_name,seed");
    std::set<std::string> listed;
    int rows = 0;
    while (std::getline(csv, line)) {
        std::stringstream row(line);
        std::string file, cls, name, seed;
        std::getline(row, file, ',');
        std::getline(row, cls, ',');
        std::getline(row, name, ',');
        std::getline(row, seed, ',');
        EXPECT_EQ(std::stoi(cls), rows / 4);
        EXPECT_EQ(name, m_model.info.classNames[static_cast<std::size_t>(rows / 4)]);
        EXPECT_EQ(std::stoull(seed), 100u + static_cast<unsigned>(rows));
        auto recipe = export_::readRecipeFromPng(m_dir.file("data/" + file));
        ASSERT_TRUE(recipe.ok()) << recipe.error();
        EXPECT_EQ(recipe->classIndex, rows / 4);
        EXPECT_EQ(*recipe->seed, std::stoull(seed));
        listed.insert(file);
        ++rows;
    }
    EXPECT_EQ(rows, 12);
    std::set<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(m_dir.file("data")))
        if (e.path().extension() == ".png") files.insert(e.path().filename().string());
    EXPECT_EQ(files, listed);
    EXPECT_EQ(export_::exportDataset(s).status, export_::ExportStatus::Exists);
}

TEST_F(ExportGridTest, CancelledDatasetLeavesNothing) {
    export_::DatasetSpec s;
    s.generator = m_model.generator;
    s.info = m_model.info;
    s.perClass = 50;
    s.batch = 4;
    s.folder = m_dir.file("data");
    std::atomic<bool> cancel{false};
    export_::ExportControl control;
    control.cancel = &cancel;
    control.progress = [&](int done, int) { cancel = done >= 5; };
    EXPECT_EQ(export_::exportDataset(s, control).status, export_::ExportStatus::Cancelled);
    EXPECT_TRUE(outputs().empty());
    EXPECT_EQ(export_::csvField("a,b\"c"), "\"a,b\"\"c\"");
}

}  // namespace
