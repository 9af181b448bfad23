// The explorer as a user drives it: open a model, move sliders, change seeds, interpolate.
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>

#include "ui/document.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/generationpanel.h"
#include "ui/explorer/imageview.h"
#include "ui/explorer/interpolationpanel.h"
#include "ui/explorer/latentpanel.h"
#include "ui/explorer/seedgrid.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class ExplorerTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

TEST_F(ExplorerTest, OpeningAModelShowsItsFirstImage) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    EXPECT_FALSE(h.window.showingStartPage());
    const QImage frame = h.renderer()->lastFrame();
    ASSERT_FALSE(frame.isNull());
    EXPECT_EQ(frame.size(), QSize(32, 32));
    EXPECT_EQ(h.window.explorer()->imageView()->image(), frame);
    EXPECT_TRUE(h.window.windowTitle().contains(QStringLiteral("Test DCGAN")));
}

TEST_F(ExplorerTest, MovingALatentSliderChangesTheImage) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    const QImage before = h.renderer()->lastFrame();
    QSlider* slider = h.window.explorer()->latentPanel()->slider(0);
    ASSERT_NE(slider, nullptr);
    const int target = slider->value() > 0 ? slider->minimum() : slider->maximum();
    const QImage after = h.frameAfter([&] { slider->setValue(target); });
    ASSERT_FALSE(after.isNull());
    EXPECT_NE(after, before);
    EXPECT_FLOAT_EQ(h.window.document()->currentLatent()[0], static_cast<float>(target) / 100.0f);
}

TEST_F(ExplorerTest, DraggedSliderShowsFramesOnTheWay) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    QSlider* slider = h.window.explorer()->latentPanel()->slider(1);
    const int frames = h.renderer()->frameCount();
    // A drag: a new value every few milliseconds, faster than the generator runs, for as long as
    // it takes three frames to arrive *while the values are still moving* (a renderer that drops
    // every frame overtaken by a newer value shows none until the drag stops, and this loop then
    // gives up after 3000 values).
    int v = -300;
    int step = 20;
    int moves = 0;
    for (; moves < 3000 && h.renderer()->frameCount() < frames + 3; ++moves) {
        if (v + step > 300 || v + step < -300) step = -step;
        v += step;
        slider->setValue(v);
        QTest::qWait(5);
    }
    EXPECT_GE(h.renderer()->frameCount(), frames + 3)
        << "no frames arrived during a drag of " << moves << " moves";
    slider->setValue(300);
    ASSERT_TRUE(h.waitForFrameAfter(frames));
    EXPECT_FLOAT_EQ(h.window.document()->currentLatent()[1], 3.0f);
    const QImage last = h.renderer()->lastFrame();
    // The frame left on screen is the drag's final position, not one from the way there.
    h.frameAfter([&] { slider->setValue(0); });
    EXPECT_EQ(h.frameAfter([&] { slider->setValue(300); }), last);
}

TEST_F(ExplorerTest, SeedChangesTheImageAndTheSameSeedGivesTheSameImage) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    QSpinBox* seed = h.window.explorer()->generationPanel()->seedBox();
    const QImage five = h.frameAfter([&] { seed->setValue(5); });
    const QImage six = h.frameAfter([&] { seed->setValue(6); });
    const QImage fiveAgain = h.frameAfter([&] { seed->setValue(5); });
    ASSERT_FALSE(five.isNull());
    EXPECT_NE(five, six);
    EXPECT_EQ(five, fiveAgain);
    EXPECT_EQ(h.window.document()->seed(), 5u);
}

TEST_F(ExplorerTest, SeedResetsTheLatentFromTheSeed) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    Document* doc = h.window.document();
    QSpinBox* seed = h.window.explorer()->generationPanel()->seedBox();
    const QImage seven = h.frameAfter([&] { seed->setValue(7); });
    const QImage edited =
        h.frameAfter([&] { h.window.explorer()->latentPanel()->slider(2)->setValue(250); });
    EXPECT_NE(seven, edited);
    EXPECT_TRUE(doc->latentEdited());
    const QImage reset = h.frameAfter([&] { doc->setSeed(7); });
    EXPECT_EQ(reset, seven);
    EXPECT_EQ(doc->currentLatent(), latent::sampleLatent(7, doc->latentSize()));
}

TEST_F(ExplorerTest, LeftAndRightOnTheImageStepTheSeed) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    h.window.explorer()->generationPanel()->seedBox()->setValue(10);
    ImageView* view = h.window.explorer()->imageView();
    QTest::keyClick(view, Qt::Key_Right);
    EXPECT_EQ(h.window.document()->seed(), 11u);
    QTest::keyClick(view, Qt::Key_Left);
    QTest::keyClick(view, Qt::Key_Left);
    EXPECT_EQ(h.window.document()->seed(), 9u);
    EXPECT_EQ(h.window.explorer()->generationPanel()->seedBox()->value(), 9);
}

TEST_F(ExplorerTest, AbSliderEndsShowAAndB) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    Explorer* ex = h.window.explorer();
    InterpolationPanel* ab = ex->interpolationPanel();
    EXPECT_FALSE(ab->slider()->isEnabled());

    const QImage a = h.frameAfter([&] { ex->generationPanel()->seedBox()->setValue(1); });
    ab->setAButton()->click();
    const QImage b = h.frameAfter([&] { ex->generationPanel()->seedBox()->setValue(2); });
    ab->setBButton()->click();
    ASSERT_NE(a, b);
    EXPECT_TRUE(ab->slider()->isEnabled());
    EXPECT_EQ(ab->slider()->value(), ab->slider()->maximum());

    EXPECT_EQ(h.frameAfter([&] { ab->slider()->setValue(0); }), a);
    const QImage middle = h.frameAfter([&] { ab->slider()->setValue(InterpolationPanel::kSteps / 2); });
    EXPECT_NE(middle, a);
    EXPECT_NE(middle, b);
    EXPECT_EQ(h.frameAfter([&] { ab->slider()->setValue(InterpolationPanel::kSteps); }), b);
}

TEST_F(ExplorerTest, ThumbnailClickMakesThatSeedCurrent) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    h.window.explorer()->generationPanel()->seedBox()->setValue(100);
    SeedGrid* grid = h.window.explorer()->seedGrid();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return h.renderer()->idle() && grid->seedAt(0) == 101 && grid->button(2)->isEnabled(); },
        kTimeoutMs));
    EXPECT_EQ(h.renderer()->thumbnails().size(), RenderController::kThumbnailCount);
    const QImage thumb = h.renderer()->thumbnails()[2];
    const QImage frame = h.frameAfter([&] { QTest::mouseClick(grid->button(2), Qt::LeftButton); });
    EXPECT_EQ(h.window.document()->seed(), 103u);
    EXPECT_EQ(h.window.explorer()->generationPanel()->seedBox()->value(), 103);
    ASSERT_FALSE(frame.isNull());
    EXPECT_EQ(frame.size(), thumb.size());
    // The grid then moves on to the new neighbours.
    EXPECT_TRUE(QTest::qWaitFor([&] { return grid->seedAt(0) == 104 && h.renderer()->idle(); },
                                kTimeoutMs));
}

TEST_F(ExplorerTest, ClassPickerOnlyForConditionalModels) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    GenerationPanel* gen = h.window.explorer()->generationPanel();
    EXPECT_FALSE(gen->classGroup()->isVisible());

    ASSERT_TRUE(h.open(Models::get().conditional));
    EXPECT_TRUE(gen->classGroup()->isVisible());
    ASSERT_EQ(gen->classBox()->count(), 3);
    EXPECT_EQ(gen->classBox()->itemText(1), QStringLiteral("square"));
    const QImage first = h.renderer()->lastFrame();
    const QImage second = h.frameAfter([&] { gen->classBox()->setCurrentIndex(1); });
    EXPECT_EQ(h.window.document()->classIndex(), 1);
    EXPECT_NE(first, second);
}

TEST_F(ExplorerTest, TruncationZeroGivesTheSameImageForEverySeed) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    GenerationPanel* gen = h.window.explorer()->generationPanel();
    h.frameAfter([&] { gen->truncationSlider()->setValue(0); });
    EXPECT_FLOAT_EQ(h.window.document()->truncation(), 0.0f);
    const QImage one = h.frameAfter([&] { gen->seedBox()->setValue(1); });
    const QImage two = h.frameAfter([&] { gen->seedBox()->setValue(2); });
    EXPECT_EQ(one, two);  // ψ = 0 pulls every z onto the mean
}

}  // namespace
}  // namespace latent::ui::test

namespace latent::ui::test {
namespace {

TEST_F(ExplorerTest, RKeyPicksARandomSeedButNotWhileTypingInTheSeedBox) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    QApplication::setActiveWindow(&h.window);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&h.window));
    ImageView* view = h.window.explorer()->imageView();
    view->setFocus();
    const std::uint64_t before = h.window.document()->seed();
    QTest::keyClick(view, Qt::Key_R);
    // One chance in 2^31 of drawing the same seed.
    EXPECT_NE(h.window.document()->seed(), before);

    QSpinBox* box = h.window.explorer()->generationPanel()->seedBox();
    box->setFocus();
    const std::uint64_t typed = h.window.document()->seed();
    QTest::keyClick(box, Qt::Key_R);
    EXPECT_EQ(h.window.document()->seed(), typed);
}

}  // namespace
}  // namespace latent::ui::test
