// Direction finding (core/edit): SeFa, GANSpace PCA, InterFaceGAN attributes, class morphs, files.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <random>

#include "core/edit/attribute.h"
#include "core/model/batchnorm.h"
#include "core/edit/directionset.h"
#include "core/edit/pca.h"
#include "core/edit/sefa.h"
#include "core/export/recipe.h"
#include "core/latent/latent.h"
#include "core/model/dcgan.h"
#include "core/model/generator.h"
#include "core/model/loader.h"
#include "tests/core/testutil.h"

namespace {

using Latent = latent::latent::Latent;
using latent::edit::Direction;
using latent::edit::DirectionSet;
using latent::edit::Matrix;
using latent::edit::Space;

const std::string kDefaultModel = std::string(LATENT_SOURCE_DIR) + "/resources/models/default.ltm";

double dot(const Latent& a, const Latent& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
    return s;
}

double cosine(const Latent& a, const Latent& b) {
    return dot(a, b) / std::sqrt(dot(a, a) * dot(b, b));
}

Matrix gaussian(int rows, int cols, unsigned seed, float scale = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, scale);
    Matrix m(rows, cols);
    for (float& v : m.values) v = normal(rng);
    return m;
}

Latent unit(int size, unsigned seed) {
    Matrix m = gaussian(1, size, seed);
    Latent v = m.values;
    const double n = std::sqrt(dot(v, v));
    for (float& x : v) x = static_cast<float>(x / n);
    return v;
}

std::shared_ptr<const latent::model::Generator> defaultModel() {
    auto loaded = latent::model::loadModel(kDefaultModel, {latent::model::DeviceKind::Cpu});
    EXPECT_TRUE(loaded.ok()) << loaded.error();
    return loaded.ok() ? loaded->generator : nullptr;
}

// Mean absolute pixel difference (in [-1, 1] units) between the image of z and of z moved
// `amount` slider units along d.
double imageChange(const latent::model::Generator& g, const Direction& d, float amount) {
    c10::InferenceMode guard;
    Latent z = latent::latent::sampleLatent(11, g.info().latentSize);
    Latent moved = z;
    for (std::size_t i = 0; i < z.size(); ++i) moved[i] += amount * d.sigma * d.vector[i];
    auto zt = torch::stack({torch::tensor(z), torch::tensor(moved)});
    auto images = g.generate(zt, torch::tensor({3, 3}, torch::kLong));
    return (images[0] - images[1]).abs().mean().item<double>();
}

}  // namespace

TEST(DirectionsMath, SefaReturnsTheOrthonormalEigenvectorsOfAtA) {
    const Matrix a = gaussian(40, 6, 1);
    auto result = latent::edit::closedFormFactorisation(a, 4);
    ASSERT_TRUE(result.ok()) << result.error();
    ASSERT_EQ(result->vectors.size(), 4u);
    // Reference: eigen-decomposition of AᵀA by LibTorch in double precision.
    auto at = torch::from_blob(const_cast<float*>(a.values.data()), {40, 6}).to(torch::kFloat64);
    auto [values, vectors] = torch::linalg_eigh(at.t().mm(at), "L");
    for (int i = 0; i < 4; ++i) {
        const Latent& v = result->vectors[static_cast<std::size_t>(i)];
        EXPECT_NEAR(std::sqrt(dot(v, v)), 1.0, 1e-5);
        for (int j = 0; j < i; ++j)
            EXPECT_NEAR(dot(v, result->vectors[static_cast<std::size_t>(j)]), 0.0, 1e-5);
        auto ref = vectors.select(1, 5 - i).to(torch::kFloat32).contiguous();
        Latent r(ref.data_ptr<float>(), ref.data_ptr<float>() + 6);
        EXPECT_NEAR(std::abs(cosine(v, r)), 1.0, 1e-5) << "eigenvector " << i;
        EXPECT_NEAR(result->values[static_cast<std::size_t>(i)], values[5 - i].item<double>(),
                    1e-3);
        if (i > 0) {
            EXPECT_GE(result->values[static_cast<std::size_t>(i - 1)],
                      result->values[static_cast<std::size_t>(i)]);
        }
    }
    // Deterministic sign: the largest-magnitude component is positive.
    for (const Latent& v : result->vectors) {
        float best = 0;
        for (float x : v) best = std::abs(x) > std::abs(best) ? x : best;
        EXPECT_GT(best, 0.0f);
    }
}

TEST(DirectionsMath, SefaRejectsBadInput) {
    EXPECT_FALSE(latent::edit::closedFormFactorisation(Matrix{}, 3).ok());
    EXPECT_FALSE(latent::edit::closedFormFactorisation(gaussian(4, 3, 2), 0).ok());
    Matrix nan = gaussian(4, 3, 2);
    nan.at(1, 1) = std::nanf("");
    auto r = latent::edit::closedFormFactorisation(nan, 2);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("NaN"), std::string::npos) << r.error();
}

TEST(DirectionsMath, PcaRecoversPlantedLatentDirections) {
    // Features depend on z only through three planted unit directions (with decreasing strength),
    // mixed into 2000 feature dimensions by a random map, plus small noise. Large F exercises the
    // randomised path; GANSpace's regression must bring each component back to its planted z axis.
    const int n = 1500, d = 24, f = 2000, k = 3;
    const Matrix z = gaussian(n, d, 3);
    std::vector<Latent> planted{unit(d, 10), unit(d, 11), unit(d, 12)};
    // Orthonormalise the planted directions so each PCA component maps to exactly one of them.
    for (int i = 0; i < k; ++i) {
        for (int j = 0; j < i; ++j) {
            const double p = dot(planted[i], planted[j]);
            for (int t = 0; t < d; ++t) planted[i][t] -= static_cast<float>(p * planted[j][t]);
        }
        const double len = std::sqrt(dot(planted[i], planted[i]));
        for (float& x : planted[i]) x = static_cast<float>(x / len);
    }
    const float strength[k] = {5.0f, 3.0f, 2.0f};
    const Matrix mix = gaussian(k, f, 4, 1.0f / std::sqrt(static_cast<float>(f)));
    Matrix x = gaussian(n, f, 5, 0.01f);
    for (int r = 0; r < n; ++r) {
        for (int i = 0; i < k; ++i) {
            Latent row(z.values.begin() + r * d, z.values.begin() + (r + 1) * d);
            const float coord = strength[i] * static_cast<float>(dot(row, planted[i]));
            for (int c = 0; c < f; ++c)
                x.at(r, c) += coord * mix.at(i, c) * std::sqrt(static_cast<float>(f));
        }
    }
    auto basis = latent::edit::principalDirections(x, z, k);
    ASSERT_TRUE(basis.ok()) << basis.error();
    ASSERT_EQ(basis->vectors.size(), 3u);
    for (int i = 0; i < k; ++i) {
        EXPECT_GE(std::abs(cosine(basis->vectors[i], planted[i])), 0.95) << "component " << i;
        EXPECT_NEAR(std::sqrt(dot(basis->vectors[i], basis->vectors[i])), 1.0, 1e-5);
        EXPECT_NEAR(basis->sigmas[i], 1.0, 0.1);  // z ~ N(0, I): unit spread along any direction
    }
    EXPECT_GT(basis->variances[0], basis->variances[1]);
    EXPECT_GT(basis->variances[1], basis->variances[2]);
}

TEST(DirectionsMath, PcaOfLatentsThemselvesGivesEigenvectorsAndTheirSpread) {
    Matrix w = gaussian(800, 5, 6);
    for (int r = 0; r < 800; ++r) w.at(r, 2) *= 4.0f;  // axis 2 has std 4
    auto basis = latent::edit::principalDirections(w, w, 1);
    ASSERT_TRUE(basis.ok()) << basis.error();
    EXPECT_GE(std::abs(basis->vectors[0][2]), 0.99);
    EXPECT_NEAR(basis->sigmas[0], 4.0, 0.4);
}

TEST(DirectionsMath, AttributeDirectionRecoversPlantedNormal) {
    const int d = 16;
    const Latent normal = unit(d, 20);
    std::vector<Latent> with, without;
    for (int i = 0; i < 600; ++i) {
        Latent z = latent::latent::sampleLatent(1000 + i, d);
        (dot(z, normal) + 0.2 > 0 ? with : without).push_back(z);
    }
    auto direction = latent::edit::attributeDirection("planted", with, without);
    ASSERT_TRUE(direction.ok()) << direction.error();
    EXPECT_GE(cosine(direction->vector, normal), 0.95);  // and pointing toward "with"
    EXPECT_EQ(direction->method, "attribute");
    EXPECT_EQ(direction->name, "planted");
    EXPECT_FLOAT_EQ(direction->sigma, 1.0f);
}

TEST(DirectionsMath, AttributeNeedsTenOfEachAndSaysHowManyMore) {
    std::vector<Latent> with, without;
    for (int i = 0; i < 7; ++i) with.push_back(latent::latent::sampleLatent(i, 8));
    for (int i = 0; i < 12; ++i) without.push_back(latent::latent::sampleLatent(100 + i, 8));
    auto r = latent::edit::attributeDirection("smile", with, without);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("3 more with the attribute"), std::string::npos) << r.error();
    // The same latents on both sides cannot be separated.
    auto same = latent::edit::attributeDirection("smile", without, without);
    ASSERT_FALSE(same.ok());
    EXPECT_NE(same.error().find("cannot be told apart"), std::string::npos) << same.error();
}

TEST(DirectionsMath, ProjectOutMakesDirectionsOrthogonal) {
    Direction a{"a", "attribute", Space::Z, unit(10, 30)};
    Direction b{"b", "attribute", Space::Z, unit(10, 31)};
    Direction c{"c", "attribute", Space::Z, unit(10, 32)};
    auto r = latent::edit::projectOut(a, {b, c});
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_NEAR(dot(r->vector, b.vector), 0.0, 1e-5);
    EXPECT_NEAR(dot(r->vector, c.vector), 0.0, 1e-5);
    EXPECT_NEAR(std::sqrt(dot(r->vector, r->vector)), 1.0, 1e-5);
    EXPECT_GT(cosine(r->vector, a.vector), 0.0);
    EXPECT_EQ(r->name, "a");
    // A direction in the span of the fixed ones has nothing left.
    Direction inSpan = b;
    inSpan.name = "b again";
    auto degenerate = latent::edit::projectOut(inSpan, {b, c});
    ASSERT_FALSE(degenerate.ok());
    EXPECT_NE(degenerate.error().find("'b'"), std::string::npos) << degenerate.error();
}

TEST(DirectionsFile, RoundTripKeepsEveryField) {
    DirectionSet set{"Model", "abc123", 3, 0, {}};
    set.directions.push_back({"PCA 1", "pca", Space::Z, {0.6f, 0.8f, 0.0f}, 2.5f});
    Direction morph;
    morph.name = "Shirt → Coat";
    morph.method = "class-morph";
    morph.classFrom = 6;
    morph.classTo = 4;
    set.directions.push_back(morph);
    latent::test::TempDir dir;
    ASSERT_TRUE(latent::edit::saveDirections(dir.file("d.json"), set).ok());
    auto back = latent::edit::loadDirections(dir.file("d.json"));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(back->modelName, "Model");
    EXPECT_EQ(back->modelHash, "abc123");
    ASSERT_EQ(back->directions.size(), 2u);
    EXPECT_EQ(back->directions[0].vector, set.directions[0].vector);
    EXPECT_EQ(back->directions[0].sigma, 2.5f);
    EXPECT_EQ(back->directions[1].name, "Shirt → Coat");
    EXPECT_EQ(back->directions[1].classFrom, 6);
    EXPECT_EQ(back->directions[1].classTo, 4);
    EXPECT_FALSE(latent::edit::saveDirections(dir.file("d.json"), set, /*force=*/false).ok());
    EXPECT_EQ(latent::edit::findDirection(*back, "1"), 1);
    EXPECT_EQ(latent::edit::findDirection(*back, "PCA 1"), 0);
    EXPECT_EQ(latent::edit::findDirection(*back, "7"), -1);
    EXPECT_EQ(latent::edit::findDirection(*back, "nope"), -1);
}

TEST(DirectionsFile, BadFilesSayWhatIsWrong) {
    latent::test::TempDir dir;
    auto load = [&](const std::string& text) {
        std::ofstream(dir.file("bad.json")) << text;
        auto r = latent::edit::loadDirections(dir.file("bad.json"));
        return r.ok() ? std::string("(loaded)") : r.error();
    };
    const std::string head =
        R"({"format": "latent-studio-directions", "version": 1, "latent_size": 2, )";
    EXPECT_NE(load("not json at all").find("not valid JSON"), std::string::npos);
    EXPECT_NE(load(R"({"a": 1})").find("not a Latent Studio direction file"), std::string::npos);
    EXPECT_NE(load(R"({"format": "latent-studio-directions", "version": 9})").find("version 9"),
              std::string::npos);
    const std::string wrongSize =
        load(head + R"("directions": [{"name": "x", "vector": [1, 0, 0]}]})");
    EXPECT_NE(wrongSize.find("vector of 'x' has 3 values"), std::string::npos) << wrongSize;
    const std::string nan = load(head + R"("directions": [{"name": "x", "vector": [1, null]}]})");
    EXPECT_NE(nan.find("not a number"), std::string::npos) << nan;
    EXPECT_NE(load(head + R"("directions": [{"vector": [1, 0]}]})").find("no name"),
              std::string::npos);
    EXPECT_EQ(load("").find(dir.file("bad.json")), 0u);  // errors start with the path
}

TEST(DirectionsFile, CheckSaysWhenMadeForAnotherModel) {
    latent::model::ModelInfo info;
    info.name = "Mine";
    info.latentSize = 2;
    info.contentHash = "hash-a";
    DirectionSet set{"Theirs", "hash-b", 2, 0, {{"d", "pca", Space::Z, {1.0f, 0.0f}}}};
    auto c = latent::edit::checkDirections(set, info);
    EXPECT_FALSE(c.sameModel);
    EXPECT_TRUE(c.usable);
    EXPECT_NE(c.message.find("can be used"), std::string::npos) << c.message;
    set.directions[0].vector = {1.0f, 0.0f, 0.0f};
    c = latent::edit::checkDirections(set, info);
    EXPECT_FALSE(c.usable);
    EXPECT_NE(c.message.find("unusable"), std::string::npos) << c.message;
    set.modelHash = "hash-a";
    set.directions[0].vector = {1.0f, 0.0f};
    c = latent::edit::checkDirections(set, info);
    EXPECT_TRUE(c.sameModel && c.usable && c.message.empty());
}

TEST(DirectionsFile, CacheBesideTheModelIsReadBackOnlyForThatModel) {
    latent::test::TempDir dir;
    latent::model::ModelInfo info;
    info.name = "Cached";
    info.latentSize = 2;
    info.path = dir.file("m.ltm");
    info.contentHash = "h1";
    EXPECT_EQ(latent::edit::directionCachePath(info, "pca"), dir.file("m.ltm.pca.json"));
    EXPECT_FALSE(latent::edit::loadCachedDirections(info, "pca").has_value());
    DirectionSet set = latent::edit::directionSetFor(info);
    set.directions.push_back({"PCA 1", "pca", Space::Z, {0.0f, 1.0f}});
    ASSERT_TRUE(latent::edit::saveCachedDirections(set, info, "pca").ok());
    auto cached = latent::edit::loadCachedDirections(info, "pca");
    ASSERT_TRUE(cached.has_value());
    EXPECT_EQ(cached->directions[0].vector, set.directions[0].vector);
    info.contentHash = "h2";  // the model file changed: the cache is stale
    EXPECT_FALSE(latent::edit::loadCachedDirections(info, "pca").has_value());
}

TEST(DirectionsModel, SefaOnTheDefaultModelMovesTheImage) {
    auto g = defaultModel();
    ASSERT_TRUE(g);
    auto sefa = latent::edit::sefaDirections(*g, 5);
    ASSERT_TRUE(sefa.ok()) << sefa.error();
    EXPECT_EQ(sefa->weightName, "net.0.weight");
    EXPECT_EQ(sefa->warning, "");
    const latent::edit::DirectionSet* set = &sefa->set;
    ASSERT_EQ(set->directions.size(), 5u);
    EXPECT_EQ(set->directions[0].name, "SeFa 1");
    EXPECT_EQ(set->modelHash, g->info().contentHash);
    EXPECT_EQ(set->directions[0].vector.size(), 100u);
    // The top direction changes the image far more than a small step, and than a late direction.
    const double top = imageChange(*g, set->directions[0], 3.0f);
    EXPECT_GT(top, 0.05);
    EXPECT_GT(top, 3 * imageChange(*g, set->directions[0], 0.1f));
}

TEST(DirectionsModel, PcaOnTheDefaultModelMovesTheImageAndCanBeCancelled) {
    auto g = defaultModel();
    ASSERT_TRUE(g);
    latent::edit::PcaOptions options;
    options.samples = 1024;
    options.count = 4;
    std::vector<float> fractions;
    auto set = latent::edit::pcaDirections(*g, options, [&](float f) { fractions.push_back(f); });
    ASSERT_TRUE(set.ok()) << set.error();
    ASSERT_EQ(set->directions.size(), 4u);
    EXPECT_EQ(set->directions[2].name, "PCA 3");
    ASSERT_FALSE(fractions.empty());
    EXPECT_FLOAT_EQ(fractions.back(), 1.0f);
    EXPECT_GT(imageChange(*g, set->directions[0], 3.0f), 0.05);
    // Same options, same directions.
    auto again = latent::edit::pcaDirections(*g, options);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->directions[0].vector, set->directions[0].vector);

    std::atomic<bool> cancel{true};
    auto cancelled = latent::edit::pcaDirections(*g, options, {}, &cancel);
    ASSERT_FALSE(cancelled.ok());
    EXPECT_EQ(cancelled.error(), "cancelled");
}

TEST(DirectionsModel, ClassMorphBlendsTheEmbeddingBetweenTwoClasses) {
    auto g = defaultModel();
    ASSERT_TRUE(g);
    auto morph = latent::edit::classMorphDirection(g->info(), 0, 9);
    ASSERT_TRUE(morph.ok()) << morph.error();
    EXPECT_EQ(morph->name, "T-shirt/top → Ankle boot");
    EXPECT_FALSE(latent::edit::classMorphDirection(g->info(), 0, 10).ok());
    c10::InferenceMode guard;
    const torch::Tensor table = g->classEmbeddings();
    ASSERT_EQ(table.size(0), 10);
    const torch::Tensor z = torch::tensor(latent::latent::sampleLatent(5, 100)).unsqueeze(0);
    const auto at = [&](float t) {
        return g->generateWithEmbedding(z, ((1 - t) * table[0] + t * table[9]).unsqueeze(0));
    };
    EXPECT_TRUE(
        torch::allclose(at(0.0f), g->generate(z, torch::tensor({0}, torch::kLong)), 1e-5, 1e-5));
    EXPECT_TRUE(
        torch::allclose(at(1.0f), g->generate(z, torch::tensor({9}, torch::kLong)), 1e-5, 1e-5));
    EXPECT_GT((at(0.5f) - at(0.0f)).abs().mean().item<double>(), 0.01);
}

namespace {
std::shared_ptr<const latent::model::Generator> fixtureModel(const std::string& name) {
    auto loaded = latent::model::loadModel(std::string(LATENT_FIXTURE_DIR) + "/" + name,
                                           {latent::model::DeviceKind::Cpu});
    EXPECT_TRUE(loaded.ok()) << loaded.error();
    return loaded.ok() ? loaded->generator : nullptr;
}
}  // namespace

TEST(DirectionsTorchScript, SefaAndPcaWorkInZAndInW) {
    // good_uncond.pt: one Linear on z (found as the first 2-D parameter with latent-size columns);
    // no features() method, so PCA falls back to pooled output images.
    auto plain = fixtureModel("good_uncond.pt");
    ASSERT_TRUE(plain);
    auto sefa = latent::edit::sefaDirections(*plain, 3);
    ASSERT_TRUE(sefa.ok()) << sefa.error();
    EXPECT_EQ(sefa->set.directions[0].space, Space::Z);
    latent::edit::PcaOptions options;
    options.samples = 256;
    options.count = 3;
    auto pca = latent::edit::pcaDirections(*plain, options);
    ASSERT_TRUE(pca.ok()) << pca.error();
    EXPECT_EQ(pca->directions.size(), 3u);

    // good_style.pt: directions live in W, with the spread of w along them as sigma.
    auto style = fixtureModel("good_style.pt");
    ASSERT_TRUE(style);
    const int w = style->info().wSize;
    auto styleSefa = latent::edit::sefaDirections(*style, 2);
    ASSERT_TRUE(styleSefa.ok()) << styleSefa.error();
    EXPECT_EQ(styleSefa->set.directions[0].space, Space::W);
    EXPECT_EQ(static_cast<int>(styleSefa->set.directions[0].vector.size()), w);
    EXPECT_GT(styleSefa->set.directions[0].sigma, 0.0f);
    EXPECT_EQ(styleSefa->set.wSize, w);
    auto stylePca = latent::edit::pcaDirections(*style, options);
    ASSERT_TRUE(stylePca.ok()) << stylePca.error();
    EXPECT_EQ(stylePca->directions[0].space, Space::W);
    EXPECT_GE(stylePca->directions[0].sigma, stylePca->directions[1].sigma);
}

TEST(DirectionsTorchScript, SefaSaysWhatTheModelLacks) {
    // good_cond.pt's Linear takes z and the class embedding together: no matrix acts on z alone.
    auto cond = fixtureModel("good_cond.pt");
    ASSERT_TRUE(cond);
    auto r = latent::edit::sefaDirections(*cond);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("exposes no first-layer weight"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("sefa_weight"), std::string::npos) << r.error();
}

TEST(DirectionsModel, DcganFeaturesAndSefaMatrixMatchTheFirstLayer) {
    latent::model::DcganConfig config;
    config.resolution = 32;
    config.baseWidth = 8;
    config.latentSize = 12;
    config.channels = 1;
    config.classNames = {"a", "b", "c"};
    latent::model::DcganGenerator g(config);
    g->resetParameters(4);
    g->eval();
    torch::NoGradGuard noGrad;
    auto modules = g->named_modules();
    auto* conv = modules["net.0"]->as<torch::nn::ConvTranspose2dImpl>();
    auto* bn = modules["net.1"]->as<latent::model::SyncBatchNorm2dImpl>();
    auto* embed = modules["embed"]->as<torch::nn::EmbeddingImpl>();
    bn->running_mean.normal_(0.0, 0.1);
    const torch::Tensor z = torch::randn({5, 12});
    const torch::Tensor c = torch::tensor({0, 1, 2, 0, 1}, torch::kLong);
    const torch::Tensor in = torch::cat({z, embed->forward(c)}, 1).view({5, -1, 1, 1});
    const torch::Tensor reference = torch::relu(bn->forward(conv->forward(in))).flatten(1);
    EXPECT_TRUE(torch::allclose(g->firstBlock(z, c), reference, 1e-5, 1e-5));
    // SeFa's matrix A is the first layer's linear map of z: conv(z, embedding 0) = A z.
    const torch::Tensor a = g->latentWeight();
    ASSERT_EQ(a.size(1), 12);
    const torch::Tensor zeroEmbedding =
        torch::cat({z, torch::zeros({5, 3})}, 1).view({5, -1, 1, 1});
    EXPECT_TRUE(torch::allclose(conv->forward(zeroEmbedding).flatten(1), z.mm(a.t()), 1e-5, 1e-5));
}

TEST(DirectionsRecipe, EditsTravelWholeAndOlderRecipesStillRead) {
    latent::export_::Recipe r;
    r.modelName = "M";
    r.modelHash = "h";
    r.latent = {0.1f, 0.2f};
    r.edits.push_back({Direction{"PCA 1", "pca", Space::Z, {0.6f, 0.8f}, 1.5f}, 2.0f});
    auto back = latent::export_::recipeFromJson(latent::export_::recipeToJson(r));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_TRUE(*back == r);
    EXPECT_EQ(back->edits[0].direction.vector, r.edits[0].direction.vector);

    auto old = latent::export_::recipeFromJson(
        R"({"version": 1, "model": "M", "model_hash": "h", "seed": 3, "latent": [0.5, 0.25],
            "class": -1, "truncation": 1, "edits": [], "upscale": {"factor": 1, "smooth": false}})");
    ASSERT_TRUE(old.ok()) << old.error();
    EXPECT_TRUE(old->edits.empty());

    // An edit that does not fit the model makes the recipe unusable, and says why.
    latent::model::ModelInfo info;
    info.name = "Three";
    info.latentSize = 2;
    info.contentHash = "h";
    EXPECT_TRUE(latent::export_::checkRecipe(r, info).usable);
    r.edits[0].direction.vector = {1.0f, 0.0f, 0.0f};
    const auto check = latent::export_::checkRecipe(r, info);
    EXPECT_FALSE(check.usable);
    EXPECT_NE(check.message.find("'PCA 1' has 3 values"), std::string::npos) << check.message;
}
