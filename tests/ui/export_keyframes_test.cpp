// The Keyframes panel: add, reorder, remove, import from PNGs, and the preview playback.
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>

#include "core/latent/latent.h"
#include "ui/document.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/imageview.h"
#include "ui/explorer/keyframepreview.h"
#include "ui/explorer/keyframespanel.h"
#include "ui/export/exportactions.h"
#include "ui/export/recipecontroller.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class ExportKeyframesTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

std::vector<std::uint64_t> seedsOf(const Document* document) {
    std::vector<std::uint64_t> seeds;
    for (const edit::Keyframe& k : document->keyframes()) seeds.push_back(k.seed);
    return seeds;
}

TEST_F(ExportKeyframesTest, ParsesSeedListsAndRanges) {
    using V = std::vector<std::uint64_t>;
    EXPECT_EQ(KeyframesPanel::parseSeeds(QStringLiteral("3, 8, 10-12")), (V{3, 8, 10, 11, 12}));
    EXPECT_EQ(KeyframesPanel::parseSeeds(QStringLiteral("7")), (V{7}));
    EXPECT_TRUE(KeyframesPanel::parseSeeds(QStringLiteral("3, x")).empty());
    EXPECT_TRUE(KeyframesPanel::parseSeeds(QStringLiteral("9-2")).empty());
    EXPECT_TRUE(KeyframesPanel::parseSeeds(QStringLiteral("0-100000")).empty());
}

TEST_F(ExportKeyframesTest, AddReorderAndRemoveKeyframes) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    Document* doc = h.window.document();
    KeyframesPanel* panel = h.window.explorer()->keyframesPanel();

    h.frameAfter([&] { doc->setSeed(4); });
    panel->addCurrentButton()->click();
    panel->seedsEdit()->setText(QStringLiteral("10-11, 20"));
    ASSERT_TRUE(panel->addSeedsButton()->isEnabled());
    panel->addSeedsButton()->click();
    EXPECT_EQ(seedsOf(doc), (std::vector<std::uint64_t>{4, 10, 11, 20}));
    EXPECT_EQ(doc->keyframes()[1].z, latent::sampleLatent(10, doc->latentSize()));
    ASSERT_EQ(panel->list()->count(), 4);
    EXPECT_TRUE(panel->list()->item(2)->text().contains(QStringLiteral("seed 11")));

    // Down moves the selection with it; Up on the first row is disabled.
    panel->setCurrentRow(0);
    EXPECT_FALSE(panel->upButton()->isEnabled());
    panel->downButton()->click();
    EXPECT_EQ(seedsOf(doc), (std::vector<std::uint64_t>{10, 4, 11, 20}));
    EXPECT_EQ(panel->currentRow(), 1);
    panel->setCurrentRow(3);
    panel->upButton()->click();
    EXPECT_EQ(seedsOf(doc), (std::vector<std::uint64_t>{10, 4, 20, 11}));

    // A drag is a row move in the view's model; the Document follows (queued).
    QAbstractItemModel* model = panel->list()->model();
    ASSERT_TRUE(model->moveRow(QModelIndex(), 3, QModelIndex(), 0));
    ASSERT_TRUE(QTest::qWaitFor([&] { return seedsOf(doc).front() == 11; }, kTimeoutMs));
    EXPECT_EQ(seedsOf(doc), (std::vector<std::uint64_t>{11, 10, 4, 20}));

    panel->setCurrentRow(1);
    panel->removeButton()->click();
    EXPECT_EQ(seedsOf(doc), (std::vector<std::uint64_t>{11, 4, 20}));
    EXPECT_EQ(panel->list()->count(), 3);

    // Thumbnails arrive for every keyframe.
    KeyframePreview* preview = h.window.explorer()->keyframePreview();
    ASSERT_TRUE(QTest::qWaitFor([&] { return preview->thumbnails().size() == 3 && preview->idle(); },
                                kTimeoutMs));
    EXPECT_FALSE(panel->list()->item(0)->icon().isNull());

    // Another model forgets them: its latents mean nothing here.
    ASSERT_TRUE(h.open(Models::get().conditional));
    EXPECT_TRUE(doc->keyframes().empty());
    EXPECT_EQ(panel->list()->count(), 0);
}

TEST_F(ExportKeyframesTest, PreviewPlaysFramesAlongThePathAndStops) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    Document* doc = h.window.document();
    KeyframesPanel* panel = h.window.explorer()->keyframesPanel();
    KeyframePreview* preview = h.window.explorer()->keyframePreview();
    EXPECT_FALSE(panel->playButton()->isEnabled());  // needs two keyframes
    doc->addKeyframe(edit::Keyframe{latent::sampleLatent(1, doc->latentSize()), 1, false});
    doc->addKeyframe(edit::Keyframe{latent::sampleLatent(2, doc->latentSize()), 2, false});
    ASSERT_TRUE(panel->playButton()->isEnabled());

    const QImage still = h.renderer()->lastFrame();
    std::vector<QImage> shown;
    QObject::connect(preview, &KeyframePreview::frameReady,
                     [&](const QImage& image) { shown.push_back(image); });
    panel->playButton()->click();
    EXPECT_TRUE(preview->playing());
    EXPECT_EQ(panel->playButton()->text(), QStringLiteral("Stop"));
    EXPECT_EQ(preview->pathLength(), 2 * KeyframePreview::kFramesPerSegment);
    ASSERT_TRUE(QTest::qWaitFor([&] { return shown.size() >= 6; }, kTimeoutMs));
    EXPECT_EQ(h.window.explorer()->imageView()->image(), shown.back());
    EXPECT_NE(shown.front(), shown[5]);  // it moves

    panel->playButton()->click();
    EXPECT_FALSE(preview->playing());
    EXPECT_EQ(panel->playButton()->text(), QStringLiteral("Play"));
    EXPECT_EQ(h.window.explorer()->imageView()->image(), still);
}

TEST_F(ExportKeyframesTest, ImportsKeyframesFromSavedPngs) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    Document* doc = h.window.document();
    RecipeController* recipes = h.window.exportActions()->recipes();
    QStringList paths;
    for (std::uint64_t seed : {21u, 22u}) {
        h.frameAfter([&] { doc->setSeed(seed); });
        paths << dir.filePath(QStringLiteral("k%1.png").arg(seed));
        QSignalSpy saved(recipes, &RecipeController::saved);
        recipes->saveImage(paths.back(), 1, false);
        ASSERT_TRUE(QTest::qWaitFor([&] { return saved.count() == 1; }, kTimeoutMs));
    }
    paths << dir.filePath(QStringLiteral("missing.png"));
    QSignalSpy imported(recipes, &RecipeController::keyframesImported);
    recipes->importKeyframes(paths);
    ASSERT_TRUE(QTest::qWaitFor([&] { return imported.count() == 1 && !h.errors.empty(); }, kTimeoutMs));
    EXPECT_EQ(seedsOf(doc), (std::vector<std::uint64_t>{21, 22}));
    EXPECT_EQ(doc->keyframes()[1].z, latent::sampleLatent(22, doc->latentSize()));
    EXPECT_TRUE(h.errors.front().contains(QStringLiteral("missing.png"))) << h.errors.front().toStdString();
}

}  // namespace
}  // namespace latent::ui::test
