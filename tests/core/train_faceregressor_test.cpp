#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/train/classifier.h"
#include "core/train/faceattributes.h"
#include "core/train/faceregressor.h"
#include "core/train/faces.h"
#include "tests/core/testutil.h"

namespace {

using namespace latent;

// The error of always answering the middle of each range: what a regressor that learned nothing
// scores on the held-out faces.
std::vector<double> middleGuessError(std::size_t count) {
    const auto faces = train::faceAttributesRange(0, count, train::kFaceRegressorTestSeed);
    const auto& ranges = train::faceAttributeRanges();
    std::vector<double> error(ranges.size(), 0.0);
    for (const auto& face : faces) {
        const auto v = train::faceAttributesToVector(face);
        for (std::size_t i = 0; i < v.size(); ++i)
            error[i] += std::abs(v[i] - 0.5 * (ranges[i].min + ranges[i].max));
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
    const auto skin = static_cast<std::size_t>(
        std::find(names.begin(), names.end(), "skin_tone") - names.begin());
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
