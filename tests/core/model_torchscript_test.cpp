// TorchScript archives exported by tools/export_torchscript.py (fixtures from make_fixtures.py).
#include <gtest/gtest.h>

#include "core/model/probe.h"
#include "model_testutil.h"

namespace latent::model {
namespace {

using test::fixture;
using test::loadError;

void expectImages(const torch::Tensor& out, std::int64_t n, std::int64_t c, std::int64_t r) {
    EXPECT_EQ(out.sizes(), torch::IntArrayRef({n, c, r, r}));
    EXPECT_EQ(out.scalar_type(), torch::kFloat32);
    EXPECT_TRUE(out.is_contiguous());
    EXPECT_GE(out.min().item<float>(), -1.0f);
    EXPECT_LE(out.max().item<float>(), 1.0f);
}

TEST(TorchScript, UnconditionalLoadsAndGenerates) {
    auto loaded = loadModel(fixture("good_uncond.pt"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const ModelInfo& info = loaded->info;
    EXPECT_EQ(info.format, "torchscript");
    EXPECT_EQ(info.name, "Fixture unconditional");
    EXPECT_EQ(info.latentSize, 16);
    EXPECT_EQ(info.resolution, 16);
    EXPECT_EQ(info.channels, 3);
    EXPECT_FALSE(info.styleBased());
    EXPECT_EQ(info.contentHash.size(), 16u);
    EXPECT_NE(info.metadataJson.find("linear + tanh"), std::string::npos);
    const auto out = test::generate(*loaded->generator, seededLatents(5, 16, 1));
    expectImages(out, 5, 3, 16);
    // Same latent, same image: a loaded model is deterministic.
    EXPECT_TRUE(torch::equal(out, test::generate(*loaded->generator, seededLatents(5, 16, 1))));
}

TEST(TorchScript, TracedExportLoads) {
    auto loaded = loadModel(fixture("good_traced.pt"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    expectImages(test::generate(*loaded->generator, seededLatents(2, 16, 1)), 2, 1, 16);
}

TEST(TorchScript, ConditionalHasClassNames) {
    auto loaded = loadModel(fixture("good_cond.pt"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_EQ(loaded->info.classNames, (std::vector<std::string>{"circle", "square", "triangle"}));
    const auto z = seededLatents(1, 16, 3).repeat({3, 1});
    const auto out = test::generate(*loaded->generator, z, torch::tensor({0, 1, 2}, torch::kLong));
    expectImages(out, 3, 1, 16);
    EXPECT_FALSE(torch::equal(out[0], out[2]));
}

TEST(TorchScript, StyleBasedExposesMappingAndSynthesis) {
    auto loaded = loadModel(fixture("good_style.pt"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const auto& g = *loaded->generator;
    EXPECT_TRUE(loaded->info.styleBased());
    EXPECT_EQ(loaded->info.wSize, 8);
    EXPECT_EQ(g.info().wSize, 8);
    c10::InferenceMode guard;
    const auto w = g.mapping(seededLatents(2, 16, 1), {});
    EXPECT_EQ(w.sizes(), torch::IntArrayRef({2, 8}));
    expectImages(finishOutput(g.synthesis(w)), 2, 3, 16);

    const auto a = g.generate(seededLatents(1, 16, 1), {}, 0.0f);
    const auto b = g.generate(seededLatents(1, 16, 2), {}, 0.0f);
    EXPECT_TRUE(torch::equal(a, b)) << "psi = 0 must give the average image";
    EXPECT_FALSE(torch::equal(g.generate(seededLatents(1, 16, 1), {}, 1.0f),
                              g.generate(seededLatents(1, 16, 2), {}, 1.0f)));
}

TEST(TorchScript, MissingMetaJson) {
    EXPECT_TRUE(test::contains(loadError(fixture("no_meta.pt")), "no_meta.pt: TorchScript archive has no meta.json (export it with tools/export_torchscript.py)"));
}

TEST(TorchScript, MetaJsonWithoutSizes) {
    EXPECT_TRUE(test::contains(loadError(fixture("bad_meta.pt")), "bad_meta.pt: meta.json has no \"latent_size\""));
}

TEST(TorchScript, WrongContract) {
    EXPECT_TRUE(test::contains(loadError(fixture("wrong_contract.pt")), "TorchScript forward takes 3 inputs"));
    EXPECT_TRUE(test::contains(loadError(fixture("returns_tuple.pt")), "forward returned a tuple"));
}

TEST(TorchScript, WrongOutputShape) {
    EXPECT_TRUE(test::contains(loadError(fixture("wrong_shape.pt")), "output shape [2, 3, 8, 8] disagrees with the metadata (expected [2, 3, 16, 16]"));
}

TEST(TorchScript, NaNOutput) {
    EXPECT_TRUE(test::contains(loadError(fixture("nan_output.pt")), "nan_output.pt: output contains NaN or infinite values"));
}

TEST(TorchScript, OutOfRangeOutput) {
    EXPECT_TRUE(test::contains(loadError(fixture("out_of_range.pt")), "exceeds [-1, 1]"));
}

TEST(TorchScript, StateDictIsNotTorchScript) {
    EXPECT_TRUE(test::contains(loadError(fixture("state_dict.pt")), "state_dict.pt: zip archive is not a TorchScript module"));
}

TEST(TorchScript, NotAModel) {
    EXPECT_TRUE(test::contains(loadError(fixture("not_a_model.pt")), "not a Latent Studio model or TorchScript archive (unrecognised header)"));
}

TEST(TorchScript, TruncatedArchive) {
    EXPECT_TRUE(test::contains(loadError(fixture("truncated.pt")), "truncated.pt: truncated or corrupt TorchScript archive"));
}

}  // namespace
}  // namespace latent::model
