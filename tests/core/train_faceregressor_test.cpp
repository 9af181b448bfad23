#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>

#include "core/train/classifier.h"
#include "core/train/faceattributes.h"
#include "core/train/faceregressor.h"
#include "core/train/faces.h"
#include "tests/core/face_testutil.h"
#include "tests/core/testutil.h"

namespace {

using namespace latent;

// The error of always answering the middle of each range: what a regressor that learned nothing
// scores on the held-out faces (categories: the fraction that is not the middle value).
std::vector<double> middleGuessError(std::size_t count) {
    const auto faces = train::faceAttributesRange(0, count, train::kFaceRegressorTestSeed);
    const auto& ranges = train::faceAttributeRanges();
    std::vector<double> error(ranges.size(), 0.0);
    for (const auto& face : faces) {
        const auto v = train::faceAttributesToVector(face);
        for (std::size_t i = 0; i < v.size(); ++i) {
            const double middle = 0.5 * (ranges[i].min + ranges[i].max);
            error[i] += train::faceAttributeCategories(i).empty()
                            ? std::abs(v[i] - middle)
                            : (std::round(v[i]) != std::round(middle) ? 1.0 : 0.0);
        }
    }
    for (double& e : error) e /= static_cast<double>(faces.size());
    return error;
}

}  // namespace

TEST(FaceRegressor, LearnsTheAttributesAndRoundTripsThroughItsFile) {
    train::FaceRegressorTrainOptions options;
    options.steps = 120;
    options.batch = 16;
    options.testCount = 300;
    auto trained = train::trainFaceRegressor(options);
    ASSERT_TRUE(trained.ok()) << trained.error();
    const auto& names = train::faceAttributeNames();
    ASSERT_EQ(trained->meanAbsoluteError.size(), names.size());
    const std::vector<double> guess = middleGuessError(300);
    double ratio = 0;
    for (std::size_t i = 0; i < names.size(); ++i) ratio += trained->meanAbsoluteError[i] / guess[i];
    ratio /= static_cast<double>(names.size());
    // After 120 small steps it already reads the attributes better than a guess, and skin, a
    // large area, far better. (The shipped one trains for thousands of steps.)
    EXPECT_LT(ratio, 0.9);
    const std::size_t skin = test::faceAttributeIndex("skin_tone");
    EXPECT_LT(trained->meanAbsoluteError[skin], 0.6 * guess[skin]);

    test::TempDir dir;
    const std::string path = dir.file("regressor.ltm");
    ASSERT_TRUE(train::writeFaceRegressor(path, trained->model, {{"command", "test"}}).ok());
    auto read = train::readFaceRegressor(path);
    ASSERT_TRUE(read.ok()) << read.error();
    const torch::Tensor faces = train::renderFaces(train::faceAttributesRange(0, 4, 7), 64);
    const torch::Tensor a = train::predictFaceAttributes(trained->model, faces);
    const torch::Tensor b = train::predictFaceAttributes(*read, faces);
    EXPECT_TRUE(torch::equal(a, b));
    EXPECT_EQ(a.sizes(), (std::vector<std::int64_t>{4, 18}));
    // Other sizes are resized to 64 first; the answers stay within each range.
    const torch::Tensor big = train::predictFaceAttributes(*read, train::renderFaces(
        train::faceAttributesRange(0, 4, 7), 128));
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& r = train::faceAttributeRanges()[i];
        EXPECT_GE(big.select(1, static_cast<std::int64_t>(i)).min().item<float>(), r.min);
        EXPECT_LE(big.select(1, static_cast<std::int64_t>(i)).max().item<float>(), r.max);
    }
}

TEST(FaceRegressor, HuesAreComparedTheShortWayRoundAndCategoriesByValue) {
    std::vector<float> a(18, 0.0f), b(18, 0.0f);
    const auto at = [](const char* name) { return test::faceAttributeIndex(name); };
    a[at("background_hue")] = 0.98f;
    b[at("background_hue")] = 0.02f;
    a[at("shirt_hue")] = 0.2f;
    b[at("shirt_hue")] = 0.5f;
    a[at("hair_color")] = 4;  // blond
    b[at("hair_color")] = 5;  // grey: another colour, not "1 away"
    a[at("hair_style")] = 2;
    b[at("hair_style")] = 2;
    a[at("head_tilt")] = -10;
    b[at("head_tilt")] = 5;
    const torch::Tensor d = train::faceAttributeDistance(torch::tensor(a).view({1, 18}),
                                                         torch::tensor(b).view({1, 18}))[0];
    EXPECT_NEAR(d[static_cast<std::int64_t>(at("background_hue"))].item<float>(), 0.04f, 1e-5);
    EXPECT_NEAR(d[static_cast<std::int64_t>(at("shirt_hue"))].item<float>(), 0.3f, 1e-5);
    EXPECT_EQ(d[static_cast<std::int64_t>(at("hair_color"))].item<float>(), 1.0f);
    EXPECT_EQ(d[static_cast<std::int64_t>(at("hair_style"))].item<float>(), 0.0f);
    EXPECT_NEAR(d[static_cast<std::int64_t>(at("head_tilt"))].item<float>(), 15.0f, 1e-4);
}

// The shipped regressor against a guess of each range's middle, on 500 held-out faces: what is
// large on a 64-px face (colours, hair, glasses, beard, an open mouth) it reads almost exactly;
// the fine geometry (face width, eye size, smile curvature, tilt: a pixel or two) only partly;
// the brows' angle not at all (docs/default-model.md has the table).
TEST(FaceRegressor, TheShippedOneReadsFacesWell) {
    const std::string path = train::findFaceRegressor();
    ASSERT_FALSE(path.empty()) << "resources/models/face-regressor.ltm is missing";
    auto model = train::readFaceRegressor(path);
    ASSERT_TRUE(model.ok()) << model.error();
    const std::vector<double> error = train::faceRegressorError(*model, 500);
    const std::vector<double> guess = middleGuessError(500);
    const auto& names = train::faceAttributeNames();
    const std::vector<std::string> clear = {"skin_tone", "hair_style", "hair_color", "eye_color",
                                            "mouth_open", "glasses", "beard", "background_hue",
                                            "shirt_hue"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        const double ratio = error[i] / guess[i];
        std::cout << "[ figures  ] " << names[i] << ": error " << error[i] << ", guess " << guess[i]
                  << ", ratio " << ratio << "\n";
        if (std::find(clear.begin(), clear.end(), names[i]) != clear.end()) {
            EXPECT_LT(ratio, 0.2) << names[i];
        } else if (names[i] != "brow_angle") {
            EXPECT_LT(ratio, 0.95) << names[i];
        }
    }
}

TEST(FaceRegressor, OtherFilesAreRefusedInOneLine) {
    test::TempDir dir;
    const std::string junk = dir.file("junk.ltm");
    std::ofstream(junk) << "not a model";
    auto bad = train::readFaceRegressor(junk);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().find('\n'), std::string::npos);
    EXPECT_NE(bad.error().find("junk.ltm"), std::string::npos) << bad.error();
    // A model file of another kind says what it is not.
    const std::string classifier = train::findClassifier();
    ASSERT_FALSE(classifier.empty());
    auto wrong = train::readFaceRegressor(classifier);
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().find("not a face regressor"), std::string::npos) << wrong.error();
}
