// No lost work: a model's bookmarks, keyframes, A/B, directions and frame come back when it is
// opened again, after another model or a restart (ui/explorersession/explorerautosave.h).
#include <QFileInfo>
#include <QSignalSpy>
#include <QUndoStack>

#include "core/latent/latent.h"
#include "ui/document.h"
#include "ui/explorersession/explorerautosave.h"
#include "ui/library/bookmarklibrary.h"
#include "ui/library/libraryactions.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class AutosaveTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

// Makes the state of a user who worked with the open model for a while.
void work(Harness& h) {
    Document* doc = h.window.document();
    h.frameAfter([&] { doc->setSeed(5); });
    doc->setKeyframeA();
    h.frameAfter([&] { doc->setSeed(9); });
    doc->setKeyframeB();
    latent::Latent unit(static_cast<std::size_t>(doc->latentSize()), 0.0f);
    unit[2] = 1.0f;
    ASSERT_TRUE(doc->addDirection(edit::Direction{"tilt", "user", edit::Space::Z, unit, 1.0f}));
    h.frameAfter([&] { doc->setAmount(0, 1.25f); });
    doc->addCurrentKeyframe();
    h.window.libraryActions()->library()->addCurrent();
}

TEST_F(AutosaveTest, AModelsStateComesBackWhenItIsOpenedAgain) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    work(h);
    Document* doc = h.window.document();
    const EditingState state = doc->state();
    const auto keyframes = doc->keyframes();
    const auto a = doc->keyframeA();
    const auto bookmarks = h.window.libraryActions()->library()->bookmarks();

    ASSERT_TRUE(h.open(Models::get().otherPlain));
    EXPECT_TRUE(doc->keyframes().empty());
    EXPECT_EQ(h.window.libraryActions()->library()->count(), 0);

    ExplorerAutosave* autosave = h.window.libraryActions()->autosave();
    QSignalSpy restored(autosave, &ExplorerAutosave::restored);
    ASSERT_TRUE(h.open(Models::get().plain));
    ASSERT_TRUE(restored.count() > 0 ||
                QTest::qWaitFor([&] { return restored.count() > 0; }, kTimeoutMs));
    EXPECT_TRUE(doc->state() == state);
    EXPECT_EQ(doc->keyframes(), keyframes);
    EXPECT_EQ(doc->keyframeA(), a);
    EXPECT_EQ(h.window.libraryActions()->library()->bookmarks(), bookmarks);
    // One undo step: back to the model as it opens.
    doc->undoStack()->undo();
    EXPECT_TRUE(doc->directions().empty());
}

TEST_F(AutosaveTest, BookmarksSurviveARestart) {
    std::vector<edit::Bookmark> bookmarks;
    std::string hash;
    {
        Harness h;
        ASSERT_TRUE(h.open(Models::get().plain));
        work(h);
        bookmarks = h.window.libraryActions()->library()->bookmarks();
        hash = h.window.document()->info().contentHash;
        h.window.close();  // quitting writes what the delay had not written yet
    }
    EXPECT_TRUE(QFileInfo::exists(ExplorerAutosave::pathFor(hash)));
    Harness h;
    ExplorerAutosave* autosave = h.window.libraryActions()->autosave();
    QSignalSpy restored(autosave, &ExplorerAutosave::restored);
    ASSERT_TRUE(h.open(Models::get().plain));
    ASSERT_TRUE(restored.count() > 0 ||
                QTest::qWaitFor([&] { return restored.count() > 0; }, kTimeoutMs));
    EXPECT_EQ(h.window.libraryActions()->library()->bookmarks(), bookmarks);
    EXPECT_EQ(h.window.document()->keyframes().size(), 1u);
}

// A model nobody did anything with leaves no autosave behind.
TEST_F(AutosaveTest, AnUntouchedModelWritesNothing) {
    std::string hash;
    {
        Harness h;
        ASSERT_TRUE(h.open(Models::get().plain));
        hash = h.window.document()->info().contentHash;
        ASSERT_TRUE(h.open(Models::get().otherPlain));
        h.window.close();
    }
    EXPECT_FALSE(QFileInfo::exists(ExplorerAutosave::pathFor(hash)));
}

}  // namespace
}  // namespace latent::ui::test
