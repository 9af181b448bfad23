// StyleGAN2 / StyleGAN3 archives converted by tools/export_torchscript.py --stylegan (fixtures from
// tests/fixtures/stylegan_fixtures.py): they load, draw at any batch size, truncate around the
// archive's trained w_avg, and the flawed exports are refused at load with one line.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <nlohmann/json.hpp>

#include "core/model/probe.h"
#include "tests/core/model_testutil.h"
#include "tests/core/testutil.h"

namespace latent::model {
namespace {

using test::contains;
using test::fixture;
using test::loadError;

bool oneLine(const std::string& text) { return text.find('\n') == std::string::npos; }

LoadedModel loadCpu(const std::string& name) {
    auto loaded = loadModel(fixture(name), {DeviceKind::Cpu});
    EXPECT_TRUE(loaded.ok()) << loaded.error();
    return loaded.ok() ? std::move(loaded).value() : LoadedModel{};
}

// The archive's own w_avg(), read without our loader.
torch::Tensor archiveWAvg(const std::string& name) {
    torch::jit::Module module = torch::jit::load(fixture(name), torch::kCPU);
    return module.get_method("w_avg")(std::vector<c10::IValue>{}).toTensor().to(torch::kFloat32);
}

TEST(StyleGanArchives, ABatchTwoTraceIsRefusedWithItsOneLineMessage) {
    const std::string e = loadError(fixture("stylegan2_batch2_trace.pt"));
    EXPECT_TRUE(contains(e, fixture("stylegan2_batch2_trace.pt") +
                                ": the model works at batch size 2 but fails at batch size 1 ("));
    EXPECT_TRUE(contains(e,
                         "it was probably traced with a fixed batch size: export it with "
                         "tools/export_torchscript.py (StyleGAN pickles: --stylegan)"));
    EXPECT_TRUE(oneLine(e)) << e;
}

TEST(StyleGanArchives, RandomNoiseIsRefusedAsNotDeterministic) {
    const std::string e = loadError(fixture("stylegan2_random_noise.pt"));
    EXPECT_TRUE(contains(e, fixture("stylegan2_random_noise.pt") +
                                ": the model is not deterministic: the same latent gave two "
                                "different images"));
    EXPECT_TRUE(contains(e, "noise_mode='random'"));
    EXPECT_TRUE(oneLine(e)) << e;
}

TEST(StyleGanArchives, ConvertedArchivesDrawAtBatchOneThreeAndSixtyFour) {
    for (const char* name : {"stylegan2.pt", "stylegan2_cond.pt", "stylegan3.pt"}) {
        SCOPED_TRACE(name);
        const LoadedModel loaded = loadCpu(name);
        ASSERT_TRUE(loaded.generator);
        const ModelInfo& info = loaded.info;
        EXPECT_TRUE(info.styleBased());
        EXPECT_EQ(info.wAvgSource, WAvgSource::Trained);
        if (std::string(name) == "stylegan2_cond.pt") {
            EXPECT_EQ(info.classNames, (std::vector<std::string>{"cat", "dog", "fox"}));
        }
        const torch::Tensor z = seededLatents(64, info.latentSize, 11);
        const torch::Tensor c =
            info.conditional() ? cyclingClasses(64, info.numClasses()) : torch::Tensor();
        auto rows = [&](int n) { return c.defined() ? c.narrow(0, 0, n) : c; };
        const torch::Tensor all = test::generate(*loaded.generator, z, c);
        ASSERT_EQ(all.sizes(),
                  torch::IntArrayRef({64, info.channels, info.resolution, info.resolution}));
        for (int n : {1, 3}) {
            const torch::Tensor some =
                test::generate(*loaded.generator, z.narrow(0, 0, n), rows(n));
            ASSERT_EQ(some.size(0), n);
            EXPECT_LT((some - all.narrow(0, 0, n)).abs().max().item<float>(), 1e-3f);
        }
        // The same seed twice: identical pixels (constant noise, no randomness left).
        EXPECT_TRUE(
            torch::equal(test::generate(*loaded.generator, z.narrow(0, 0, 3), rows(3), 0.7f),
                         test::generate(*loaded.generator, z.narrow(0, 0, 3), rows(3), 0.7f)));
    }
}

TEST(StyleGanArchives, PsiZeroDrawsTheTrainedWAvgNotAnEstimate) {
    const LoadedModel loaded = loadCpu("stylegan2.pt");
    ASSERT_TRUE(loaded.generator);
    const Generator& g = *loaded.generator;
    const ModelInfo& info = loaded.info;
    const torch::Tensor trained = archiveWAvg("stylegan2.pt");
    ASSERT_EQ(trained.sizes(), torch::IntArrayRef({info.wSize}));
    ASSERT_GT(info.numWs, 1);
    const torch::Tensor perLayer = trained.expand({info.numWs, info.wSize});
    c10::InferenceMode guard;
    EXPECT_TRUE(torch::equal(g.wAvg(), perLayer));

    const torch::Tensor centre = finishOutput(g.synthesis(perLayer.unsqueeze(0)));
    EXPECT_TRUE(torch::equal(g.generate(seededLatents(1, info.latentSize, 5), {}, 0.0f), centre));
    EXPECT_TRUE(torch::equal(g.generate(seededLatents(1, info.latentSize, 6), {}, 0.0f), centre));

    // The fixture's trained w_avg is not what sampling mapping would give: the estimate would
    // draw another image, so the loader really used the trained one.
    const torch::Tensor estimate = g.mapping(seededLatents(1024, info.latentSize, 7), {}).mean(0);
    EXPECT_GT((estimate - perLayer).abs().max().item<float>(), 1e-2f);
    const torch::Tensor estimated = finishOutput(g.synthesis(estimate.unsqueeze(0)));
    EXPECT_GT((estimated - centre).abs().max().item<float>(), 1e-2f);
}

TEST(StyleGanArchives, WithoutWAvgTheLoaderEstimatesIt) {
    const LoadedModel loaded = loadCpu("good_style.pt");
    ASSERT_TRUE(loaded.generator);
    EXPECT_EQ(loaded.info.wAvgSource, WAvgSource::Estimated);
    EXPECT_EQ(loadCpu("dcgan_torchscript.pt").info.wAvgSource, WAvgSource::None);
}

TEST(StyleGanArchives, InfoSaysWhereWAvgComesFrom) {
    const test::CommandRun trained =
        test::runCommand(std::string(LATENT_CLI_PATH) + " info " + fixture("stylegan2.pt"));
    ASSERT_EQ(trained.code, 0) << trained.out;
    EXPECT_EQ(nlohmann::json::parse(trained.out)["w_avg"], "trained (the archive's w_avg)");
    const test::CommandRun estimated =
        test::runCommand(std::string(LATENT_CLI_PATH) + " info " + fixture("good_style.pt"));
    ASSERT_EQ(estimated.code, 0) << estimated.out;
    EXPECT_EQ(nlohmann::json::parse(estimated.out)["w_avg"], "estimated from 1024 samples");
    const test::CommandRun plain =
        test::runCommand(std::string(LATENT_CLI_PATH) + " info " + fixture("good_uncond.pt"));
    ASSERT_EQ(plain.code, 0) << plain.out;
    EXPECT_FALSE(nlohmann::json::parse(plain.out).contains("w_avg"));
}

}  // namespace
}  // namespace latent::model
