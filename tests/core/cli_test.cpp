#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/image/png.h"
#include "core/model/modelfile.h"
#include "tests/core/testutil.h"

namespace {

using CliRun = latent::test::CommandRun;

// Runs the real `latent` binary, as a user would.
CliRun latentCli(const std::string& args) {
    return latent::test::runCommand(std::string(LATENT_CLI_PATH) + " " + args);
}

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        latent::model::DcganConfig config;
        config.resolution = 32;
        config.baseWidth = 16;
        config.latentSize = 24;
        config.channels = 1;
        config.classNames = {"cat", "dog", "owl"};
        ASSERT_TRUE(latent::model::writeRandomDcgan(m_model, config, 3, "Test DCGAN").ok());
    }
    latent::test::TempDir m_dir;
    std::string m_model = m_dir.file("model.ltm");
};

}  // namespace

TEST_F(CliTest, InfoPrintsMetadataAsJson) {
    const CliRun r = latentCli("info " + m_model);
    ASSERT_EQ(r.code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["name"], "Test DCGAN");
    EXPECT_EQ(j["latent_size"], 24);
    EXPECT_EQ(j["resolution"], 32);
    EXPECT_EQ(j["channels"], 1);
    EXPECT_EQ(j["class_names"], nlohmann::json({"cat", "dog", "owl"}));
}

TEST_F(CliTest, SampleWritesOneImageOrAGrid) {
    const std::string one = m_dir.file("one.png"), grid = m_dir.file("grid.png");
    ASSERT_EQ(latentCli("sample " + m_model + " --seed 7 --class dog --device cpu --out " + one).code, 0);
    auto img = latent::image::readPng(one);
    ASSERT_TRUE(img.ok()) << img.error();
    EXPECT_EQ(img->width, 32);

    const CliRun r = latentCli("sample " + m_model + " --seed 7 --count 6 --cols 3 --class 1 --truncation 0.7 --out " + grid);
    ASSERT_EQ(r.code, 0) << r.out;
    auto g = latent::image::readPng(grid);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->width, 3 * 32 + 4 * 2);
    EXPECT_EQ(g->height, 2 * 32 + 3 * 2);

    // Same seed, same picture.
    const std::string again = m_dir.file("again.png");
    ASSERT_EQ(latentCli("sample " + m_model + " --seed 7 --class dog --out " + again).code, 0);
    EXPECT_EQ(*latent::image::readPng(again), *img);
}

TEST_F(CliTest, SampleRefusesToOverwriteWithoutForce) {
    const std::string out = m_dir.file("keep.png");
    ASSERT_EQ(latentCli("sample " + m_model + " --seed 1 --out " + out).code, 0);
    const auto first = latent::image::readPng(out);
    ASSERT_TRUE(first.ok());
    CliRun r = latentCli("sample " + m_model + " --seed 2 --out " + out);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out, "latent: " + out + " already exists; add --force to overwrite it\n");
    EXPECT_EQ(*latent::image::readPng(out), *first) << "the refused run changed the file";
    r = latentCli("sample " + m_model + " --seed 2 --force --out " + out);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(*latent::image::readPng(out), *first);
    // Drawing a recipe again follows the same rule.
    const std::string again = m_dir.file("again.png");
    ASSERT_EQ(latentCli("sample " + m_model + " --from-png " + out + " --out " + again).code, 0);
    r = latentCli("sample " + m_model + " --from-png " + out + " --out " + again);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(latentCli("sample " + m_model + " --from-png " + out + " --force --out " + again).code,
              0);
}

TEST_F(CliTest, HelpShowsAllCommandsOrOne) {
    for (const char* args : {"help", "--help", "-h"}) {
        const CliRun r = latentCli(args);
        EXPECT_EQ(r.code, 0) << args;
        EXPECT_NE(r.out.find("commands:"), std::string::npos) << args << "\n" << r.out;
        EXPECT_NE(r.out.find("interpolate MODEL"), std::string::npos) << r.out;
    }
    // One command: its own lines (sample has two forms), not the others'.
    for (const std::string& args :
         {std::string("help sample"), std::string("sample --help"),
          "sample " + m_model + " --seed 3 -h"}) {
        const CliRun r = latentCli(args);
        EXPECT_EQ(r.code, 0) << args << "\n" << r.out;
        EXPECT_NE(r.out.find("sample MODEL --seed S"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("--from-png"), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find("interpolate MODEL"), std::string::npos) << r.out;
    }
    const CliRun grid = latentCli("grid --help");
    EXPECT_EQ(grid.code, 0);
    EXPECT_NE(grid.out.find("--truncation-sweep"), std::string::npos) << grid.out;
    const CliRun unknown = latentCli("help frobnicate");
    EXPECT_EQ(unknown.code, 2);
    EXPECT_EQ(unknown.out, "latent: no command 'frobnicate' (try: latent help)\n");
}

TEST_F(CliTest, BenchJsonHasTheDocumentedKeys) {
    const CliRun r = latentCli("bench " + m_model + " --json --iterations 5 --threads 1");
    ASSERT_EQ(r.code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"forward_ms_b1", "forward_ms_batch_per_image", "render_latency_ms_median",
                            "render_latency_ms_p95"}) {
        ASSERT_TRUE(j.contains(key)) << key;
        EXPECT_GT(j[key].get<double>(), 0.0) << key;
    }
}

TEST_F(CliTest, BadInputExitsNonZeroWithOneLine) {
    std::ofstream(m_dir.file("junk.ltm")) << "not a model";
    const std::string out = m_dir.file("x.png");
    struct Case {
        std::string args;
        int code;
        std::string mentions;
    };
    const std::vector<Case> cases = {
        {"", 2, "usage"},
        {"frobnicate", 2, "unknown command"},
        {"info", 2, "usage"},
        {"info " + m_dir.file("missing.ltm"), 1, "missing.ltm"},
        {"info " + m_dir.file("junk.ltm"), 1, "junk.ltm"},
        {"sample " + m_model + " --seed 1", 2, "--out"},
        {"sample " + m_model + " --seed -4 --out " + out, 2, "--seed"},
        {"sample " + m_model + " --seed abc --out " + out, 2, "--seed"},
        {"sample " + m_model + " --seed 1 --count 0 --out " + out, 2, "--count"},
        {"sample " + m_model + " --seed 1 --truncation nan --out " + out, 2, "--truncation"},
        {"sample " + m_model + " --seed 1 --class horse --out " + out, 2, "--class"},
        {"sample " + m_model + " --seed 1 --class 3 --out " + out, 2, "--class"},
        {"sample " + m_model + " --seed 1 --device tpu --out " + out, 2, "--device"},
        {"sample " + m_model + " --seed 1 --bogus 3 --out " + out, 2, "--bogus"},
        {"sample " + m_model + " --seed 1 --out /nonexistent-dir/x.png", 1, "/nonexistent-dir/x.png"},
        {"bench " + m_model + " --iterations x", 2, "--iterations"},
    };
    for (const Case& c : cases) {
        const CliRun r = latentCli(c.args);
        EXPECT_EQ(r.code, c.code) << "latent " << c.args << "\n" << r.out;
        EXPECT_NE(r.out.find(c.mentions), std::string::npos) << "latent " << c.args << "\n" << r.out;
        if (c.code == 1) {
            // One line, no backtrace.
            EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
        }
    }
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(CliTest, CudaRequestWithoutAGpuIsAClearError) {
    const CliRun r = latentCli("sample " + m_model + " --seed 1 --device cuda --out " + m_dir.file("c.png"));
    if (r.code == 0) GTEST_SKIP() << "this machine has CUDA";
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.out.find("CUDA"), std::string::npos) << r.out;
}
