// Undo and redo of every kind of edit on the Document alone (no generator is called).
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QUndoStack>

#include <functional>

#include "core/latent/latent.h"
#include "ui/document.h"
#include "fakemodel.h"

namespace latent::ui::test {
namespace {

// A style-based model's sizes: mapping to w of 6 values, 4 synthesis layers.
model::LoadedModel fakeStyleModel() {
    model::LoadedModel m = fakeModel(8, {"a", "b"});
    m.info.hasMapping = true;
    m.info.hasSynthesis = true;
    m.info.wSize = 6;
    m.info.numWs = 4;
    return m;
}

edit::Direction zDirection(int size, int axis, const std::string& name) {
    edit::Direction d;
    d.name = name;
    d.method = "sefa";
    d.vector.assign(static_cast<std::size_t>(size), 0.0f);
    d.vector[static_cast<std::size_t>(axis)] = 1.0f;
    return d;
}

edit::Direction classMorph(int from, int to) {
    edit::Direction d;
    d.name = "a → b";
    d.method = "class-morph";
    d.classFrom = from;
    d.classTo = to;
    return d;
}

// Runs `change`, which must move the state, then checks that undo restores the state before it
// exactly and redo the state after it.
void expectRoundTrip(Document& doc, const std::function<void()>& change) {
    // Copies on purpose: the change rewrites the state doc.state() refers to.
    const EditingState before = doc.state();  // NOLINT(performance-unnecessary-copy-initialization)
    const int steps = doc.undoStack()->count();
    change();
    const EditingState after = doc.state();  // NOLINT(performance-unnecessary-copy-initialization)
    ASSERT_NE(before, after) << "the change did not change anything";
    EXPECT_EQ(doc.undoStack()->count(), steps + 1);
    doc.undoStack()->undo();
    EXPECT_EQ(doc.state(), before);
    doc.undoStack()->redo();
    EXPECT_EQ(doc.state(), after);
}

TEST(EditingUndoTest, EveryLatentEditRoundTrips) {
    Document doc;
    doc.setModel(fakeModel(8, {"a", "b", "c"}));
    expectRoundTrip(doc, [&] { doc.setSeed(42); });
    expectRoundTrip(doc, [&] { doc.setLatentCoordinate(3, 2.5f); });
    expectRoundTrip(doc, [&] { doc.setClassIndex(2); });
    expectRoundTrip(doc, [&] { doc.setTruncation(0.7f); });
    expectRoundTrip(doc, [&] { doc.setFrame(latent::sampleLatent(5, 8), 1, 0.5f, 5u); });
    expectRoundTrip(doc, [&] { doc.setFrame(latent::Latent(8, 0.25f), 0, 1.0f, std::nullopt); });
    doc.setSeed(1);
    doc.setKeyframeA();
    doc.setSeed(2);
    doc.setKeyframeB();
    expectRoundTrip(doc, [&] { doc.setAbPosition(0.25f); });
    EXPECT_FLOAT_EQ(doc.abPosition(), 0.25f);
}

TEST(EditingUndoTest, DirectionEditsRoundTrip) {
    Document doc;
    doc.setModel(fakeModel(8, {"a", "b"}));
    expectRoundTrip(doc, [&] {
        EXPECT_TRUE(doc.setDirections({zDirection(8, 0, "SeFa 1"), zDirection(8, 1, "SeFa 2")},
                                      QStringLiteral("SeFa directions")));
    });
    expectRoundTrip(doc, [&] { EXPECT_TRUE(doc.addDirection(zDirection(8, 2, "mine"))); });
    ASSERT_EQ(doc.directions().size(), 3u);
    expectRoundTrip(doc, [&] { doc.setAmount(1, 1.5f); });
    expectRoundTrip(doc, [&] { doc.resetAmount(1); });
    doc.setAmount(0, -2.0f);
    expectRoundTrip(doc, [&] { doc.resetAmounts(); });
    expectRoundTrip(doc, [&] { doc.removeDirection(2); });
    expectRoundTrip(doc, [&] { doc.setClassMorph(classMorph(0, 1), 0.5f); });
    expectRoundTrip(doc, [&] { doc.setClassMorphAmount(0.75f); });
}

TEST(EditingUndoTest, StyleMixAndWPlusRoundTrip) {
    Document doc;
    doc.setModel(fakeStyleModel());
    edit::Direction w = zDirection(6, 0, "W 1");
    w.space = edit::Space::W;
    expectRoundTrip(doc, [&] { EXPECT_TRUE(doc.addDirection(w)); });
    w.space = edit::Space::WPlus;
    w.firstLayer = 1;
    w.lastLayer = 2;
    expectRoundTrip(doc, [&] { doc.setDirection(0, w); });
    expectRoundTrip(doc, [&] { doc.setStyleMix({true, 9, 2, -1}); });
    expectRoundTrip(doc, [&] { doc.setWPlusFrame(latent::Latent(24, 0.5f), 1); });
    // A new seed goes back to z.
    doc.setSeed(77);
    EXPECT_TRUE(doc.wPlus().empty());
}

TEST(EditingUndoTest, ADragIsOneUndoStep) {
    Document doc;
    doc.setModel(fakeModel(8));
    doc.setDirections({zDirection(8, 0, "SeFa 1"), zDirection(8, 1, "SeFa 2")},
                      QStringLiteral("SeFa"));
    const int steps = doc.undoStack()->count();
    for (int i = 1; i <= 30; ++i) doc.setAmount(0, 0.1f * static_cast<float>(i));
    EXPECT_EQ(doc.undoStack()->count(), steps + 1);
    EXPECT_EQ(doc.undoStack()->text(doc.undoStack()->count() - 1), QStringLiteral("SeFa 1 +3.0σ"));
    doc.closeGesture();  // the slider was released
    for (int i = 1; i <= 10; ++i) doc.setAmount(0, -0.1f * static_cast<float>(i));
    EXPECT_EQ(doc.undoStack()->count(), steps + 2);
    doc.undoStack()->undo();
    EXPECT_FLOAT_EQ(doc.amount(0), 3.0f);
    doc.undoStack()->undo();
    EXPECT_FLOAT_EQ(doc.amount(0), 0.0f);
    // Another direction is another step even without a release.
    doc.undoStack()->redo();
    doc.setAmount(1, 1.0f);
    doc.setAmount(0, 2.0f);
    EXPECT_EQ(doc.undoStack()->count(), steps + 3);
}

TEST(EditingUndoTest, DraggingBackToTheStartLeavesNoStep) {
    Document doc;
    doc.setModel(fakeModel(8));
    doc.setTruncation(0.8f);
    doc.closeGesture();
    const int steps = doc.undoStack()->count();
    doc.setTruncation(0.5f);
    doc.setTruncation(0.8f);
    EXPECT_EQ(doc.undoStack()->count(), steps);
}

TEST(EditingUndoTest, StepsHaveReadableNames) {
    Document doc;
    doc.setModel(fakeModel(8, {"shirt", "shoe"}));
    doc.setSeed(42);
    doc.setTruncation(0.7f);
    doc.setClassIndex(1);
    doc.setDirections(
        {zDirection(8, 0, "SeFa 1"), zDirection(8, 1, "SeFa 2"), zDirection(8, 2, "SeFa 3")},
        QStringLiteral("SeFa directions"));
    doc.setAmount(2, 1.5f);
    QStringList names;
    for (int i = 0; i < doc.undoStack()->count(); ++i) names << doc.undoStack()->text(i);
    EXPECT_EQ(names, (QStringList{QStringLiteral("Seed 42"), QStringLiteral("Truncation 0.70"),
                                  QStringLiteral("Class shoe"), QStringLiteral("SeFa directions"),
                                  QStringLiteral("SeFa 3 +1.5σ")}));
}

TEST(EditingUndoTest, ChangingTheModelClearsTheHistoryAndTheDirections) {
    Document doc;
    doc.setModel(fakeModel(8));
    doc.setSeed(3);
    doc.addDirection(zDirection(8, 0, "mine"));
    ASSERT_TRUE(doc.undoStack()->canUndo());
    doc.setModel(fakeModel(16));
    EXPECT_FALSE(doc.undoStack()->canUndo());
    EXPECT_EQ(doc.undoStack()->count(), 0);
    EXPECT_TRUE(doc.directions().empty());
    EXPECT_EQ(doc.seed(), 3u);
}

TEST(EditingUndoTest, UndoTellsThePanelsAndTheRenderer) {
    Document doc;
    doc.setModel(fakeModel(8, {"a", "b"}));
    doc.setTruncation(0.5f);
    QSignalSpy frame(&doc, &Document::frameChanged);
    QSignalSpy thumbs(&doc, &Document::thumbnailsChanged);
    QSignalSpy seed(&doc, &Document::seedChanged);
    doc.undoStack()->undo();
    EXPECT_FLOAT_EQ(doc.truncation(), 1.0f);
    EXPECT_EQ(frame.count(), 1);
    EXPECT_EQ(thumbs.count(), 1);
    EXPECT_EQ(seed.count(), 0);
}

TEST(EditingUndoTest, AmountsReachTheRenderRequest) {
    Document doc;
    doc.setModel(fakeModel(8));
    doc.setDirections({zDirection(8, 0, "SeFa 1"), zDirection(8, 1, "SeFa 2")},
                      QStringLiteral("SeFa"));
    EXPECT_TRUE(doc.renderRequest().edits.empty());
    doc.setAmount(1, -2.0f);
    const render::RenderRequest request = doc.renderRequest();
    ASSERT_EQ(request.edits.size(), 1u);  // zero amounts are left out
    EXPECT_EQ(request.edits[0].direction.name, "SeFa 2");
    EXPECT_FLOAT_EQ(request.edits[0].amount, -2.0f);
    // The thumbnails preview what a click would show: the same edits on other seeds.
    EXPECT_EQ(doc.thumbnailRequest({1, 2}).edits.size(), 1u);
    doc.resetAmounts();
    EXPECT_TRUE(doc.renderRequest().edits.empty());
}

TEST(EditingUndoTest, DirectionsOfTheWrongSizeAreRefused) {
    Document doc;
    doc.setModel(fakeModel(8));
    EXPECT_FALSE(doc.addDirection(zDirection(9, 0, "too long")));
    edit::Direction w = zDirection(8, 0, "w");
    w.space = edit::Space::W;  // not a style-based model
    EXPECT_FALSE(doc.setDirections({w}, QStringLiteral("W")));
    EXPECT_FALSE(doc.addDirection(classMorph(0, 1)));  // unconditional
    EXPECT_TRUE(doc.directions().empty());
    EXPECT_FALSE(doc.undoStack()->canUndo());
}

}  // namespace
}  // namespace latent::ui::test
