// The one reader of run folders (core/train/runfolder.h) and of metrics.csv (parseMetrics): what
// the CLI, resume and the Training panel all see.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/image/png.h"
#include "core/train/checkpoint.h"
#include "core/train/runfolder.h"
#include "core/train/samples.h"
#include "tests/core/testutil.h"
#include "tests/core/train_configs.h"

using namespace latent;

namespace {

void write(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST(RunFolder, MetricsReadByColumnNameSkippingTornAndGarbageLines) {
    int skipped = 0;
    const auto rows = train::parseMetrics(
        "step,g_loss,d_loss,d_real,d_fake,quality,new_column\n"
        "10,1.5,0.5,2,-2,,x\n"
        "20,1.25,0.75,1,-1,0.31,y\n"
        "garbage line\n"
        "30,1.0,0.5,not-a-number,-1,,z\n"
        "\n"
        "40,1.0",
        &skipped);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].step, 10);
    EXPECT_DOUBLE_EQ(rows[0].gLoss, 1.5);
    EXPECT_TRUE(std::isnan(rows[0].quality)) << "an empty field is 'not measured'";
    EXPECT_DOUBLE_EQ(rows[1].quality, 0.31);
    EXPECT_DOUBLE_EQ(rows[1].dFake, -1.0);
    EXPECT_EQ(skipped, 3) << "garbage, a non-number in d_real, and the torn last line";
}

TEST(RunFolder, WhatTheTrainerWritesReadsBackWholeAndWithoutAHeaderNothingDoes) {
    train::MetricsRow a;
    a.step = 100;
    a.gLoss = 0.5;
    a.quality = 12.5;
    train::MetricsRow b;
    b.step = 200;
    b.dLoss = 0.25;
    int skipped = -1;
    const auto rows = train::parseMetrics(train::metricsCsvHeader() + "\n" + train::metricsCsvLine(a) +
                                              "\n" + train::metricsCsvLine(b) + "\r\n",
                                          &skipped);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(skipped, 0);
    EXPECT_DOUBLE_EQ(rows[0].quality, 12.5);
    EXPECT_TRUE(std::isnan(rows[1].quality));
    EXPECT_DOUBLE_EQ(rows[1].dLoss, 0.25);

    EXPECT_TRUE(train::parseMetrics("10,1,2\n20,1,2\n", &skipped).empty());
    EXPECT_EQ(skipped, 1) << "no step column: the header line was taken as the header";
}

TEST(RunFolder, ResumingARunOfAnOlderVersionKeepsEveryRowItAndWeWrote) {
    // metrics.csv of a version without the augmentation columns, resumed once by this version
    // (which appended its wider rows), then resumed again: truncation keeps all of them.
    test::TempDir dir;
    const std::string path = dir.file("metrics.csv");
    const std::string oldHeader =
        "step,epoch,images_seen,g_loss,d_loss,d_real,d_fake,g_grad_norm,d_grad_norm,images_per_sec,"
        "wall_time_s,quality,class_entropy,diversity,modes_covered";
    train::MetricsRow newer;
    newer.step = 20;
    newer.augmentP = 0.125;
    newer.realSign = 0.5;
    write(path, oldHeader + "\n10,0,80,1,1,0,0,1,1,5.0,2.000,,,,\n" + train::metricsCsvLine(newer) +
                    "\n");
    ASSERT_TRUE(train::truncateMetrics(path, 100).ok());
    int skipped = -1;
    auto rows = train::readMetrics(path, &skipped);
    ASSERT_TRUE(rows.ok()) << rows.error();
    EXPECT_EQ(skipped, 0);
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_TRUE(std::isnan((*rows)[0].augmentP)) << "not recorded then";
    EXPECT_DOUBLE_EQ((*rows)[1].augmentP, 0.125);
    EXPECT_DOUBLE_EQ((*rows)[1].realSign, 0.5);
    ASSERT_TRUE(train::truncateMetrics(path, 100).ok());
    EXPECT_EQ(train::readMetrics(path)->size(), 2u);
}

TEST(RunFolder, ReadsConfigMetricsNewestSampleAndCheckpoints) {
    test::TempDir dir;
    const std::string run = dir.file("run");
    train::TrainConfig config = test::tinyToyConfig(run);
    config.steps = 5000;
    write(train::runConfigPath(run), train::configToJson(config));
    train::MetricsRow row;
    for (int i = 1; i <= 3; ++i) {
        row.step = i * 100;
        ASSERT_TRUE(train::appendMetrics(train::runMetricsPath(run), row).ok());
    }
    {
        std::ofstream torn(train::runMetricsPath(run), std::ios::app);
        torn << "400,1";  // the run is writing this line now
    }
    std::filesystem::create_directories(train::runSamplesDir(run));
    ASSERT_TRUE(image::writePng(train::samplePath(run, 200), image::ImageRGB8(4, 4)).ok());
    ASSERT_TRUE(image::writePng(train::samplePath(run, 1000), image::ImageRGB8(4, 4)).ok());
    write(train::runSamplesDir(run) + "/notes.png", "");  // not a step: ignored

    train::RunFolder r = train::readRun(run);
    EXPECT_EQ(r.error, "");
    EXPECT_TRUE(r.hasConfig);
    EXPECT_EQ(r.config.steps, 5000);
    EXPECT_EQ(r.config.runDir, run);
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows.back().step, 300);
    EXPECT_EQ(r.skippedLines, 1);
    EXPECT_EQ(r.latestSample, train::samplePath(run, 1000));
    EXPECT_FALSE(r.hasCheckpoint);
    write(train::checkpointPath(run, 300), "x");
    EXPECT_TRUE(train::readRun(run).hasCheckpoint);
}

TEST(RunFolder, AFolderThatIsNoRunSaysSoAndABrokenConfigIsNamed) {
    test::TempDir dir;
    const train::RunFolder empty = train::readRun(dir.path());
    EXPECT_NE(empty.error.find("is not a training run folder"), std::string::npos) << empty.error;
    EXPECT_FALSE(empty.hasConfig);

    write(train::runConfigPath(dir.path()), "{\"steps\": \"many\"");
    const train::RunFolder broken = train::readRun(dir.path());
    EXPECT_FALSE(broken.hasConfig);
    EXPECT_NE(broken.error.find("config.json"), std::string::npos) << broken.error;
}
