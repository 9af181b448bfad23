// Document on its own: the editing rules the panels rely on.
#include <gtest/gtest.h>

#include <QSignalSpy>

#include "core/latent/latent.h"
#include "ui/document.h"
#include "fakemodel.h"

namespace latent::ui::test {
namespace {

TEST(DocumentTest, SeedDrawsTheLatentFromTheSeed) {
    Document doc;
    doc.setModel(fakeModel(10));
    doc.setSeed(42);
    EXPECT_EQ(doc.currentLatent(), latent::sampleLatent(42, 10));
    doc.setLatentCoordinate(3, 2.5f);
    EXPECT_TRUE(doc.latentEdited());
    EXPECT_FLOAT_EQ(doc.currentLatent()[3], 2.5f);
    doc.setSeed(42);  // same seed again discards the edit
    EXPECT_FALSE(doc.latentEdited());
    EXPECT_EQ(doc.currentLatent(), latent::sampleLatent(42, 10));
}

TEST(DocumentTest, OutOfRangeCoordinateIsIgnored) {
    Document doc;
    doc.setModel(fakeModel(4));
    QSignalSpy frame(&doc, &Document::frameChanged);
    doc.setLatentCoordinate(7, 1.0f);
    doc.setLatentCoordinate(-1, 1.0f);
    EXPECT_EQ(frame.count(), 0);
}

TEST(DocumentTest, AbPositionWalksFromAToB) {
    Document doc;
    doc.setModel(fakeModel(8));
    doc.setSeed(1);
    doc.setKeyframeA();
    EXPECT_FALSE(doc.canInterpolate());
    doc.setSeed(2);
    doc.setKeyframeB();
    ASSERT_TRUE(doc.canInterpolate());
    EXPECT_FLOAT_EQ(doc.abPosition(), 1.0f);
    doc.setAbPosition(0.0f);
    EXPECT_EQ(doc.currentLatent(), latent::sampleLatent(1, 8));
    doc.setAbPosition(0.25f);
    EXPECT_EQ(doc.currentLatent(),
              latent::slerp(latent::sampleLatent(1, 8), latent::sampleLatent(2, 8), 0.25f));
    doc.setAbPosition(1.0f);
    EXPECT_EQ(doc.currentLatent(), latent::sampleLatent(2, 8));
}

TEST(DocumentTest, NewModelForgetsKeyframesAndKeepsSeedAndTruncation) {
    Document doc;
    doc.setModel(fakeModel(8));
    doc.setSeed(9);
    doc.setTruncation(0.7f);
    doc.setKeyframeA();
    doc.setKeyframeB();
    doc.setModel(fakeModel(16, {"a", "b"}));
    EXPECT_FALSE(doc.keyframeA().has_value());
    EXPECT_EQ(doc.seed(), 9u);
    EXPECT_FLOAT_EQ(doc.truncation(), 0.7f);
    EXPECT_EQ(doc.currentLatent(), latent::sampleLatent(9, 16));
}

TEST(DocumentTest, RequestsCarryClassAndTruncation) {
    Document doc;
    doc.setModel(fakeModel(8, {"a", "b", "c"}));
    doc.setClassIndex(2);
    doc.setTruncation(0.5f);
    const render::RenderRequest frame = doc.renderRequest();
    ASSERT_EQ(frame.latents.size(), 1u);
    EXPECT_EQ(frame.classes, std::vector<int>{2});
    EXPECT_FLOAT_EQ(frame.truncation, 0.5f);
    const render::RenderRequest thumbs = doc.thumbnailRequest({5, 6, 7});
    ASSERT_EQ(thumbs.latents.size(), 3u);
    EXPECT_EQ(thumbs.latents[1], latent::sampleLatent(6, 8));
    EXPECT_EQ(thumbs.classes, (std::vector<int>{2, 2, 2}));
    doc.setClassIndex(9);  // clamped to the last class
    EXPECT_EQ(doc.classIndex(), 2);
}

// Amounts travel by name (bookmarks, sessions, the render request), so two directions with the
// same name would share one amount: the second gets a number, and each slider moves its own.
TEST(DocumentTest, DirectionsWithTheSameNameKeepTheirOwnAmounts) {
    Document doc;
    doc.setModel(fakeModel(4));
    edit::Direction first{"tilt", "user", edit::Space::Z, {1.0f, 0.0f, 0.0f, 0.0f}, 1.0f};
    edit::Direction second{"tilt", "user", edit::Space::Z, {0.0f, 1.0f, 0.0f, 0.0f}, 1.0f};
    ASSERT_TRUE(doc.addDirection(first));
    ASSERT_TRUE(doc.addDirection(second));
    ASSERT_EQ(doc.directions().size(), 2u);
    EXPECT_EQ(doc.directions()[1].name, "tilt (2)");
    doc.setAmount(0, 1.0f);
    doc.setAmount(1, -2.0f);
    EXPECT_EQ(doc.amounts(), (std::vector<float>{1.0f, -2.0f}));
    const std::vector<edit::Edit> edits = doc.renderRequest().edits;
    ASSERT_EQ(edits.size(), 2u);
    EXPECT_FLOAT_EQ(edits[0].amount, 1.0f);
    EXPECT_FLOAT_EQ(edits[1].amount, -2.0f);
    EXPECT_EQ(edits[1].direction.vector, second.vector);

    // Renaming keeps the amount; removing a direction drops its amount from the frame.
    edit::Direction renamed = doc.directions()[1];
    renamed.name = "roll";
    ASSERT_TRUE(doc.setDirection(1, renamed));
    EXPECT_FLOAT_EQ(doc.amount(1), -2.0f);
    doc.removeDirection(0);
    ASSERT_EQ(doc.frame().amounts.size(), 1u);
    EXPECT_EQ(doc.frame().amounts[0].name, "roll");
}

// Set as A / Set as B keep the whole frame: going back to an end shows exactly what was set
// (class, ψ, edits), and in between the classes blend as a class morph.
TEST(DocumentTest, ABEndsKeepTheWholeFrameAndBlendInBetween) {
    Document doc;
    doc.setModel(fakeModel(8, {"a", "b", "c"}));
    ASSERT_TRUE(doc.addDirection(
        edit::Direction{"tilt", "user", edit::Space::Z, {1, 0, 0, 0, 0, 0, 0, 0}, 1.0f}));
    doc.setSeed(3);
    doc.setClassIndex(0);
    doc.setTruncation(0.7f);
    doc.setAmount(0, 1.0f);
    doc.setKeyframeA();
    const edit::ExplorerFrame a = doc.frame();
    doc.setSeed(8);
    doc.setClassIndex(2);
    doc.setTruncation(0.9f);
    doc.setAmount(0, -0.5f);
    doc.setKeyframeB();
    const edit::ExplorerFrame b = doc.frame();

    doc.setAbPosition(0.5f);
    EXPECT_EQ(doc.frame().origin, edit::Origin::Interpolated);
    EXPECT_EQ(edit::frameLabel(doc.frame()), "interpolated, edited");
    EXPECT_TRUE(doc.latentEdited());
    EXPECT_EQ(doc.frame().z, latent::slerp(a.z, b.z, 0.5f));
    EXPECT_FLOAT_EQ(doc.truncation(), 0.8f);
    EXPECT_FLOAT_EQ(doc.amount(0), 0.25f);
    EXPECT_EQ(doc.classMorph().classFrom, 0);
    EXPECT_EQ(doc.classMorph().classTo, 2);
    EXPECT_FLOAT_EQ(doc.classMorphAmount(), 0.5f);

    doc.setAbPosition(0.0f);
    EXPECT_TRUE(doc.frame() == a);
    EXPECT_EQ(doc.classIndex(), 0);
    EXPECT_FLOAT_EQ(doc.amount(0), 1.0f);
    EXPECT_EQ(edit::frameLabel(doc.frame()), "seed 3, edited");
    doc.setAbPosition(1.0f);
    EXPECT_TRUE(doc.frame() == b);
    EXPECT_EQ(doc.classIndex(), 2);
    EXPECT_TRUE(doc.classMorph().method.empty());
}

// What the frame is, as every label says it: a seed, an edit of one, projected or imported.
TEST(DocumentTest, TheFrameSaysWhereItCameFrom) {
    Document doc;
    doc.setModel(fakeModel(4));
    doc.setSeed(42);
    EXPECT_EQ(edit::frameLabel(doc.frame()), "seed 42");
    EXPECT_FALSE(doc.latentEdited());
    doc.setLatentCoordinate(0, 2.0f);
    EXPECT_EQ(edit::frameLabel(doc.frame()), "seed 42, edited");
    doc.setProjectedFrame({0.1f, 0.2f, 0.3f, 0.4f}, 0);
    EXPECT_EQ(edit::frameLabel(doc.frame()), "projected");
    EXPECT_TRUE(doc.latentEdited());
    doc.setFrame({0.5f, 0.5f, 0.5f, 0.5f}, 0, 1.0f, std::nullopt);  // a recipe without a seed
    EXPECT_EQ(edit::frameLabel(doc.frame()), "imported latent");
    doc.setFrame(latent::sampleLatent(9, 4), 0, 1.0f, 9u);  // a recipe of seed 9's own latent
    EXPECT_EQ(edit::frameLabel(doc.frame()), "seed 9");
    doc.setSeed(5);
    EXPECT_EQ(edit::frameLabel(doc.frame()), "seed 5");
}

}  // namespace
}  // namespace latent::ui::test
