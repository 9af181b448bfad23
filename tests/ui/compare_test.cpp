// Side-by-side comparison in the image view: A | B, and the frame without | with its edits.
#include <QAction>
#include <QLabel>
#include <QStatusBar>

#include "ui/document.h"
#include "ui/explorer/comparecontroller.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/imageview.h"
#include "ui/rendercontroller.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class CompareTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

edit::Direction axis(int size, int index) {
    edit::Direction d;
    d.name = "axis";
    d.method = "sefa";
    d.vector.assign(static_cast<std::size_t>(size), 0.0f);
    d.vector[static_cast<std::size_t>(index)] = 1.0f;
    return d;
}

bool waitIdle(Harness& h, CompareController* compare) {
    return QTest::qWaitFor([&] { return h.renderer()->idle() && compare->idle(); }, kTimeoutMs);
}

// The colour at the middle of where a pane draws its image, read from what the view shows.
QRgb paneCentre(ImageView* view, int side) {
    const QImage shot = view->grab().toImage();
    const QRectF image = view->imageRect();
    const double offset = side == 0 ? 0.0 : view->rightPane().left();
    return shot.pixel(image.center().toPoint() + QPoint(static_cast<int>(offset), 0));
}

QRgb imageCentre(const QImage& image) {
    return image.convertToFormat(QImage::Format_RGB32).pixel(image.width() / 2, image.height() / 2);
}

TEST_F(CompareTest, ABShowsBothEndsAsTheyWereSet) {
    Harness h;
    h.window.resize(1280, 720);
    ASSERT_TRUE(h.open(Models::get().conditional));
    Document* doc = h.window.document();
    const QImage a = h.frameAfter([&] { doc->setSeed(11); });
    doc->setKeyframeA();
    const QImage b = h.frameAfter([&] {
        doc->setSeed(12);
        doc->setClassIndex(2);
    });
    doc->setKeyframeB();
    ASSERT_FALSE(a.isNull());
    ASSERT_FALSE(b.isNull());
    ASSERT_NE(a, b);
    // Move away: the comparison shows A and B, not the current frame.
    const QImage elsewhere = h.frameAfter([&] { doc->setSeed(40); });

    CompareController* compare = h.window.explorer()->compare();
    ImageView* view = h.window.explorer()->imageView();
    compare->setMode(CompareController::Mode::AB);
    ASSERT_TRUE(waitIdle(h, compare));
    ASSERT_TRUE(view->comparing());
    EXPECT_EQ(view->paneImage(0), a);
    EXPECT_EQ(view->paneImage(1), b);
    EXPECT_EQ(compare->left().caption, QStringLiteral("A · seed 11 · circle"));
    EXPECT_EQ(compare->right().caption, QStringLiteral("B · seed 12 · triangle"));
    // Both panes side by side, each image drawn whole in its half at the same place.
    EXPECT_LE(view->leftPane().right(), view->rightPane().left());
    EXPECT_TRUE(view->leftPane().contains(view->imageRect()));
    EXPECT_EQ(paneCentre(view, 0), imageCentre(a));
    EXPECT_EQ(paneCentre(view, 1), imageCentre(b));
    saveShot(view, QStringLiteral("compare-ab"));

    // Off: one image again, the current frame.
    compare->setMode(CompareController::Mode::Off);
    EXPECT_FALSE(view->comparing());
    EXPECT_EQ(view->image(), elsewhere);
}

TEST_F(CompareTest, ABSaysWhatIsMissing) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    CompareController* compare = h.window.explorer()->compare();
    compare->setMode(CompareController::Mode::AB);
    ASSERT_TRUE(waitIdle(h, compare));
    EXPECT_TRUE(compare->left().image.isNull());
    EXPECT_TRUE(compare->left().placeholder.contains(QStringLiteral("Set as A")));
    EXPECT_TRUE(compare->right().placeholder.contains(QStringLiteral("Set as B")));
}

TEST_F(CompareTest, EditsShowTheFrameWithoutAndWithThem) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    Document* doc = h.window.document();
    const QImage plain = h.frameAfter([&] { doc->setSeed(5); });
    ASSERT_TRUE(doc->addDirection(axis(doc->latentSize(), 0)).ok());
    const QImage edited = h.frameAfter([&] { doc->setAmount(0, 4.0f); });
    ASSERT_NE(plain, edited);

    CompareController* compare = h.window.explorer()->compare();
    ImageView* view = h.window.explorer()->imageView();
    compare->setMode(CompareController::Mode::Edits);
    ASSERT_TRUE(waitIdle(h, compare));
    EXPECT_EQ(view->paneImage(0), plain);
    EXPECT_EQ(view->paneImage(1), edited);  // the live frame
    EXPECT_EQ(compare->left().caption, QStringLiteral("Without edits"));
    EXPECT_EQ(compare->right().caption, QStringLiteral("With edits"));
    saveShot(view, QStringLiteral("compare-edits"));

    // Dragging the amount changes the right side only: the left is not drawn again.
    QSignalSpy panes(compare, &CompareController::panesChanged);
    const QImage further = h.frameAfter([&] { doc->setAmount(0, -4.0f); });
    ASSERT_TRUE(waitIdle(h, compare));
    EXPECT_EQ(view->paneImage(0), plain);
    EXPECT_EQ(view->paneImage(1), further);

    // Another seed: the left side follows it.
    const QImage other = h.frameAfter([&] { doc->setSeed(6); });
    ASSERT_TRUE(waitIdle(h, compare));
    EXPECT_NE(view->paneImage(0), plain);
    EXPECT_NE(view->paneImage(0), other);  // still without the edit
}

TEST_F(CompareTest, ZoomAndPanMoveBothPanesTogether) {
    Harness h;
    h.window.resize(1280, 720);
    ASSERT_TRUE(h.open(Models::get().plain));
    Document* doc = h.window.document();
    ASSERT_TRUE(doc->addDirection(axis(doc->latentSize(), 0)).ok());
    h.frameAfter([&] { doc->setAmount(0, 3.0f); });
    CompareController* compare = h.window.explorer()->compare();
    ImageView* view = h.window.explorer()->imageView();
    compare->setMode(CompareController::Mode::Edits);
    ASSERT_TRUE(waitIdle(h, compare));
    const QImage left = view->paneImage(0), right = view->paneImage(1);
    // Fitted to half the width: smaller than alone.
    const double paneZoom = view->zoom();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_1);  // actual pixels
    EXPECT_DOUBLE_EQ(view->zoom(), 1.0);
    QTest::keyClick(view, Qt::Key_0);
    EXPECT_DOUBLE_EQ(view->zoom(), paneZoom);
    compare->setMode(CompareController::Mode::Off);
    EXPECT_GT(view->zoom(), paneZoom);
    compare->setMode(CompareController::Mode::Edits);
    ASSERT_TRUE(waitIdle(h, compare));
    // Zoomed in at the right pane's centre: the same image pixel lands at the centre of both.
    for (int i = 0; i < 3; ++i) QTest::keyClick(view, Qt::Key_Plus);
    EXPECT_GT(view->zoom(), paneZoom);
    EXPECT_EQ(paneCentre(view, 0), imageCentre(left));
    EXPECT_EQ(paneCentre(view, 1), imageCentre(right));
}

TEST_F(CompareTest, TheViewMenuAndCStepThroughTheModes) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    CompareController* compare = h.window.explorer()->compare();
    auto* next = h.window.findChild<QAction*>(QStringLiteral("nextCompareAction"));
    ASSERT_NE(next, nullptr);
    EXPECT_EQ(next->shortcut(), QKeySequence(Qt::Key_C));
    next->trigger();
    EXPECT_EQ(compare->mode(), CompareController::Mode::AB);
    auto* edits = h.window.findChild<QAction*>(QStringLiteral("compare2Action"));
    ASSERT_NE(edits, nullptr);
    next->trigger();
    EXPECT_EQ(compare->mode(), CompareController::Mode::Edits);
    EXPECT_TRUE(edits->isChecked());
    next->trigger();
    EXPECT_EQ(compare->mode(), CompareController::Mode::Off);
    EXPECT_FALSE(h.window.explorer()->imageView()->comparing());
    h.window.findChild<QAction*>(QStringLiteral("compare1Action"))->trigger();
    EXPECT_EQ(compare->mode(), CompareController::Mode::AB);
}

// The status bar's frame rate is a rolling figure: once frames stop it says "idle", not the
// last rate forever.
TEST_F(CompareTest, StatusBarFrameRateFallsBackToIdle) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    h.renderer()->setFpsWindow(400);
    auto* fps = h.window.statusBar()->findChild<QLabel*>(QStringLiteral("fpsLabel"));
    ASSERT_NE(fps, nullptr);
    for (std::uint64_t seed = 1; seed <= 4; ++seed) h.frameAfter([&] { h.window.document()->setSeed(seed); });
    EXPECT_TRUE(QTest::qWaitFor([&] { return fps->text().endsWith(QStringLiteral(" fps")); }, 300))
        << fps->text().toStdString();
    EXPECT_TRUE(QTest::qWaitFor([&] { return fps->text() == QStringLiteral("idle"); }, kTimeoutMs))
        << fps->text().toStdString();
}

}  // namespace
}  // namespace latent::ui::test
