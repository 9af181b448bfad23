// The procedural cartoon faces (core/train/faces.h): a population pinned by its hash, pictures
// that depend on nothing but their attributes, and attributes that change what they name.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/train/faces.h"

namespace {

using namespace latent;
using train::FaceAttributes;

// A plain, left-right symmetric face: short dark hair, open eyes, a small smile, upright.
FaceAttributes plainFace() {
    FaceAttributes f;
    f.hairStyle = 1;
    f.hairColor = 0;
    f.mouthSmile = 0.5f;
    f.backgroundHue = 0.15f;
    return f;
}

// One face as 3 x R x R.
torch::Tensor draw(const FaceAttributes& face, int resolution) {
    return train::renderFaces({face}, resolution)[0];
}

// The pixels two renders disagree on (by more than an 8-bit step), as an R x R bool mask.
torch::Tensor changed(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().amax(0) > 2.0 / 255;
}

struct Box {
    double top, bottom, left, right;  // fractions of the picture, edges of the changed pixels
    std::int64_t pixels;
};

Box boxOf(const torch::Tensor& mask) {
    const auto r = static_cast<double>(mask.size(0));
    const torch::Tensor at = mask.nonzero();
    Box box{};
    box.pixels = at.size(0);
    if (box.pixels == 0) return box;
    const torch::Tensor rows = at.select(1, 0), cols = at.select(1, 1);
    box.top = rows.min().item<std::int64_t>() / r;
    box.bottom = (rows.max().item<std::int64_t>() + 1) / r;
    box.left = cols.min().item<std::int64_t>() / r;
    box.right = (cols.max().item<std::int64_t>() + 1) / r;
    return box;
}

// Mean |image - its mirror image|: 0 for a left-right symmetric picture.
double asymmetry(const torch::Tensor& image) {
    return (image - image.flip({2})).abs().mean().item<double>();
}

}  // namespace

TEST(TrainFaces, AttributesAreAPureFunctionOfIndexAndSeed) {
    EXPECT_EQ(train::faceAttributes(7), train::faceAttributes(7));
    EXPECT_NE(train::faceAttributes(7), train::faceAttributes(8));
    EXPECT_NE(train::faceAttributes(7, 1), train::faceAttributes(7, 2));
    const auto range = train::faceAttributesRange(5, 3, 9);
    ASSERT_EQ(range.size(), 3u);
    EXPECT_EQ(range[1], train::faceAttributes(6, 9));
    // The population is pinned: these values come from the hash alone, on every machine, so a
    // labels.csv written anywhere describes the same faces.
    const FaceAttributes first = train::faceAttributes(0);
    EXPECT_EQ(first.hairStyle, 2.0f);
    EXPECT_EQ(first.hairColor, 6.0f);
    EXPECT_EQ(first.faceWidth, 0.546577573f);
    EXPECT_EQ(first.headTilt, -1.92141533f);
}

TEST(TrainFaces, ThePopulationIsVariedAndMostlyCheerful) {
    const auto faces = train::faceAttributesRange(0, 4000);
    const auto& ranges = train::faceAttributeRanges();
    int glasses = 0, beards = 0, smiles = 0, styles[6] = {}, colours[10] = {};
    for (const FaceAttributes& f : faces) {
        const std::vector<float> v = train::faceAttributesToVector(f);
        for (std::size_t i = 0; i < v.size(); ++i) {
            ASSERT_GE(v[i], ranges[i].min) << train::faceAttributeNames()[i];
            ASSERT_LE(v[i], ranges[i].max) << train::faceAttributeNames()[i];
        }
        glasses += f.glasses == 1;
        beards += f.beard > 0;
        smiles += f.mouthSmile > 0;
        ++styles[static_cast<int>(f.hairStyle)];
        ++colours[static_cast<int>(f.hairColor)];
    }
    EXPECT_NEAR(glasses / 4000.0, 0.25, 0.03);
    EXPECT_NEAR(beards / 4000.0, 0.2, 0.03);
    EXPECT_NEAR(smiles / 4000.0, 0.8, 0.03);
    for (int s : styles) EXPECT_GT(s, 4000 * 0.05);
    for (int c : colours) EXPECT_GT(c, 4000 * 0.02);
}

TEST(TrainFaces, AttributeVectorsRoundTripAndRefuseBadValues) {
    const FaceAttributes f = train::faceAttributes(3);
    const std::vector<float> v = train::faceAttributesToVector(f);
    ASSERT_EQ(v.size(), train::faceAttributeNames().size());
    EXPECT_EQ(train::faceAttributeNames().front(), "face_width");
    auto back = train::faceAttributesFromVector(v);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, f);

    EXPECT_EQ(train::faceAttributesFromVector({1, 2}).error(),
              "expected 18 face attribute values, got 2");
    std::vector<float> bad = v;
    bad[3] = 7;
    EXPECT_EQ(train::faceAttributesFromVector(bad).error(),
              "hair_style must be between 0 and 5, got 7");
    bad[3] = std::nanf("");
    EXPECT_FALSE(train::faceAttributesFromVector(bad).ok());
}

TEST(TrainFaces, TheSameIndexDrawsTheSameImageBitForBit) {
    const auto faces = train::faceAttributesRange(0, 6);
    const torch::Tensor a = train::renderFaces(faces, 32);
    ASSERT_EQ(a.sizes(), (std::vector<std::int64_t>{6, 3, 32, 32}));
    EXPECT_EQ(a.dtype(), torch::kFloat32);
    EXPECT_TRUE(torch::equal(a, train::renderFaces(faces, 32)));
    // A face does not depend on the rest of its batch.
    EXPECT_TRUE(torch::equal(a[4], draw(faces[4], 32)));
    for (int i = 1; i < 6; ++i)
        EXPECT_GT((a[i] - a[0]).abs().mean().item<double>(), 0.05) << "faces 0 and " << i;
}

TEST(TrainFaces, ValuesStayInRangeForAnyInput) {
    FaceAttributes wild;
    wild.faceWidth = 40;
    wild.hairStyle = -3;
    wild.eyeOpenness = std::nanf("");
    wild.headTilt = 1e9f;
    wild.mouthOpen = -std::numeric_limits<float>::infinity();
    for (int res : {16, 37, 64}) {
        const torch::Tensor img = train::renderFaces({wild, train::faceAttributes(1)}, res);
        EXPECT_TRUE(torch::isfinite(img).all().item<bool>()) << res;
        EXPECT_LE(img.max().item<float>(), 1.0f);
        EXPECT_GE(img.min().item<float>(), -1.0f);
    }
    EXPECT_THROW(train::renderFaces({wild}, 8), c10::Error);
    EXPECT_THROW(train::renderFaces({wild}, 513), c10::Error);
    EXPECT_EQ(train::renderFaces({}, 32).size(0), 0);
}

TEST(TrainFaces, EveryAttributeChangesThePicture) {
    const auto& names = train::faceAttributeNames();
    const auto& ranges = train::faceAttributeRanges();
    FaceAttributes base = plainFace();
    base.mouthOpen = 0.5f;  // so the smile moves the lips and the teeth
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::vector<float> low = train::faceAttributesToVector(base), high = low;
        low[i] = ranges[i].min;
        high[i] = ranges[i].max;
        if (names[i] == "background_hue" || names[i] == "shirt_hue") high[i] = 0.5f;  // hue 1 == 0
        const torch::Tensor a = draw(*train::faceAttributesFromVector(low), 32);
        const torch::Tensor b = draw(*train::faceAttributesFromVector(high), 32);
        EXPECT_GT(changed(a, b).sum().item<std::int64_t>(), 8) << names[i] << " changes nothing";
    }
}

TEST(TrainFaces, SmileMovesOnlyTheMouth) {
    constexpr int kRes = 128;
    FaceAttributes smile = plainFace(), frown = plainFace();
    smile.mouthSmile = 1;
    frown.mouthSmile = -1;
    const torch::Tensor a = draw(smile, kRes), b = draw(frown, kRes);
    const Box box = boxOf(changed(a, b));
    EXPECT_GT(box.pixels, 60);
    // Below the eyes (their lower lids end above 54% of the height), above the chin, in the
    // middle fifth: the brows, eyes, hair and outline are untouched.
    EXPECT_GT(box.top, 0.55);
    EXPECT_LT(box.bottom, 0.8);
    EXPECT_GT(box.left, 0.38);
    EXPECT_LT(box.right, 0.62);

    // The way it bends: the lips' darkness sits lower in the middle than near the corners for a
    // smile, and higher for a frown.
    auto middleMinusCorner = [&](const torch::Tensor& img) {
        const torch::Tensor dark = (1 - img.mean(0))
                                       .slice(0, static_cast<std::int64_t>(box.top * kRes),
                                              static_cast<std::int64_t>(box.bottom * kRes));
        const torch::Tensor rows = torch::arange(dark.size(0), torch::kFloat32).view({-1, 1});
        auto centreRow = [&](std::int64_t col) {
            const torch::Tensor c = dark.slice(1, col - 1, col + 2);
            return ((c * rows).sum() / c.sum()).item<double>();
        };
        return centreRow(kRes / 2) - centreRow(kRes / 2 + 8);
    };
    EXPECT_GT(middleMinusCorner(a), 0.5);
    EXPECT_LT(middleMinusCorner(b), -0.5);
}

TEST(TrainFaces, GlassesAddFramesAroundTheEyesOnly) {
    FaceAttributes with = plainFace();
    with.glasses = 1;
    const Box box = boxOf(changed(draw(plainFace(), 64), draw(with, 64)));
    EXPECT_GT(box.pixels, 100);
    // A band across the eyes (at 48% of the height), reaching the ears, nowhere near the mouth or
    // the top of the head.
    EXPECT_GT(box.top, 0.38);
    EXPECT_LT(box.bottom, 0.58);
    EXPECT_LT(box.left, 0.3);
    EXPECT_GT(box.right, 0.7);
}

TEST(TrainFaces, BackgroundHueRecoloursOnlyTheBackground) {
    FaceAttributes blue = plainFace();
    blue.backgroundHue = 0.6f;
    const torch::Tensor a = draw(plainFace(), 64), b = draw(blue, 64);
    // The corners change colour …
    EXPECT_GT((a.select(2, 0).select(1, 0) - b.select(2, 0).select(1, 0)).abs().max().item<float>(),
              0.2);
    EXPECT_GT(
        (a.select(2, 63).select(1, 0) - b.select(2, 63).select(1, 0)).abs().max().item<float>(),
        0.2);
    // … and the face, the hair and the shoulders keep every bit.
    auto area = [](const torch::Tensor& t, int top, int bottom, int left, int right) {
        return t.slice(1, top, bottom).slice(2, left, right);
    };
    EXPECT_TRUE(torch::equal(area(a, 16, 45, 26, 38), area(b, 16, 45, 26, 38)));
    EXPECT_TRUE(torch::equal(area(a, 60, 64, 20, 44), area(b, 60, 64, 20, 44)));
}

TEST(TrainFaces, TiltTurnsTheHead) {
    constexpr int kRes = 64;
    FaceAttributes right = plainFace(), left = plainFace();
    right.headTilt = 12;
    left.headTilt = -12;
    const torch::Tensor upright = draw(plainFace(), kRes), r = draw(right, kRes),
                        l = draw(left, kRes);
    // An upright face is symmetric but for the eyes' highlights; a tilted one is not.
    EXPECT_LT(asymmetry(upright), 0.01);
    EXPECT_GT(asymmetry(r), 5 * asymmetry(upright));
    // Tilted either way, the two are mirror images.
    EXPECT_LT((r - l.flip({2})).abs().mean().item<double>(), 2 * asymmetry(upright));
    // Positive tilt leans the top of the head (the dark hair) to the right.
    auto hairColumn = [](const torch::Tensor& img) {
        const torch::Tensor dark = (img.mean(0).slice(0, 0, kRes / 3) < -0.6).to(torch::kFloat32);
        const torch::Tensor cols = torch::arange(kRes, torch::kFloat32);
        return ((dark * cols).sum() / dark.sum()).item<double>();
    };
    EXPECT_NEAR(hairColumn(upright), kRes / 2.0, 0.5);
    EXPECT_GT(hairColumn(r), kRes / 2.0 + 2);
    EXPECT_LT(hairColumn(l), kRes / 2.0 - 2);
}

TEST(TrainFaces, ThePictureIsTheSameAtEveryResolution) {
    const auto faces = train::faceAttributesRange(10, 8);
    const torch::Tensor small = train::renderFaces(faces, 32);
    const torch::Tensor large = torch::avg_pool2d(train::renderFaces(faces, 128), 4);
    const double same = (small - large).abs().mean().item<double>();
    EXPECT_LT(same, 0.03);
    // For scale: two different faces are far further apart.
    const double other = (small - large.roll(1, 0)).abs().mean().item<double>();
    EXPECT_GT(other, 8 * same);
}
