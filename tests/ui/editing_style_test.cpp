// The Directions panel on a style-based model (the 4-layer W+ fixture: layer k alone draws
// quadrant k): W / W+ spaces with layer ranges and style mixing; and SeFa's refusal and warning in
// words.
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QUndoStack>

#include "ui/document.h"
#include "ui/editing/directioncontroller.h"
#include "ui/editing/directionspanel.h"
#include "ui/editing/stylemixbox.h"
#include "ui/explorer/explorer.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

// Which of the four quadrants differ between two frames.
std::vector<bool> changedQuadrants(const QImage& a, const QImage& b) {
    std::vector<bool> changed(4, false);
    const int half = a.width() / 2;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            if (a.pixel(x, y) != b.pixel(x, y))
                changed[(y >= half ? 2 : 0) + (x >= half ? 1 : 0)] = true;
        }
    }
    return changed;
}

class EditingStyleTest : public ::testing::Test {
protected:
    void SetUp() override {
        clearSettings();
        ASSERT_TRUE(dir.isValid());
        model = dir.filePath(QStringLiteral("style.pt"));
        ASSERT_TRUE(QFile::copy(QStringLiteral(LATENT_FIXTURE_DIR "/good_style_layers.pt"), model));
    }

    QTemporaryDir dir;
    QString model;
};

TEST_F(EditingStyleTest, WPlusLayerRangesAndStyleMixing) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    Document* doc = h.window.document();
    DirectionsPanel* p = h.window.explorer()->directionsPanel();
    ASSERT_EQ(doc->info().numWs, 4);

    QSignalSpy applied(p->controller(), &DirectionController::directionsApplied);
    p->pcaButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return applied.count() > 0; }, kTimeoutMs))
        << p->messageLabel()->text().toStdString();
    ASSERT_GT(p->sliderCount(), 0);
    EXPECT_EQ(doc->directions().front().space, edit::Space::W);
    QComboBox* space = p->spaceBox(0);
    ASSERT_NE(space, nullptr);

    const QImage plain = h.frameAfter([&] { doc->setSeed(3); });
    const QImage everywhere = h.frameAfter([&] { p->slider(0)->setValue(300); });
    EXPECT_EQ(changedQuadrants(plain, everywhere), (std::vector<bool>{true, true, true, true}));

    // W+ on layers 1..2 only: quadrants 1 and 2 move, 0 and 3 stay as the plain frame.
    const QImage ranged = h.frameAfter([&] {
        edit::Direction d = doc->directions().front();
        d.space = edit::Space::WPlus;
        d.firstLayer = 1;
        d.lastLayer = 2;
        doc->setDirection(0, d);
    });
    EXPECT_EQ(space->currentIndex(), 1);
    EXPECT_EQ(changedQuadrants(plain, ranged), (std::vector<bool>{false, true, true, false}));
    h.frameAfter([&] { p->resetAllButton()->click(); });

    // Style mixing from another seed on layer 3 only.
    StyleMixBox* mix = p->styleMixBox();
    EXPECT_FALSE(mix->isHidden());
    mix->seedBox()->setValue(99);
    mix->firstBox()->setValue(3);
    const QImage mixed = h.frameAfter([&] { mix->setChecked(true); });
    EXPECT_TRUE(doc->styleMix().enabled);
    EXPECT_EQ(changedQuadrants(plain, mixed), (std::vector<bool>{false, false, false, true}));
    EXPECT_EQ(h.frameAfter([&] { doc->undoStack()->undo(); }), plain);
    EXPECT_FALSE(mix->isChecked());
}

TEST_F(EditingStyleTest, SefaWithoutAFirstLayerSaysWhyInThePanel) {
    // good_cond.pt's first Linear takes z and the class embedding together: nothing for SeFa.
    const QString cond = dir.filePath(QStringLiteral("cond.pt"));
    ASSERT_TRUE(QFile::copy(QStringLiteral(LATENT_FIXTURE_DIR "/good_cond.pt"), cond));
    Harness h;
    ASSERT_TRUE(h.open(cond));
    DirectionsPanel* p = h.window.explorer()->directionsPanel();
    p->sefaButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !p->controller()->busy(); }, kTimeoutMs));
    EXPECT_EQ(p->sliderCount(), 0);
    EXPECT_TRUE(p->messageLabel()->isVisible());
    EXPECT_TRUE(p->messageLabel()->text().contains(QStringLiteral("first-layer weight")))
        << p->messageLabel()->text().toStdString();
    EXPECT_TRUE(p->sefaButton()->isEnabled());  // the panel is still usable: try PCA instead
}

TEST_F(EditingStyleTest, SefaOnALowRankWeightWarnsInThePanel) {
    // meta.json names the StyleGAN3 input layer's affine: 4 rows, so 4 of SeFa's 10 directions.
    const QString sg3 = dir.filePath(QStringLiteral("sg3.pt"));
    ASSERT_TRUE(QFile::copy(QStringLiteral(LATENT_FIXTURE_DIR "/stylegan3_sefa_input.pt"), sg3));
    Harness h;
    ASSERT_TRUE(h.open(sg3));
    DirectionsPanel* p = h.window.explorer()->directionsPanel();
    QSignalSpy applied(p->controller(), &DirectionController::directionsApplied);
    p->sefaButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return applied.count() > 0; }, kTimeoutMs))
        << p->messageLabel()->text().toStdString();
    EXPECT_EQ(p->sliderCount(), 4);
    const QString text = p->messageLabel()->text();
    EXPECT_TRUE(p->messageLabel()->isVisible());
    EXPECT_TRUE(text.contains(QStringLiteral("from 'synthesis_net.input.affine.weight'")))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("has rank 4, so only 4 of the 10 directions asked "
                                             "for are meaningful")))
        << text.toStdString();
}

}  // namespace
}  // namespace latent::ui::test
