// The built-in style-based generator (core/model/stylegan.h): what a user of W, W+, style mixing
// and SeFa relies on, on a small network so the tests stay quick under the sanitizers.
#include <gtest/gtest.h>

#include "core/edit/sefa.h"
#include "core/latent/latent.h"
#include "core/model/probe.h"
#include "core/model/stylegan.h"
#include "core/render/renderer.h"
#include "tests/core/model_testutil.h"
#include "tests/core/testutil.h"

using namespace latent;

namespace {

model::StyleConfig smallStyle(int resolution = 32, int channels = 3) {
    model::StyleConfig c;
    c.latentSize = 16;
    c.wSize = 16;
    c.mappingLayers = 2;
    c.resolution = resolution;
    c.channels = channels;
    c.channelBase = 256;
    c.channelMax = 16;
    return c;
}

// A random network whose noise strengths and biases are not zero, so noise and every layer show.
model::StyleGenerator randomStyle(const model::StyleConfig& config, std::uint64_t seed) {
    model::StyleGenerator g(config);
    g->resetParameters(seed);
    torch::NoGradGuard noGrad;
    for (auto& p : g->named_parameters()) {
        if (p.key().find("noise_strength") != std::string::npos) p.value().fill_(0.3);
    }
    g->eval();
    return g;
}

torch::Tensor latents(int n, int size, std::uint64_t seed) {
    return model::seededLatents(n, size, seed);
}

class StyleTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_module = randomStyle(smallStyle(), 4);
        ASSERT_TRUE(model::writeStyleModel(m_dir.file("style.ltm"), *m_module, "test style").ok());
        auto loaded = model::loadModel(m_dir.file("style.ltm"), {model::DeviceKind::Cpu});
        ASSERT_TRUE(loaded.ok()) << loaded.error();
        m_model = *loaded;
    }

    test::TempDir m_dir;
    model::StyleGenerator m_module{nullptr};
    model::LoadedModel m_model;
};

}  // namespace

TEST_F(StyleTest, TheFileOpensAsAStyleBasedModel) {
    const model::ModelInfo& info = m_model.info;
    EXPECT_TRUE(info.styleBased());
    EXPECT_EQ(info.architecture, "style");
    EXPECT_EQ(info.numWs, 8);  // 32 px: 4, 8, 16, 32 px blocks
    EXPECT_EQ(info.wSize, 16);
    EXPECT_EQ(info.wAvgSource, model::WAvgSource::Trained);
    EXPECT_EQ(info.previewResolutions, (std::vector<int>{16}));
    // The file's image is the module's.
    c10::InferenceMode guard;
    const torch::Tensor z = latents(3, 16, 7);
    const torch::Tensor direct = model::finishOutput(m_module->synthesis(m_module->mapping(z, {})));
    EXPECT_TRUE(torch::equal(m_model.generator->generate(z, {}, 1.0f), direct));
}

TEST_F(StyleTest, AnImageIsTheSameAtBatchOneAndSixtyFour) {
    c10::InferenceMode guard;
    const torch::Tensor z = latents(64, 16, 11);
    const torch::Tensor batch = m_model.generator->generate(z, {}, 0.8f);
    for (std::int64_t i : {0, 17, 63}) {
        const torch::Tensor one = m_model.generator->generate(z.narrow(0, i, 1), {}, 0.8f);
        EXPECT_LT((one - batch.narrow(0, i, 1)).abs().max().item<float>(), 1e-5f) << "image " << i;
    }
}

TEST_F(StyleTest, ASeedIsAlwaysTheSameImageAndTheNoiseIsPartOfIt) {
    c10::InferenceMode guard;
    const torch::Tensor z = latents(2, 16, 3);
    EXPECT_TRUE(torch::equal(m_model.generator->generate(z, {}, 1.0f),
                             m_model.generator->generate(z, {}, 1.0f)));
    // The fixed noise maps are in the file and shape the image: other maps, another image.
    const torch::Tensor ws = m_module->mapping(z, {});
    const torch::Tensor constant = m_module->synthesis(ws);
    model::NoiseInput none;
    none.mode = model::NoiseInput::Mode::None;
    EXPECT_GT((m_module->synthesis(ws, none) - constant).abs().max().item<float>(), 1e-3f);
    // Random noise (training) from a seeded generator: the same seed, the same draw.
    model::NoiseInput random;
    random.mode = model::NoiseInput::Mode::Random;
    random.generator = at::detail::createCPUGenerator(5);
    const torch::Tensor a = m_module->synthesis(ws, random);
    random.generator = at::detail::createCPUGenerator(5);
    EXPECT_TRUE(torch::equal(a, m_module->synthesis(ws, random)));
    EXPECT_FALSE(torch::equal(a, constant));
}

TEST_F(StyleTest, MappingThenSynthesisIsGenerateAndPsiZeroIsTheAverage) {
    c10::InferenceMode guard;
    const model::Generator& g = *m_model.generator;
    const torch::Tensor z = latents(4, 16, 21);
    const torch::Tensor w = g.mapping(z, {});
    ASSERT_EQ(w.sizes(), (std::vector<std::int64_t>{4, 8, 16}));
    EXPECT_TRUE(torch::equal(model::finishOutput(g.synthesis(w)), g.generate(z, {}, 1.0f)));
    // w_avg is the model's own (trained) buffer; psi 0 draws it for every latent.
    ASSERT_EQ(g.wAvg().sizes(), (std::vector<std::int64_t>{8, 16}));
    const torch::Tensor average = g.generate(z, {}, 0.0f);
    EXPECT_LT((average[0] - average[3]).abs().max().item<float>(), 1e-6f);
    const torch::Tensor ofAverage = model::finishOutput(g.synthesis(g.wAvg().unsqueeze(0)));
    EXPECT_LT((average.narrow(0, 0, 1) - ofAverage).abs().max().item<float>(), 1e-5f);
}

// W+ edits: a change to w entries that only the 32 px block reads leaves the coarser blocks'
// image exactly as it was (the 16 px preview is the skip image after the 16 px block).
TEST_F(StyleTest, FineLayerEditsLeaveTheCoarseBlocksExactlyAsTheyWere) {
    c10::InferenceMode guard;
    const model::Generator& g = *m_model.generator;
    const torch::Tensor w = g.mapping(latents(1, 16, 8), {});
    // b32.conv0 reads w[5] with b16.torgb; b32.conv1 w[6]; b32.torgb w[7].
    torch::Tensor fine = w.clone();
    fine.narrow(1, 6, 2) += 2.0f * torch::randn({1, 2, 16}, at::detail::createCPUGenerator(1));
    EXPECT_TRUE(torch::equal(g.preview(fine, 16), g.preview(w, 16)));
    EXPECT_GT((g.synthesis(fine) - g.synthesis(w)).abs().max().item<float>(), 1e-3f);
    // A coarse edit (the 4 px block's w) reaches the preview too.
    torch::Tensor coarse = w.clone();
    coarse.narrow(1, 0, 1) += 2.0f * torch::randn({1, 1, 16}, at::detail::createCPUGenerator(2));
    EXPECT_GT((g.preview(coarse, 16) - g.preview(w, 16)).abs().max().item<float>(), 1e-3f);
}

TEST_F(StyleTest, SefaMixingAndWPlusWorkOnIt) {
    auto sefa = edit::sefaDirections(*m_model.generator, 5);
    ASSERT_TRUE(sefa.ok()) << sefa.error();
    EXPECT_EQ(sefa->set.directions.size(), 5u);
    EXPECT_EQ(sefa->set.directions.front().space, edit::Space::W);
    // Every layer's affine: F = the input channels of all 11 modulated layers (16 each, but 8 for
    // b32.conv1 and b32.torgb, whose input is the 32 px block's 8 channels).
    EXPECT_EQ(m_module->styleWeights().size(0), 9 * 16 + 2 * 8);
    EXPECT_EQ(m_module->styleWeights(6, 7).size(0), 8 + 8);  // w[6]: b32.conv1, w[7]: b32.torgb
    EXPECT_EQ(m_module->styleWeights(5, 5).size(0), 16 + 16);  // b16.torgb and b32.conv0

    render::RenderRequest plain;
    plain.generator = m_model.generator;
    plain.latents = {::latent::latent::sampleLatent(1, 16)};
    render::RenderRequest mixed = plain;
    mixed.mix.z = ::latent::latent::sampleLatent(2, 16);
    mixed.mix.firstLayer = 4;
    const auto a = render::render(plain), b = render::render(mixed);
    ASSERT_TRUE(a.ok() && b.ok()) << a.error << b.error;
    EXPECT_NE(a.images.front(), b.images.front());
}

TEST(StyleConditional, ClassesChangeTheImageAndMorphBetweenThem) {
    model::StyleConfig config = smallStyle(16, 1);
    config.classNames = {"circle", "square", "star"};
    test::TempDir dir;
    auto module = randomStyle(config, 9);
    ASSERT_TRUE(model::writeStyleModel(dir.file("c.ltm"), *module, "conditional").ok());
    auto loaded = model::loadModel(dir.file("c.ltm"), {model::DeviceKind::Cpu});
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const model::Generator& g = *loaded->generator;
    EXPECT_EQ(loaded->info.numClasses(), 3);
    c10::InferenceMode guard;
    const torch::Tensor z = latents(1, 16, 4).repeat({3, 1});
    const torch::Tensor images = g.generate(z, torch::tensor({0, 1, 2}, torch::kLong), 1.0f);
    EXPECT_GT((images[0] - images[1]).abs().max().item<float>(), 1e-3f);
    const torch::Tensor table = g.classEmbeddings();
    ASSERT_EQ(table.sizes(), (std::vector<std::int64_t>{3, 16}));
    const torch::Tensor at0 = g.generateWithEmbedding(z.narrow(0, 0, 1), table.narrow(0, 1, 1), 1.0f);
    EXPECT_LT((at0 - images.narrow(0, 1, 1)).abs().max().item<float>(), 1e-5f);
}

TEST(StyleFile, BadFilesAreRefusedInOneLine) {
    test::TempDir dir;
    model::StyleConfig config = smallStyle(16);
    EXPECT_TRUE(test::contains(model::checkStyleConfig([&] {
                                   auto c = config;
                                   c.resolution = 48;
                                   return c;
                               }())
                                   .error(),
                               "resolution must be a power of two from 8 to 256 (got 48)"));
    model::StyleGenerator module = randomStyle(config, 1);
    auto tensors = model::moduleTensors(*module);
    tensors.erase(tensors.begin() + 3);
    ASSERT_TRUE(model::writeModelFile(dir.file("short.ltm"),
                                      model::styleMetadata(config, "short"), tensors)
                    .ok());
    const std::string error = test::loadError(dir.file("short.ltm"));
    EXPECT_TRUE(test::contains(error, "weights do not match the style architecture in the metadata: "
                                      "missing tensor"));
    EXPECT_EQ(error.find('\n'), std::string::npos);
    auto meta = model::styleMetadata(config, "huge");
    meta["channel_max"] = 2048;
    meta["channel_base"] = 1 << 20;
    meta["resolution"] = 256;
    ASSERT_TRUE(model::writeModelFile(dir.file("huge.ltm"), meta, model::moduleTensors(*module)).ok());
    EXPECT_TRUE(test::contains(test::loadError(dir.file("huge.ltm")), "parameters (at most"));
}
