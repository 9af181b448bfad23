// Images with their recipe: File → Save Image writes a PNG that opens back to the same frame,
// on the same model or (when the user agrees) another one; PNGs without a recipe are projected.
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>

#include "core/export/recipe.h"
#include "ui/document.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/generationpanel.h"
#include "ui/export/exportactions.h"
#include "ui/export/exportdialog.h"
#include "ui/export/recipecontroller.h"
#include "ui/projection/projectionactions.h"
#include "ui/projection/projectioncontroller.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class ExportImageTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }

    // Saves the current frame through the window's recipe controller and waits for it.
    static bool save(Harness& h, const QString& path, int upscale = 1, bool smooth = false) {
        RecipeController* recipes = h.window.exportActions()->recipes();
        QSignalSpy saved(recipes, &RecipeController::saved);
        const std::size_t errors = h.errors.size();
        recipes->saveImage(path, upscale, smooth);
        return QTest::qWaitFor([&] { return saved.count() > 0 || h.errors.size() > errors; },
                               kTimeoutMs) &&
               saved.count() > 0;
    }

    // Opens a PNG like File → Open or a drop does; true once its recipe is shown or refused.
    static bool openPng(Harness& h, const QString& path) {
        RecipeController* recipes = h.window.exportActions()->recipes();
        QSignalSpy opened(recipes, &RecipeController::recipeOpened);
        const std::size_t errors = h.errors.size();
        h.window.openFile(path);
        return QTest::qWaitFor(
            [&] { return (opened.count() > 0 || h.errors.size() > errors) && !recipes->busy(); },
            kTimeoutMs);
    }
};

// Save Image suggests a name that says what the frame is (never the seed of another image) and a
// size worth looking at, and the Seed panel says so too.
TEST_F(ExportImageTest, SaveImageSuggestsWhatTheFrameIsAtAUsefulSize) {
    Harness h;
    ASSERT_TRUE(h.open(MainWindow::defaultModelPath()));
    Document* doc = h.window.document();
    ExportActions* exports = h.window.exportActions();
    QLabel* shown = h.window.explorer()->generationPanel()->frameLabel();
    doc->setSeed(42);
    EXPECT_TRUE(exports->suggestedImagePath().endsWith(QStringLiteral("-seed42.png")))
        << exports->suggestedImagePath().toStdString();
    EXPECT_TRUE(shown->text().isEmpty());  // the seed box says it all
    doc->setKeyframeA();
    doc->setSeed(7);
    doc->setKeyframeB();
    doc->setAbPosition(0.4f);
    EXPECT_TRUE(exports->suggestedImagePath().endsWith(QStringLiteral("-interpolated.png")))
        << exports->suggestedImagePath().toStdString();
    EXPECT_EQ(shown->text(), QStringLiteral("Showing: interpolated"));
    doc->setLatentCoordinate(2, 1.5f);
    EXPECT_TRUE(exports->suggestedImagePath().endsWith(QStringLiteral("-interpolated-edited.png")));
    doc->setSeed(11);
    doc->setLatentCoordinate(2, 1.5f);
    EXPECT_TRUE(exports->suggestedImagePath().endsWith(QStringLiteral("-seed11-edited.png")));
    EXPECT_EQ(shown->text(), QStringLiteral("Showing: seed 11, edited"));

    // 32-px models are saved at ×8 until the user picks another scale.
    EXPECT_EQ(defaultExportScale(32), 8);
    EXPECT_EQ(defaultExportScale(64), 4);
    EXPECT_EQ(defaultExportScale(128), 2);
    EXPECT_EQ(defaultExportScale(256), 1);
    EXPECT_EQ(defaultExportScale(1024), 1);
}

TEST_F(ExportImageTest, SavedImageOpensBackToTheIdenticalFrame) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    // An edited latent: the recipe must carry the latent itself, not just the seed.
    h.frameAfter([&] { h.window.document()->setSeed(42); });
    const QImage shown = h.frameAfter([&] { h.window.document()->setLatentCoordinate(3, 2.5f); });
    ASSERT_FALSE(shown.isNull());
    const latent::Latent z = h.window.document()->currentLatent();

    const QString path = dir.filePath(QStringLiteral("frame.png"));
    ASSERT_TRUE(save(h, path)) << (h.errors.empty() ? "" : h.errors.back().toStdString());
    const QImage onDisk(path);
    EXPECT_EQ(onDisk.convertToFormat(QImage::Format_RGB888), shown.convertToFormat(QImage::Format_RGB888));
    const Result<export_::Recipe> recipe = export_::readRecipeFromPng(path.toStdString());
    ASSERT_TRUE(recipe.ok()) << recipe.error();
    EXPECT_EQ(recipe->latent, z);
    EXPECT_FALSE(recipe->seed.has_value());  // edited: no longer the seed's latent

    // Somewhere else entirely, then back through the PNG.
    h.frameAfter([&] { h.window.document()->setSeed(7); });
    const int frames = h.renderer()->frameCount();
    ASSERT_TRUE(openPng(h, path));
    ASSERT_TRUE(h.errors.empty()) << h.errors.front().toStdString();
    ASSERT_TRUE(h.waitForFrameAfter(frames));
    EXPECT_EQ(h.window.document()->currentLatent(), z);
    EXPECT_EQ(h.renderer()->lastFrame(), shown);
}

TEST_F(ExportImageTest, UpscaledSaveHasTheScaledSizeAndASeedRecipeRestoresTheSeed) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    h.frameAfter([&] { h.window.document()->setSeed(11); });
    const QString path = dir.filePath(QStringLiteral("big.png"));
    ASSERT_TRUE(save(h, path, 4, false));
    EXPECT_EQ(QImage(path).size(), QSize(128, 128));
    h.frameAfter([&] { h.window.document()->setSeed(3); });
    ASSERT_TRUE(openPng(h, path));
    EXPECT_TRUE(h.errors.empty());
    EXPECT_EQ(h.window.document()->seed(), 11u);
    EXPECT_FALSE(h.window.document()->latentEdited());
    EXPECT_EQ(h.window.explorer()->generationPanel()->seedBox()->value(), 11);
}

TEST_F(ExportImageTest, ExistingFileIsKeptWhenTheUserSaysNo) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    const QString path = dir.filePath(QStringLiteral("mine.png"));
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("precious");
    }
    int asked = 0;
    h.window.setQuestion([&](const QString&, const QString&) {
        ++asked;
        return false;
    });
    h.window.exportActions()->recipes()->saveImage(path, 1, false);
    QTest::qWait(200);
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(QFileInfo(path).size(), 8);
}

TEST_F(ExportImageTest, RecipeFromAnotherModelIsReportedAndAppliedOnlyWhenAccepted) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    h.frameAfter([&] { h.window.document()->setSeed(5); });
    const latent::Latent fromPlain = h.window.document()->currentLatent();
    const QString path = dir.filePath(QStringLiteral("plain.png"));
    ASSERT_TRUE(save(h, path));

    ASSERT_TRUE(h.open(Models::get().otherPlain));
    h.frameAfter([&] { h.window.document()->setSeed(9); });
    QStringList questions;
    bool answer = false;
    h.window.setQuestion([&](const QString&, const QString& text) {
        questions << text;
        return answer;
    });
    // Declined: neither applied nor an error, so wait for the question itself.
    h.window.openFile(path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !questions.isEmpty(); }, kTimeoutMs));
    ASSERT_EQ(questions.size(), 1);
    EXPECT_TRUE(questions.front().contains(QStringLiteral("another model"))) << questions.front().toStdString();
    EXPECT_TRUE(questions.front().contains(QStringLiteral("Test DCGAN")));
    EXPECT_EQ(h.window.document()->seed(), 9u);  // declined: nothing changed

    answer = true;
    ASSERT_TRUE(openPng(h, path));
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return h.window.document()->currentLatent() == fromPlain; }, kTimeoutMs));
    EXPECT_EQ(h.window.document()->currentLatent(), fromPlain);
}

TEST_F(ExportImageTest, RecipeThatCannotFitTheModelIsAnErrorInWords) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    const QString path = dir.filePath(QStringLiteral("unconditional.png"));
    ASSERT_TRUE(save(h, path));
    ASSERT_TRUE(h.open(Models::get().conditional));
    ASSERT_TRUE(openPng(h, path));
    ASSERT_EQ(h.errors.size(), 1u);
    EXPECT_TRUE(h.errors.front().contains(QStringLiteral("unconditional.png")));
    EXPECT_TRUE(h.errors.front().contains(QStringLiteral("another model")));
    EXPECT_TRUE(h.errors.front().contains(QStringLiteral("class"))) << h.errors.front().toStdString();
}

// A PNG without a recipe is a picture to edit: it goes to projection
// (tests/ui/projection_test.cpp), not to an error, and the model stays.
TEST_F(ExportImageTest, PngWithoutARecipeIsProjectedAndKeepsTheModel) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    const QString path = dir.filePath(QStringLiteral("holiday.png"));
    QImage plainImage(8, 8, QImage::Format_RGB888);
    plainImage.fill(Qt::red);
    ASSERT_TRUE(plainImage.save(path));
    ProjectionController* projection = h.window.projectionActions()->controller();
    QSignalSpy started(projection, &ProjectionController::started);
    h.window.openFile(path);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return started.count() > 0 || !h.errors.empty(); }, kTimeoutMs));
    EXPECT_TRUE(h.errors.empty());
    projection->cancel();
    EXPECT_TRUE(h.window.document()->hasModel());
    EXPECT_EQ(h.window.document()->info().name, "Test DCGAN");
}

}  // namespace
}  // namespace latent::ui::test
