// The drag preview as a user meets it: while a slider is dragged on a model whose full frame is
// too slow for a smooth drag, the Explorer shows the model's smaller preview (and the status bar
// says so); when the drag pauses the full frame follows.
#include <QLabel>
#include <QSlider>
#include <QStatusBar>

#include "ui/document.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/latentpanel.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

QString statusText(const MainWindow& window) {
    QString text;
    for (const QLabel* label : window.statusBar()->findChildren<QLabel*>()) text += label->text() + " ";
    return text;
}

class ExplorerPreviewTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

TEST_F(ExplorerPreviewTest, ADragShowsThePreviewThenTheFullFrame) {
    Harness h;
    bool dragging = false;
    h.renderer()->setDragProbe([&] { return dragging; });
    h.renderer()->setPreviewBudget(0.001);  // this small model is fast: make every frame "slow"
    ASSERT_TRUE(h.open(fixturePath("stylegan2_preview.pt")));
    EXPECT_EQ(h.renderer()->lastPreviewResolution(), 0);  // the first frame is always full
    const QImage still = h.renderer()->lastFrame();
    EXPECT_EQ(still.size(), QSize(64, 64));

    QSlider* slider = h.window.explorer()->latentPanel()->slider(0);
    dragging = true;
    const int before = h.renderer()->frameCount();
    slider->setValue(slider->value() > 0 ? -250 : 250);
    ASSERT_TRUE(QTest::qWaitFor([&] { return h.renderer()->frameCount() > before; }, kTimeoutMs));
    // Nothing fits a 0.001 ms budget: the smallest preview, shown at the full size.
    EXPECT_EQ(h.renderer()->lastPreviewResolution(), 16);
    EXPECT_EQ(h.renderer()->lastFrame().size(), QSize(64, 64));
    EXPECT_TRUE(statusText(h.window).contains(QStringLiteral("Preview 16 px"))) << statusText(h.window).toStdString();
    const QImage preview = h.renderer()->lastFrame();

    // The drag pauses (the button is still held): the full frame follows by itself.
    ASSERT_TRUE(QTest::qWaitFor([&] { return h.renderer()->lastPreviewResolution() == 0; },
                                RenderController::kSettleMs + kTimeoutMs));
    EXPECT_NE(h.renderer()->lastFrame(), preview);
    EXPECT_FALSE(statusText(h.window).contains(QStringLiteral("Preview")));

    // Without a drag, a change is drawn in full straight away.
    dragging = false;
    const QImage full = h.frameAfter([&] { slider->setValue(0); });
    EXPECT_EQ(h.renderer()->lastPreviewResolution(), 0);
    EXPECT_FALSE(full.isNull());
}

TEST_F(ExplorerPreviewTest, ThumbnailsOfASlowModelWaitForTheDragToPause) {
    Harness h;
    bool dragging = false;
    h.renderer()->setDragProbe([&] { return dragging; });
    h.renderer()->setPreviewBudget(0.001);
    ASSERT_TRUE(h.open(fixturePath("stylegan2_preview.pt")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return h.renderer()->idle(); }, kTimeoutMs));
    const int batches = h.renderer()->thumbnailBatchCount();
    dragging = true;
    h.window.document()->setTruncation(0.5f);  // thumbnails change with the truncation
    QTest::qWait(RenderController::kSettleMs / 3);
    EXPECT_EQ(h.renderer()->thumbnailBatchCount(), batches);  // not while the drag goes on
    EXPECT_FALSE(h.renderer()->idle());
    ASSERT_TRUE(QTest::qWaitFor([&] { return h.renderer()->thumbnailBatchCount() > batches; },
                                kTimeoutMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return h.renderer()->idle(); }, kTimeoutMs));
    EXPECT_EQ(h.renderer()->lastPreviewResolution(), 0);
}

TEST_F(ExplorerPreviewTest, AFastModelIsNeverPreviewed) {
    Harness h;
    h.renderer()->setDragProbe([] { return true; });  // always dragging
    ASSERT_TRUE(h.open(fixturePath("stylegan2_preview.pt")));
    QSlider* slider = h.window.explorer()->latentPanel()->slider(0);
    h.frameAfter([&] { slider->setValue(120); });
    // A few milliseconds a frame fits the 100 ms budget: full frames even while dragging.
    EXPECT_EQ(h.renderer()->lastPreviewResolution(), 0);
}

}  // namespace
}  // namespace latent::ui::test
