// The latent-model file format and the built-in DCGAN: round trips, info, and configs.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/model/dcgan.h"
#include "core/model/modelfileio.h"
#include "core/model/probe.h"
#include "model_testutil.h"
#include "testutil.h"

namespace latent::model {
namespace {

using test::TempDir;

TEST(ModelFile, RoundTripGivesBitIdenticalOutputs) {
    TempDir dir;
    DcganGenerator module(test::smallDcgan(32));
    module->resetParameters(7);
    module->eval();
    const std::string path = dir.file("round.ltm");
    ASSERT_TRUE(writeDcganModel(path, *module, "Round trip").ok());

    auto loaded = loadModel(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const auto z = seededLatents(3, 8, 42);
    torch::Tensor expected;
    {
        c10::InferenceMode guard;
        expected = module->forward(z).clamp(-1, 1);
    }
    const auto out = test::generate(*loaded->generator, z);
    EXPECT_EQ(out.sizes(), torch::IntArrayRef({3, 3, 32, 32}));
    EXPECT_EQ(out.scalar_type(), torch::kFloat32);
    EXPECT_TRUE(out.is_contiguous());
    EXPECT_TRUE(torch::equal(out, expected)) << "outputs differ after a save/load round trip";
}

TEST(ModelFile, InfoDescribesTheModel) {
    TempDir dir;
    const std::string path = dir.file("info.ltm");
    ASSERT_TRUE(writeRandomDcgan(path, test::smallDcgan(64, 1), 3, "Grey 64").ok());
    auto loaded = loadModel(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const ModelInfo& info = loaded->info;
    EXPECT_EQ(info.name, "Grey 64");
    EXPECT_EQ(info.format, "latent-model");
    EXPECT_EQ(info.architecture, "dcgan");
    EXPECT_EQ(info.latentSize, 8);
    EXPECT_EQ(info.channels, 1);
    EXPECT_EQ(info.resolution, 64);
    EXPECT_FALSE(info.conditional());
    EXPECT_FALSE(info.styleBased());
    EXPECT_EQ(info.device, "cpu");
    EXPECT_EQ(info.path, path);
    EXPECT_EQ(info.contentHash.size(), 16u);
    EXPECT_NE(info.metadataJson.find("\"created\""), std::string::npos);
    EXPECT_EQ(loaded->generator->info().contentHash, info.contentHash);
}

TEST(ModelFile, SameSeedGivesSameWeightsAndHashFollowsBytes) {
    TempDir dir;
    ASSERT_TRUE(writeRandomDcgan(dir.file("a.ltm"), test::smallDcgan(), 11, "A").ok());
    ASSERT_TRUE(writeRandomDcgan(dir.file("b.ltm"), test::smallDcgan(), 11, "A").ok());
    ASSERT_TRUE(writeRandomDcgan(dir.file("c.ltm"), test::smallDcgan(), 12, "A").ok());
    auto a = readModelFile(dir.file("a.ltm"));
    auto b = readModelFile(dir.file("b.ltm"));
    auto c = readModelFile(dir.file("c.ltm"));
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    ASSERT_EQ(a->tensors.size(), b->tensors.size());
    for (std::size_t i = 0; i < a->tensors.size(); ++i) {
        EXPECT_EQ(a->tensors[i].first, b->tensors[i].first);
        EXPECT_TRUE(torch::equal(a->tensors[i].second, b->tensors[i].second)) << a->tensors[i].first;
    }
    EXPECT_FALSE(torch::equal(a->tensors[0].second, c->tensors[0].second));
    EXPECT_NE(a->contentHash, c->contentHash);
}

TEST(ModelFile, AllResolutionsProduceTheirShape) {
    TempDir dir;
    for (int resolution : {32, 64, 128}) {
        const std::string path = dir.file("r" + std::to_string(resolution) + ".ltm");
        ASSERT_TRUE(writeRandomDcgan(path, test::smallDcgan(resolution), 1, "r").ok());
        auto loaded = loadModel(path);
        ASSERT_TRUE(loaded.ok()) << loaded.error();
        const auto out = test::generate(*loaded->generator, seededLatents(2, 8, 1));
        EXPECT_EQ(out.sizes(), torch::IntArrayRef({2, 3, resolution, resolution}));
        EXPECT_LE(out.abs().max().item<float>(), 1.0f);
    }
}

TEST(ModelFile, ConditionalModelUsesClassNames) {
    TempDir dir;
    auto config = test::smallDcgan();
    config.classNames = {"shoe", "shirt", "bag"};
    const std::string path = dir.file("cond.ltm");
    ASSERT_TRUE(writeRandomDcgan(path, config, 5, "Conditional").ok());
    auto loaded = loadModel(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_EQ(loaded->info.classNames, config.classNames);
    EXPECT_TRUE(loaded->info.conditional());

    const auto z = seededLatents(1, 8, 9).repeat({3, 1});
    const auto classes = torch::tensor({0, 1, 2}, torch::kLong);
    const auto out = test::generate(*loaded->generator, z, classes);
    EXPECT_FALSE(torch::equal(out[0], out[1])) << "class embedding has no effect";
    EXPECT_THROW(test::generate(*loaded->generator, z), c10::Error);  // classes are required
    EXPECT_THROW(test::generate(*loaded->generator, z, torch::tensor({0, 1, 3}, torch::kLong)),
                 c10::Error);
}

TEST(ModelFile, TruncationZeroGivesTheSameImageForAnySeed) {
    TempDir dir;
    ASSERT_TRUE(writeRandomDcgan(dir.file("t.ltm"), test::smallDcgan(), 2, "t").ok());
    auto loaded = loadModel(dir.file("t.ltm"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const auto a = test::generate(*loaded->generator, seededLatents(1, 8, 1), {}, 0.0f);
    const auto b = test::generate(*loaded->generator, seededLatents(1, 8, 2), {}, 0.0f);
    EXPECT_TRUE(torch::equal(a, b));
    EXPECT_THROW(test::generate(*loaded->generator, seededLatents(1, 7, 2)), c10::Error);
    EXPECT_THROW(loaded->generator->mapping(seededLatents(1, 8, 1), {}), c10::Error);
}

TEST(ModelFile, InvalidConfigIsRefusedWithReason) {
    TempDir dir;
    auto config = test::smallDcgan();
    config.resolution = 48;
    auto status = writeRandomDcgan(dir.file("bad.ltm"), config, 1, "bad");
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().find("resolution must be 32, 64 or 128 (got 48)"), std::string::npos)
        << status.error();
    config = test::smallDcgan();
    config.channels = 2;
    status = writeRandomDcgan(dir.file("bad.ltm"), config, 1, "bad");
    EXPECT_NE(status.error().find("channels must be 1 or 3"), std::string::npos) << status.error();
}

TEST(ModelFile, UnwritablePathFailsWithoutLeavingFiles) {
    auto status = writeRandomDcgan("/nonexistent-dir/model.ltm", test::smallDcgan(), 1, "x");
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().find("/nonexistent-dir/model.ltm: cannot write file"), std::string::npos)
        << status.error();
}

TEST(ModelFile, SnapshotOfTrainedModuleIsIndependent) {
    // The trainer publishes snapshots; later training steps must not change them.
    DcganGenerator module(test::smallDcgan());
    module->resetParameters(3);
    auto info = dcganModelInfo(module->config(), dcganMetadata(module->config(), "snap"));
    auto snapshot = makeDcganGenerator(module, info, torch::kCPU);
    const auto z = seededLatents(2, 8, 4);
    const auto before = test::generate(*snapshot, z);
    {
        torch::NoGradGuard noGrad;
        for (auto& p : module->parameters()) p.add_(1.0);
    }
    EXPECT_TRUE(torch::equal(before, test::generate(*snapshot, z)));
}

}  // namespace
}  // namespace latent::model
