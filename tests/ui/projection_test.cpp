// Projection in the UI: a real image is fitted in the background (the UI keeps processing events),
// with progress, previews and Cancel, and Use Result makes its latent the current frame.
#include <QImage>
#include <QPushButton>
#include <QTimer>

#include "core/latent/latent.h"
#include "core/render/renderer.h"
#include "tests/ui/uitestutil.h"
#include "ui/document.h"
#include "ui/export/exportactions.h"
#include "ui/export/recipecontroller.h"
#include "ui/projection/projectionactions.h"
#include "ui/projection/projectioncontroller.h"
#include "ui/projection/projectiondialog.h"
#include "ui/renderchannel.h"

namespace latent::ui::test {
namespace {

model::LoadedModel loadPlain() {
    auto loaded = model::loadModel(Models::get().plain.toStdString(), {model::DeviceKind::Cpu});
    EXPECT_TRUE(loaded.ok()) << loaded.error();
    return loaded.ok() ? std::move(loaded).value() : model::LoadedModel{};
}

image::ImageRGB8 drawSeed(const model::LoadedModel& m, std::uint64_t seed) {
    render::RenderRequest request;
    request.generator = m.generator;
    request.latents = {latent::sampleLatent(seed, m.info.latentSize)};
    return render::render(request).images.at(0);
}

edit::ProjectionOptions quick(int steps) {
    edit::ProjectionOptions o;
    o.steps = steps;
    o.candidates = 16;
    o.previewEvery = 5;
    return o;
}

class ProjectionTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

TEST_F(ProjectionTest, RunsInTheBackgroundWithProgressAndPreviews) {
    const model::LoadedModel m = loadPlain();
    ASSERT_TRUE(m.generator);
    ProjectionController controller;
    QSignalSpy progress(&controller, &ProjectionController::progressed);
    QSignalSpy previews(&controller, &ProjectionController::previewReady);
    QSignalSpy done(&controller, &ProjectionController::succeeded);
    // Ticks of a UI-thread timer while the projection runs: the event loop is never blocked.
    int ticks = 0;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] { ++ticks; });
    timer.start(1);
    controller.start(m, drawSeed(m, 4), quick(40));
    EXPECT_TRUE(controller.running());
    const int ticksAfterStart = ticks;
    ASSERT_TRUE(QTest::qWaitFor([&] { return done.count() > 0; }, kTimeoutMs));
    EXPECT_GT(ticks, ticksAfterStart);
    EXPECT_FALSE(controller.running());
    EXPECT_EQ(progress.count(), 40);
    EXPECT_EQ(progress.last().at(0).toInt(), 40);
    EXPECT_EQ(previews.count(), 8);
    ASSERT_TRUE(controller.result().has_value());
    EXPECT_EQ(static_cast<int>(controller.result()->latent.size()), m.info.latentSize);
    EXPECT_EQ(previews.last().at(0).value<QImage>().width(), m.info.resolution);
}

TEST_F(ProjectionTest, CancelStopsAProjection) {
    const model::LoadedModel m = loadPlain();
    ASSERT_TRUE(m.generator);
    ProjectionController controller;
    QSignalSpy progress(&controller, &ProjectionController::progressed);
    QSignalSpy cancelled(&controller, &ProjectionController::cancelled);
    QSignalSpy done(&controller, &ProjectionController::succeeded);
    controller.start(m, drawSeed(m, 4), quick(100000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return progress.count() > 0; }, kTimeoutMs));
    controller.cancel();
    ASSERT_TRUE(QTest::qWaitFor([&] { return cancelled.count() > 0; }, kTimeoutMs));
    EXPECT_EQ(done.count(), 0);
    EXPECT_FALSE(controller.running());
    EXPECT_LT(progress.count(), 100000);
}

TEST_F(ProjectionTest, DroppedImageWithoutRecipeIsProjectedAndUseResultSetsTheLatent) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    ProjectionActions* actions = h.window.projectionActions();
    actions->setSteps(20);
    // A picture with no recipe, as a user would drop one.
    const model::LoadedModel m = loadPlain();
    const image::ImageRGB8 picture = drawSeed(m, 9);
    const QString path = dir.filePath(QStringLiteral("holiday.png"));
    ASSERT_TRUE(toQImage(picture).save(path));
    QSignalSpy done(actions->controller(), &ProjectionController::succeeded);
    h.window.openFile(path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return done.count() > 0 || !h.errors.empty(); }, kTimeoutMs));
    ASSERT_TRUE(h.errors.empty()) << h.errors.front().toStdString();
    ASSERT_TRUE(actions->dialog());
    EXPECT_TRUE(actions->dialog()->isVisible());
    EXPECT_TRUE(actions->dialog()->statusText().contains(QStringLiteral("PSNR")));
    ASSERT_TRUE(actions->dialog()->useButton()->isEnabled());
    const latent::Latent before = h.window.document()->currentLatent();
    const int frames = h.renderer()->frameCount();
    actions->dialog()->useButton()->click();
    EXPECT_EQ(h.window.document()->currentLatent(), actions->controller()->result()->latent);
    EXPECT_NE(h.window.document()->currentLatent(), before);
    EXPECT_TRUE(h.window.document()->latentEdited());
    EXPECT_FALSE(actions->dialog()->isVisible());
    EXPECT_TRUE(h.waitForFrameAfter(frames));  // the explorer shows the projected frame
}

// File > Project Image… projects whatever picture it is given, even one of our own PNGs with a
// recipe (which File > Open would open as saved).
TEST_F(ProjectionTest, ProjectImageProjectsAPngThatCarriesARecipe) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    ProjectionActions* actions = h.window.projectionActions();
    actions->setSteps(10);
    const QString path = dir.filePath(QStringLiteral("saved.png"));
    RecipeController* recipes = h.window.exportActions()->recipes();
    QSignalSpy saved(recipes, &RecipeController::saved);
    recipes->saveImage(path, 1, false);
    ASSERT_TRUE(QTest::qWaitFor([&] { return saved.count() > 0; }, kTimeoutMs));
    QSignalSpy recipeOpened(recipes, &RecipeController::recipeOpened);
    QSignalSpy done(actions->controller(), &ProjectionController::succeeded);
    actions->projectImage(path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return done.count() > 0 || !h.errors.empty(); }, kTimeoutMs));
    EXPECT_TRUE(h.errors.empty());
    EXPECT_EQ(recipeOpened.count(), 0);
    ASSERT_TRUE(actions->dialog());
    EXPECT_TRUE(actions->dialog()->isVisible());
}

TEST_F(ProjectionTest, StyleBasedModelsUseTheProjectedWPlus) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(QStringLiteral(LATENT_FIXTURE_DIR "/good_style_layers.pt")));
    ProjectionActions* actions = h.window.projectionActions();
    actions->setSteps(20);
    const QString path = dir.filePath(QStringLiteral("photo.png"));
    QImage photo(40, 30, QImage::Format_RGB888);
    photo.fill(QColor(200, 120, 40));
    ASSERT_TRUE(photo.save(path));
    QSignalSpy done(actions->controller(), &ProjectionController::succeeded);
    h.window.openFile(path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return done.count() > 0 || !h.errors.empty(); }, kTimeoutMs));
    ASSERT_TRUE(h.errors.empty()) << h.errors.front().toStdString();
    const auto& result = actions->controller()->result();
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->space, edit::Space::WPlus);
    actions->dialog()->useButton()->click();
    EXPECT_EQ(h.window.document()->renderRequest().wPlus, result->latent);
}

TEST_F(ProjectionTest, AnUnreadableImageIsReportedByName) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    const QString path = dir.filePath(QStringLiteral("broken.jpg"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("not a picture");
    file.close();
    h.window.openFile(path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !h.errors.empty(); }, kTimeoutMs));
    EXPECT_TRUE(h.errors.front().contains(QStringLiteral("broken.jpg")))
        << h.errors.front().toStdString();
    EXPECT_EQ(h.window.document()->info().name, "Test DCGAN");
}

}  // namespace
}  // namespace latent::ui::test
