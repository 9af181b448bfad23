// The explorer as a user drives it: open a model, move sliders, change seeds, interpolate.
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QUndoStack>
#include <QWheelEvent>

#include <cmath>

#include "ui/document.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/generationpanel.h"
#include "ui/explorer/imageview.h"
#include "ui/explorer/interpolationpanel.h"
#include "ui/explorer/latentpanel.h"
#include "ui/explorer/seedgrid.h"
#include "ui/numberfield.h"
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

// The image can be inspected: a 32-px frame fills the view as whole-pixel blocks (pixelated by
// default), zooms at the cursor, pans by dragging, and comes back to fit.
TEST_F(ExplorerTest, TheImageZoomsPansAndShowsSmallModelsAsPixels) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    ImageView* view = h.window.explorer()->imageView();
    ASSERT_FALSE(view->image().isNull());
    EXPECT_TRUE(view->fitted());
    EXPECT_GE(view->zoom(), ImageView::kPixelatedFrom);
    EXPECT_EQ(view->zoom(), std::floor(view->zoom())) << "uneven pixel widths";
    EXPECT_FALSE(view->drawsSmooth()) << "a 32-px image enlarged many times was smoothed to a blur";

    // Drawn as blocks: every screen pixel of one image pixel has the same colour.
    const QImage shot = view->grab().toImage();
    const QRectF r = view->imageRect();
    const int block = static_cast<int>(view->zoom());
    const QPoint corner = r.topLeft().toPoint() + QPoint(block * 5, block * 7);
    const QRgb first = shot.pixel(corner);
    for (int dy = 0; dy < block; ++dy) {
        for (int dx = 0; dx < block; ++dx) {
            ASSERT_EQ(shot.pixel(corner + QPoint(dx, dy)), first) << dx << "," << dy;
        }
    }

    // Ctrl+wheel zooms at the cursor: the image point under it stays under it.
    const QPointF at = r.topLeft() + QPointF(r.width() * 0.25, r.height() * 0.25);
    const QPointF imagePoint = (at - r.topLeft()) / view->zoom();
    QWheelEvent wheel(at, view->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &wheel);
    ASSERT_FALSE(view->fitted());
    const QRectF zoomed = view->imageRect();
    const QPointF after = zoomed.topLeft() + imagePoint * view->zoom();
    EXPECT_NEAR(after.x(), at.x(), 2.0);
    EXPECT_NEAR(after.y(), at.y(), 2.0);

    // Dragging pans the enlarged image.
    auto mouse = [&](QEvent::Type type, QPointF p, Qt::MouseButtons buttons) {
        QMouseEvent e(type, p, view->mapToGlobal(p), Qt::LeftButton, buttons, Qt::NoModifier);
        QApplication::sendEvent(view, &e);
    };
    const QPointF c = QRectF(view->rect()).center();
    mouse(QEvent::MouseButtonPress, c, Qt::LeftButton);
    mouse(QEvent::MouseMove, c + QPointF(-30, -20), Qt::LeftButton);
    mouse(QEvent::MouseButtonRelease, c + QPointF(-30, -20), Qt::NoButton);
    EXPECT_NEAR(view->imageRect().left(), zoomed.left() - 30, 1.0);
    EXPECT_NEAR(view->imageRect().top(), zoomed.top() - 20, 1.0);

    // 1:1 is the image's own pixels (smoothing is off only from 3×), and the keys work.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_1);
    EXPECT_DOUBLE_EQ(view->zoom(), 1.0);
    EXPECT_TRUE(view->drawsSmooth());
    QTest::keyClick(view, Qt::Key_Plus);
    EXPECT_DOUBLE_EQ(view->zoom(), 2.0);
    QTest::keyClick(view, Qt::Key_0);
    EXPECT_TRUE(view->fitted());
    // The user's choice wins over Auto.
    view->setScaling(ImageView::Scaling::Smooth);
    EXPECT_TRUE(view->drawsSmooth());
    view->setScaling(ImageView::Scaling::Auto);
}

// Every coordinate of z is reachable (pages of 16), and the number beside a slider takes a typed
// value, also beyond the slider's ±3.
TEST_F(ExplorerTest, EveryLatentCoordinateCanBeReachedAndTyped) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));  // z of 24 values
    Document* doc = h.window.document();
    LatentPanel* panel = h.window.explorer()->latentPanel();
    ASSERT_EQ(panel->pageCount(), 2);
    EXPECT_EQ(panel->pageBox()->itemText(1), QStringLiteral("z16–z23 of 24"));
    panel->pageBox()->setCurrentIndex(1);
    EXPECT_EQ(panel->visibleSliders(), 8);
    h.frameAfter([&] { panel->slider(7)->setValue(150); });
    EXPECT_FLOAT_EQ(doc->currentLatent()[23], 1.5f);
    EXPECT_FLOAT_EQ(static_cast<float>(panel->field(7)->value()), 1.5f);

    NumberField* field = panel->field(2);
    h.frameAfter([&] {
        field->setFocus();
        field->selectAll();
        QTest::keyClicks(field, QStringLiteral("-4.25"));
        EXPECT_NE(doc->currentLatent()[18], -4.25f) << "applied while still typing";
        QTest::keyClick(field, Qt::Key_Return);
    });
    EXPECT_FLOAT_EQ(doc->currentLatent()[18], -4.25f);
    EXPECT_EQ(panel->slider(2)->value(), panel->slider(2)->minimum());  // the slider's end
    // Undo puts the number back too.
    h.frameAfter([&] { doc->undoStack()->undo(); });
    EXPECT_NE(static_cast<float>(panel->field(2)->value()), -4.25f);
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
