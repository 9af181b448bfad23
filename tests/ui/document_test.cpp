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

}  // namespace
}  // namespace latent::ui::test
