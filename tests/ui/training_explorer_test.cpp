// Open in Explorer: the EMA snapshot of a running DCGAN becomes the Explorer's model while the
// run goes on, and the Explorer renders from that snapshot, not from the weights being trained.
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>

#include <random>

#include "core/image/png.h"
#include "ui/document.h"
#include "training_util.h"

namespace latent::ui::test {
namespace {

// A handful of random 32x32 PNGs: enough for an image-folder run.
void writeImages(const QString& dir, int count) {
    std::mt19937 random(7);
    for (int i = 0; i < count; ++i) {
        image::ImageRGB8 img(32, 32);
        for (auto& v : img.pixels) v = static_cast<std::uint8_t>(random() % 256);
        const QString path = QDir(dir).filePath(QStringLiteral("img%1.png").arg(i));
        ASSERT_TRUE(image::writePng(path.toStdString(), img).ok());
    }
}

TEST(TrainingExplorer, SnapshotOpensInTheExplorerWhileTrainingContinues) {
    clearSettings();
    QTemporaryDir data;
    QTemporaryDir runs;
    writeImages(data.path(), 8);

    Harness h;
    TrainingPanel* panel = h.window.trainingPanel();
    h.window.showTraining();
    EXPECT_TRUE(h.window.showingTraining());
    train::TrainConfig config;
    config.data = data.path().toStdString();
    config.resolution = 32;
    config.batch = 4;
    config.steps = 100000;
    config.gWidth = 8;
    config.dWidth = 8;
    config.latentSize = 16;
    config.logEvery = 2;
    config.sampleEvery = 5;
    config.checkpointEvery = 0;
    config.runDir = runs.filePath(QStringLiteral("run")).toStdString();
    panel->form()->setConfig(config);
    ASSERT_TRUE(panel->start()) << panel->statusText().toStdString();

    TrainingController* c = panel->controller();
    ASSERT_TRUE(QTest::qWaitFor([&] { return c->snapshotModel().generator != nullptr; },
                                kTimeoutMs));
    // The live sample grid renders from the same snapshots.
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel->sampleGridCount() > 0; }, kTimeoutMs));
    EXPECT_FALSE(panel->samples().isNull());

    const int frames = h.renderer()->frameCount();
    panel->openInExplorer();
    EXPECT_TRUE(h.window.document()->hasModel());
    EXPECT_FALSE(h.window.showingTraining());
    EXPECT_EQ(h.window.document()->latentSize(), 16);
    EXPECT_EQ(h.window.document()->model().generator, c->snapshotModel().generator);
    ASSERT_TRUE(h.waitForFrameAfter(frames));
    EXPECT_EQ(h.renderer()->lastFrame().size(), QSize(32, 32));

    // Training goes on, and the explorer keeps the snapshot it was given.
    const auto explored = h.window.document()->model().generator;
    const std::int64_t step = c->step();
    ASSERT_TRUE(QTest::qWaitFor([&] { return c->step() > step + 5; }, kTimeoutMs));
    EXPECT_TRUE(c->active());
    ASSERT_TRUE(QTest::qWaitFor([&] { return c->snapshotModel().generator != explored; },
                                kTimeoutMs));
    EXPECT_EQ(h.window.document()->model().generator, explored);
    // The Explorer's status bar says the run goes on and leads back to it.
    auto* link = h.window.findChild<QToolButton*>(QStringLiteral("trainingLink"));
    ASSERT_NE(link, nullptr);
    ASSERT_TRUE(QTest::qWaitFor([&] { return link->isVisible(); }, kTimeoutMs));
    EXPECT_TRUE(link->text().contains(QStringLiteral("step"))) << link->text().toStdString();
    link->click();
    EXPECT_TRUE(h.window.showingTraining());
    EXPECT_FALSE(link->isVisible());

    panel->stop();
    ASSERT_TRUE(waitForEnd(*panel));
    EXPECT_EQ(c->state(), train::TrainerState::Stopped);
    EXPECT_TRUE(h.errors.empty());
    // After Stop, Open in Explorer shows the last snapshot without claiming the run goes on.
    panel->openInExplorer();
    EXPECT_FALSE(h.window.showingTraining());
    EXPECT_FALSE(h.window.statusBar()->currentMessage().contains(QStringLiteral("goes on")));
    EXPECT_FALSE(link->isVisible());
}

}  // namespace
}  // namespace latent::ui::test
