#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iostream>

#include "core/edit/edit.h"
#include "core/model/generator.h"
#include "core/model/loader.h"
#include "core/train/faceattributes.h"
#include "core/train/facedirections.h"
#include "core/train/faceregressor.h"
#include "core/train/faces.h"
#include "tests/core/face_testutil.h"
#include "tests/core/testutil.h"

namespace {

using namespace latent;

constexpr int kSkin = 2;  // skin_tone in faceAttributeNames()
constexpr int kGlasses = 13;
constexpr int kHairColor = 4;

// A "generator" with two known directions: z[kSkin] sets the skin tone and z[kGlasses] the glasses
// (through logistic curves), and every other attribute is that of a procedural face whose number is
// taken from z[0]'s bits, so the faces look like the population the regressor learned from and
// stay put while z[kSkin] or z[kGlasses] moves. Drawn by the procedural renderer.
class FaceOracle final : public model::Generator {
public:
    explicit FaceOracle(bool noise = false) : m_noise(noise) {
        m_info.name = noise ? "noise" : "face oracle";
        m_info.channels = 3;
        m_info.resolution = 64;
        m_info.latentSize = 18;
    }
    const model::ModelInfo& info() const override { return m_info; }
    torch::Device device() const override { return torch::kCPU; }
    torch::Tensor generate(const torch::Tensor& z, const torch::Tensor&, float) const override {
        if (m_noise) return torch::tanh(z.sum(1).view({-1, 1, 1, 1}).expand({z.size(0), 3, 64, 64}));
        const torch::Tensor rows = z.to(torch::kFloat32).contiguous();
        std::vector<train::FaceAttributes> faces;
        for (std::int64_t n = 0; n < rows.size(0); ++n) {
            const float* v = rows[n].data_ptr<float>();
            std::uint32_t bits = 0;
            std::memcpy(&bits, &v[0], sizeof bits);
            train::FaceAttributes face = train::faceAttributes(bits, 7);
            face.skinTone = 1.0f / (1.0f + std::exp(-2.0f * v[kSkin]));
            face.glasses = 1.0f / (1.0f + std::exp(-4.0f * v[kGlasses]));
            faces.push_back(face);
        }
        return train::renderFaces(faces, 64);
    }

private:
    model::ModelInfo m_info;
    bool m_noise;
};

std::string regressorPath() {
    const std::string path = train::findFaceRegressor();
    EXPECT_FALSE(path.empty()) << "resources/models/face-regressor.ltm is missing";
    return path;
}

}  // namespace

TEST(FaceDirections, TheTargetsAreTheContinuousAttributesAndEveryCategory) {
    const auto targets = train::faceLabelTargets();
    // 13 continuous attributes (not the hues), 6 hair styles, 10 hair colours, 6 eye colours.
    EXPECT_EQ(targets.size(), 13u + 6u + 10u + 6u);
    EXPECT_EQ(train::FaceLabelTarget({11, -1}).label(), "mouth smile");
    EXPECT_EQ(train::FaceLabelTarget({kHairColor, 4}).label(), "hair color: blond");
    EXPECT_EQ(train::faceLabelTargetNamed("hair color: blond").category, 4);
    EXPECT_EQ(train::faceLabelTargetNamed("smile, my own").attribute, -1);
    for (const auto& t : targets) EXPECT_NE(train::faceAttributeNames()[t.attribute], "shirt_hue");
}

TEST(FaceDirections, AutomaticLabelsFindEachAttributesOwnAxis) {
    const FaceOracle oracle;
    train::FaceLabelOptions options;
    options.count = 400;
    auto labelled = train::labelFaces(oracle, regressorPath(), options);
    ASSERT_TRUE(labelled.ok()) << labelled.error();
    ASSERT_EQ(labelled->z.size(), 400u);
    EXPECT_TRUE(labelled->w.empty());  // not style-based: the fit is in Z
    // The regressor reads the skin the oracle drew: high z[kSkin], dark skin.
    double agree = 0;
    for (std::size_t i = 0; i < labelled->z.size(); ++i) {
        const bool high = labelled->z[i][kSkin] > 0;
        const bool dark = labelled->attributes[i][kSkin] > 0.5f;
        agree += high == dark ? 1 : 0;
    }
    EXPECT_GT(agree / 400.0, 0.85);

    for (const int attribute : {kSkin, kGlasses}) {
        auto d = train::fitFaceDirection(*labelled, {attribute, -1});
        ASSERT_TRUE(d.ok()) << d.error();
        EXPECT_EQ(d->space, edit::Space::Z);
        EXPECT_EQ(d->method, "attribute");
        // Unit length, pointing mostly along the attribute's own axis, toward more of it.
        EXPECT_GT(d->vector[static_cast<std::size_t>(attribute)], 0.7f)
            << train::faceAttributeNames()[attribute];
    }
    auto named = train::fitFaceDirection(*labelled, {kSkin, -1}, "cheer");
    ASSERT_TRUE(named.ok());
    EXPECT_EQ(named->name, "cheer");
    auto bad = train::fitFaceDirection(*labelled, {99, -1});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("99"), std::string::npos) << bad.error();
}

TEST(FaceDirections, EffectsNameTheAttributeADirectionMovesAndHowPurely) {
    const FaceOracle oracle;
    edit::Direction skin;
    skin.name = "skin tone";
    skin.method = "attribute";
    skin.vector.assign(18, 0.0f);
    skin.vector[kSkin] = 1.0f;
    edit::Direction mixed = skin;  // half skin, half glasses, named for nothing
    mixed.name = "PCA 1";
    mixed.method = "pca";
    mixed.vector[kSkin] = std::sqrt(0.5f);
    mixed.vector[kGlasses] = std::sqrt(0.5f);
    train::EffectOptions options;
    options.count = 60;
    auto effects = train::measureDirectionEffects(oracle, regressorPath(), {skin, mixed}, options);
    ASSERT_TRUE(effects.ok()) << effects.error();
    ASSERT_EQ(effects->size(), 2u);
    const auto& a = (*effects)[0];
    EXPECT_EQ(a.target, kSkin);
    EXPECT_GT(a.change[kSkin], 0.3);  // population std-devs per slider unit
    EXPECT_GT(a.purity, 0.5);
    const auto& b = (*effects)[1];
    // Unnamed: its target is the attribute that moves most, one of the two it mixes.
    EXPECT_TRUE(b.target == kSkin || b.target == kGlasses) << b.target;
    EXPECT_GT(b.change[kGlasses], 0.2);
    EXPECT_LT(b.purity, a.purity);

    // A direction of another size names itself.
    edit::Direction wrong = skin;
    wrong.vector.assign(5, 0.2f);
    auto refused = train::measureDirectionEffects(oracle, regressorPath(), {wrong}, options);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("skin tone"), std::string::npos) << refused.error();
}

TEST(FaceDirections, QualityTellsRealFacesFromNoise) {
    const FaceOracle faces;
    const FaceOracle noise(/*noise=*/true);
    auto good = train::measureFaceQuality(faces, regressorPath(), 100, 3);
    auto bad = train::measureFaceQuality(noise, regressorPath(), 100, 3);
    ASSERT_TRUE(good.ok()) << good.error();
    ASSERT_TRUE(bad.ok()) << bad.error();
    std::cout << "[ figures  ] FD oracle faces " << good->frechet << ", noise " << bad->frechet
              << ", real floor " << good->frechetFloor << " (100 each)\n";
    EXPECT_GT(good->frechetFloor, 0.0);
    EXPECT_GT(bad->frechet, 10.0 * good->frechet);
    EXPECT_EQ(good->sampleMeans.size(), 18u);
    // A grey model is refused in words.
    class Grey final : public model::Generator {
    public:
        Grey() {
            m_info.name = "Grey thing";
            m_info.channels = 1;
            m_info.resolution = 32;
            m_info.latentSize = 4;
        }
        const model::ModelInfo& info() const override { return m_info; }
        torch::Device device() const override { return torch::kCPU; }
        torch::Tensor generate(const torch::Tensor& z, const torch::Tensor&, float) const override {
            return torch::zeros({z.size(0), 1, 32, 32});
        }
        model::ModelInfo m_info;
    } grey;
    auto refused = train::measureFaceQuality(grey, regressorPath(), 20, 0);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("Grey thing draws grey images"), std::string::npos)
        << refused.error();
}

// The face model the app ships (File > Open Example): it opens, is the style-based 64-px colour
// model the docs describe, samples distinct faces, and the regressor sees faces in them (its
// Fréchet distance to real faces is a small fraction of that of plain noise: 0.22 for the step-6 359
// snapshot, 0.4 for the blurred step-1 754 one) that smile and open their mouths about as often as
// real faces do (the first snapshot drew neither).
TEST(FaceDirections, TheShippedFaceModelOpensAndSamplesFaces) {
    const std::string path = std::string(LATENT_SOURCE_DIR) + "/resources/models/faces.ltm";
    auto loaded = model::loadModel(path, {});
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const model::ModelInfo& info = loaded->info;
    EXPECT_TRUE(info.styleBased());
    EXPECT_EQ(info.channels, 3);
    EXPECT_EQ(info.resolution, 64);
    EXPECT_GT(info.numWs, 1);
    torch::InferenceMode inference;
    const torch::Tensor z = torch::randn({4, info.latentSize},
                                         torch::TensorOptions().dtype(torch::kFloat32));
    const torch::Tensor images = loaded->generator->generate(z, {}, 1.0f);
    ASSERT_EQ(images.sizes(), (std::vector<std::int64_t>{4, 3, 64, 64}));
    EXPECT_TRUE(torch::isfinite(images).all().item<bool>());
    EXPECT_GT((images[0] - images[1]).abs().mean().item<float>(), 0.02f);

    const FaceOracle noise(/*noise=*/true);
    auto model = train::measureFaceQuality(*loaded->generator, regressorPath(), 100, 5);
    auto random = train::measureFaceQuality(noise, regressorPath(), 100, 5);
    ASSERT_TRUE(model.ok()) << model.error();
    ASSERT_TRUE(random.ok()) << random.error();
    std::cout << "[ figures  ] FD shipped face model " << model->frechet << ", noise "
              << random->frechet << ", real floor " << model->frechetFloor << " (100 each)\n";
    EXPECT_LT(model->frechet, 0.3 * random->frechet);
    const auto& names = train::faceAttributeNames();
    for (const char* attribute : {"mouth_smile", "mouth_open"}) {
        const std::size_t i = test::faceAttributeIndex(attribute);
        ASSERT_LT(i, names.size()) << attribute;
        std::cout << "[ figures  ] " << attribute << " as read: samples " << model->sampleMeans[i]
                  << ", real faces " << model->realMeans[i] << "\n";
        EXPECT_GT(model->sampleMeans[i], 0.5 * model->realMeans[i]) << attribute;
    }
}

// The two commands the docs show, as a user runs them: fit a direction per attribute, then measure
// the model and those directions.
TEST(FaceDirections, TheCliFitsEveryAttributeAndEvalMeasuresThem) {
    const std::string model = std::string(LATENT_SOURCE_DIR) + "/resources/models/faces.ltm";
    test::TempDir dir;
    const std::string dirs = dir.file("faces.attr.json");
    const auto fitted = test::runLatent("LATENT directions " + model +
                                        " --method attributes --samples 100 --threads 1 --out " +
                                        dirs);
    ASSERT_EQ(fitted.code, 0) << fitted.out;
    const std::string json = test::readAll(dirs);
    EXPECT_NE(json.find("\"mouth smile\""), std::string::npos);
    EXPECT_NE(json.find("\"glasses\""), std::string::npos);
    EXPECT_NE(json.find("\"space\": \"w\""), std::string::npos) << "fitted in W";
    EXPECT_NE(fitted.out.find("labels read by"), std::string::npos) << fitted.out;

    // Measured on three SeFa directions (every direction costs two renders of every sample).
    const std::string sefa = dir.file("faces.sefa.json");
    ASSERT_EQ(test::runLatent("LATENT directions " + model + " --method sefa --count 3 --out " +
                              sefa)
                  .code,
              0);
    const auto eval = test::runLatent("LATENT eval " + model + " --count 50 --directions " + sefa +
                                      " --effect-samples 10 --threads 1 --json");
    ASSERT_EQ(eval.code, 0) << eval.out;
    for (const char* key : {"\"fid_samples\"", "\"fid_real\"", "\"attribute_means\"",
                            "\"purity\"", "\"method\": \"sefa\"", "\"change_per_sigma\""})
        EXPECT_NE(eval.out.find(key), std::string::npos) << key << "\n" << eval.out;

    // Options of the other kind of model are refused before any work, in one line.
    const auto wrong = test::runLatent("LATENT eval " + model + " --classifier x.ltm");
    EXPECT_EQ(wrong.code, 2) << wrong.out;
    EXPECT_NE(wrong.out.find("--classifier is for Fashion-MNIST models"), std::string::npos)
        << wrong.out;
    const auto grey = test::runLatent("LATENT directions " + std::string(LATENT_SOURCE_DIR) +
                                      "/resources/models/default.ltm --method attributes --out " +
                                      dir.file("no.json"));
    EXPECT_EQ(grey.code, 1) << grey.out;
    EXPECT_NE(grey.out.find("draws grey images"), std::string::npos) << grey.out;
}
