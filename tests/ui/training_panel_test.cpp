// The Training panel driven like a user would: start a tiny toy run, watch it, pause, resume,
// stop, open an old run, and a bad config that must not start.
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QComboBox>
#include <QSpinBox>
#include <QThread>
#include <QTemporaryDir>

#include "core/image/png.h"
#include "core/runtime/runtime.h"
#include "core/train/metrics.h"
#include "core/train/runfolder.h"
#include "ui/charts/trainingcharts.h"
#include "ui/training/grouprun.h"
#include "ui/training/toyview.h"
#include "training_util.h"

namespace latent::ui::test {
namespace {

using Series = charts::TrainingCharts::Series;

TEST(TrainingPanel, ToyRunGrowsChartsAndProgressThenFinishes) {
    QTemporaryDir dir;
    TrainingPanel panel;
    panel.show();
    setUpToyRun(panel, dir.path(), 400);
    ASSERT_TRUE(panel.start()) << panel.statusText().toStdString();
    EXPECT_TRUE(panel.controller()->active());
    ASSERT_TRUE(waitForEnd(panel));
    EXPECT_EQ(panel.controller()->state(), train::TrainerState::Finished)
        << panel.statusText().toStdString();
    panel.charts()->refreshNow();
    EXPECT_EQ(panel.charts()->rowCount(), 40);
    EXPECT_EQ(panel.charts()->pointCount(Series::GLoss), 40);
    EXPECT_EQ(panel.charts()->pointCount(Series::DFake), 40);
    EXPECT_EQ(panel.progressBar()->value(), panel.progressBar()->maximum());
    EXPECT_TRUE(panel.toyView()->hasPoints());
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("Finished")));
}

TEST(TrainingPanel, PauseHoldsTheStepResumeContinuesStopEnds) {
    QTemporaryDir dir;
    TrainingPanel panel;
    panel.show();
    setUpToyRun(panel, dir.path(), 10000000);
    ASSERT_TRUE(panel.start());
    TrainingController* c = panel.controller();
    charts::TrainingCharts* charts = panel.charts();

    // Live: the series grow on the chart timer and the progress bar moves.
    ASSERT_TRUE(QTest::qWaitFor([&] { return charts->pointCount(Series::GLoss) >= 5; },
                                kTimeoutMs));
    const int points = charts->pointCount(Series::GLoss);
    ASSERT_TRUE(QTest::qWaitFor([&] { return charts->pointCount(Series::GLoss) > points; },
                                kTimeoutMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel.progressBar()->text().contains(
                                          QStringLiteral("step")) && c->step() > 0; },
                                kTimeoutMs));

    panel.pause();
    // Said at once, before the run gets to the end of its step.
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("Paus"))) << panel.statusText().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return c->state() == train::TrainerState::Paused; },
                                kTimeoutMs));
    const std::int64_t paused = c->step();
    QTest::qWait(600);
    EXPECT_EQ(c->step(), paused);
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("Paused")));

    panel.resume();
    ASSERT_TRUE(QTest::qWaitFor([&] { return c->step() > paused + 20; }, kTimeoutMs));

    panel.stop();
    ASSERT_TRUE(waitForEnd(panel));
    EXPECT_EQ(c->state(), train::TrainerState::Stopped);
    const std::int64_t stopped = c->step();
    QTest::qWait(300);
    EXPECT_EQ(c->step(), stopped);
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("Stopped")));
}

TEST(TrainingPanel, BadConfigShowsTheMessageAndDoesNotStart) {
    QTemporaryDir dir;
    TrainingPanel panel;
    setUpToyRun(panel, dir.path(), 100);
    train::TrainConfig config = panel.form()->config();
    config.device = "tpu";
    panel.form()->setConfig(config);
    EXPECT_TRUE(panel.problemText().contains(QStringLiteral("device must be cpu or cuda")));
    EXPECT_FALSE(panel.start());
    EXPECT_FALSE(panel.controller()->active());
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("device must be cpu or cuda")));

    panel.form()->setData(QString());  // image folder, none chosen
    EXPECT_FALSE(panel.start());
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("image folder")));
    EXPECT_FALSE(QDir(dir.filePath(QStringLiteral("run"))).exists());
}

TEST(TrainingPanel, OpeningAnOldRunShowsItsMetricsAndSamples) {
    QTemporaryDir dir;
    train::TrainConfig config;
    config.data = "fashion-mnist";
    config.steps = 5000;
    config.runDir = dir.path().toStdString();
    {
        QFile file(dir.filePath(QStringLiteral("config.json")));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(train::configToJson(train::resolveConfig(config)).c_str());
        QFile csv(dir.filePath(QStringLiteral("metrics.csv")));
        ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
        csv.write((train::metricsCsvHeader() + "\n").c_str());
        for (int i = 1; i <= 25; ++i) {
            train::MetricsRow row;
            row.step = i * 100;
            row.gLoss = 1.0 + i * 0.01;
            row.dLoss = 0.7;
            row.dReal = 1.5;
            row.dFake = -1.5;
            csv.write((train::metricsCsvLine(row) + "\n").c_str());
        }
        csv.write("2600,0,1");  // torn last line: the run was writing it
    }
    QDir(dir.path()).mkpath(QStringLiteral("samples"));
    image::ImageRGB8 grid(40, 20);
    ASSERT_TRUE(image::writePng(dir.filePath(QStringLiteral("samples/step_002500.png")).toStdString(),
                                grid).ok());

    TrainingPanel panel;
    QSignalSpy opened(&panel, &TrainingPanel::runOpened);
    panel.openRun(dir.path());  // read off the UI thread
    ASSERT_TRUE(opened.wait(kTimeoutMs));
    ASSERT_TRUE(opened.back().at(0).toBool()) << panel.statusText().toStdString();
    EXPECT_EQ(panel.charts()->rowCount(), 25);
    EXPECT_EQ(panel.charts()->pointCount(Series::GLoss), 25);
    EXPECT_EQ(panel.samples().size(), QSize(40, 20));
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("25 logged rows up to step 2500")))
        << panel.statusText().toStdString();
    EXPECT_EQ(panel.form()->config().steps, 5000);

    QTemporaryDir empty;
    panel.openRun(empty.path());
    ASSERT_TRUE(opened.wait(kTimeoutMs));
    EXPECT_FALSE(opened.back().at(0).toBool());
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("not a training run folder")));
}

}  // namespace
}  // namespace latent::ui::test

namespace latent::ui::test {
namespace {

// The run folder is shown whole under its field (which is narrower than a path), and the default
// lives in the app's own data folder, not "Latent Studio/Latent Studio".
TEST(TrainingPanel, TheRunFolderIsShownWhole) {
    TrainingPanel panel;
    const QString dir = QStringLiteral("/tmp/a folder/deeper still/runs/20261207-003057");
    panel.form()->setRunFolder(dir);
    auto* shown = panel.form()->findChild<QLabel*>(QStringLiteral("runDirShown"));
    ASSERT_NE(shown, nullptr);
    QString text = shown->text();
    text.remove(QChar(0x200B));  // the break opportunities after each separator
    EXPECT_EQ(text, dir);
    EXPECT_FALSE(TrainingForm::defaultRunFolder().contains(QStringLiteral("Latent Studio/Latent Studio")));
    EXPECT_TRUE(TrainingForm::defaultRunFolder().contains(QStringLiteral("latent-studio/runs/")));
}

}  // namespace
}  // namespace latent::ui::test

namespace latent::ui::test {
namespace {

// A toy run folder whose metrics say it covered every mode and then collapsed onto two.
void writeCollapsedToyRun(const QString& dir, const std::vector<double>& modes) {
    train::TrainConfig config = train::defaultConfig("toy:ring8");
    config.runDir = dir.toStdString();
    QFile file(QDir(dir).filePath(QStringLiteral("config.json")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(train::configToJson(train::resolveConfig(config)).c_str());
    QFile csv(QDir(dir).filePath(QStringLiteral("metrics.csv")));
    ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
    csv.write((train::metricsCsvHeader() + "\n").c_str());
    for (std::size_t i = 0; i < modes.size(); ++i) {
        train::MetricsRow row;
        row.step = static_cast<std::int64_t>(i + 1) * 2000;
        row.quality = 0.1;
        row.modesCovered = modes[i];
        csv.write((train::metricsCsvLine(row) + "\n").c_str());
    }
}

TEST(TrainingPanel, ACollapsedRunRaisesTheAlarmAndChartsTheModes) {
    QTemporaryDir collapsed, healthy;
    writeCollapsedToyRun(collapsed.path(), {6, 8, 8, 2});
    writeCollapsedToyRun(healthy.path(), {6, 8, 8, 8});
    TrainingPanel panel;
    panel.resize(1280, 720);
    panel.show();
    auto* alarm = panel.findChild<QLabel*>(QStringLiteral("collapseAlarm"));
    ASSERT_NE(alarm, nullptr);
    EXPECT_TRUE(alarm->isHidden());
    QSignalSpy opened(&panel, &TrainingPanel::runOpened);

    panel.openRun(collapsed.path());
    ASSERT_TRUE(opened.wait(kTimeoutMs));
    ASSERT_TRUE(opened.back().at(0).toBool()) << panel.statusText().toStdString();
    EXPECT_FALSE(alarm->isHidden());
    EXPECT_TRUE(alarm->text().contains(QStringLiteral("cover 2 of 8 modes"))) << alarm->text().toStdString();
    EXPECT_TRUE(alarm->text().contains(QStringLiteral("R1"))) << alarm->text().toStdString();
    panel.charts()->refreshNow();
    const QList<QPointF> modes = panel.charts()->points(Series::Variety);
    ASSERT_EQ(modes.size(), 4);
    EXPECT_EQ(modes.back(), QPointF(8000, 2));
    saveShot(&panel, QStringLiteral("training-collapse-alarm"));

    // A healthy run clears it; so does a new run.
    panel.openRun(healthy.path());
    ASSERT_TRUE(opened.wait(kTimeoutMs));
    EXPECT_TRUE(alarm->isHidden());
    panel.openRun(collapsed.path());
    ASSERT_TRUE(opened.wait(kTimeoutMs));
    EXPECT_FALSE(alarm->isHidden());
    panel.newRun();
    EXPECT_TRUE(alarm->isHidden());
}

// Picking the data picks its recipe (train::defaultConfig); a field the user changed stays.
TEST(TrainingPanel, TheFormStartsFromTheDatasRecipe) {
    TrainingPanel panel;
    TrainingForm* form = panel.form();
    train::TrainConfig c = form->config();
    EXPECT_EQ(c.data, "fashion-mnist");
    EXPECT_TRUE(c.conditional);  // the shipped model's recipe
    EXPECT_EQ(c.steps, 8000);

    form->setData(QStringLiteral("toy:ring8"));
    c = form->config();
    const train::TrainConfig toy = train::defaultConfig("toy:ring8");
    EXPECT_EQ(c.architecture, train::Architecture::Mlp);
    EXPECT_EQ(c.batch, toy.batch);
    EXPECT_DOUBLE_EQ(c.lrG, toy.lrG);
    EXPECT_EQ(c.steps, toy.steps);
    EXPECT_EQ(c.gWidth, toy.gWidth);
    EXPECT_DOUBLE_EQ(c.r1Gamma, toy.r1Gamma);
    EXPECT_FALSE(c.conditional);
    EXPECT_TRUE(train::prepareConfig(c).ok());

    // The user's batch survives a change of data; the untouched fields follow the recipe.
    form->setBatch(100);
    form->setData(QStringLiteral("fashion-mnist"));
    c = form->config();
    EXPECT_EQ(c.batch, 100);
    EXPECT_EQ(c.steps, 8000);
    EXPECT_DOUBLE_EQ(c.r1Gamma, 0.0);
    EXPECT_TRUE(c.conditional);
}

// The architecture box: images train a DCGAN or the style-based generator (the faces default to
// it), each bringing its recipe to the untouched fields; toy sets train an MLP. The augmentation
// box reaches the run too.
TEST(TrainingPanel, TheArchitectureAndAugmentationBoxesBringTheirRecipes) {
    TrainingPanel panel;
    TrainingForm* form = panel.form();
    auto* architecture = form->findChild<QComboBox*>(QStringLiteral("architecture"));
    auto* augment = form->findChild<QComboBox*>(QStringLiteral("augment"));
    ASSERT_TRUE(architecture && augment);
    auto choose = [](QComboBox* box, const char* data) {
        const int index = box->findData(QLatin1String(data));
        ASSERT_GE(index, 0) << data;
        box->setCurrentIndex(index);
    };

    form->setData(QStringLiteral("faces"));
    train::TrainConfig c = form->config();
    const train::TrainConfig faces = train::defaultConfig("faces");
    EXPECT_EQ(c.architecture, train::Architecture::Style);
    EXPECT_EQ(c.resolution, 64);
    EXPECT_EQ(c.batch, faces.batch);
    EXPECT_DOUBLE_EQ(c.lrG, 0.0025);
    EXPECT_EQ(c.steps, faces.steps);
    EXPECT_FALSE(c.conditional);
    EXPECT_TRUE(train::prepareConfig(c).ok()) << train::prepareConfig(c).error();

    choose(architecture, "dcgan");
    c = form->config();
    EXPECT_EQ(c.architecture, train::Architecture::Dcgan);
    EXPECT_EQ(c.resolution, 32);
    EXPECT_EQ(c.batch, 64);
    EXPECT_DOUBLE_EQ(train::resolveConfig(c).lrG, 2e-4);
    EXPECT_EQ(c.data, "faces");
    EXPECT_TRUE(train::prepareConfig(c).ok()) << train::prepareConfig(c).error();

    // Fashion-MNIST on the style-based generator: its classes stay, the user's steps too.
    form->setData(QStringLiteral("fashion-mnist"));
    EXPECT_EQ(form->config().architecture, train::Architecture::Dcgan);
    form->setSteps(1234);
    choose(architecture, "style");
    c = form->config();
    EXPECT_EQ(c.architecture, train::Architecture::Style);
    EXPECT_TRUE(c.conditional);
    EXPECT_EQ(c.steps, 1234);
    EXPECT_EQ(c.resolution, 64);
    EXPECT_DOUBLE_EQ(c.beta2, 0.99);
    EXPECT_TRUE(train::prepareConfig(c).ok()) << train::prepareConfig(c).error();

    form->setData(QStringLiteral("toy:ring8"));
    EXPECT_EQ(form->config().architecture, train::Architecture::Mlp);
    EXPECT_FALSE(architecture->isEnabled());
    EXPECT_FALSE(augment->isEnabled());

    // A folder augments adaptively unless told otherwise.
    form->setData(QStringLiteral("/some/folder"));
    EXPECT_TRUE(architecture->isEnabled());
    EXPECT_EQ(form->config().architecture, train::Architecture::Dcgan);
    EXPECT_EQ(train::resolveConfig(form->config()).augment, "ada");
    choose(augment, "off");
    EXPECT_EQ(form->config().augment, "off");
    // A run trained with a fixed probability opens with it.
    train::TrainConfig fixed = train::defaultConfig("/some/folder");
    fixed.runDir = "/tmp/run";
    fixed.augment = "0.3";
    form->setConfig(fixed);
    EXPECT_EQ(form->config().augment, "0.3");
    EXPECT_EQ(augment->currentText().toStdString(), "Fixed p = 0.3");
}

// The CPU row: by default the run leaves a core to the Explorer and runs at low priority; the
// user's choice reaches the run and is remembered for the next session.
TEST(TrainingPanel, TheCpuRowReachesTheRunAndIsRemembered) {
    clearSettings();
    {
        TrainingPanel panel;
        const train::TrainConfig c = panel.form()->config();
        EXPECT_EQ(c.threads, TrainingForm::autoThreads());
        EXPECT_EQ(TrainingForm::autoThreads(), std::max(1, runtime::threadCount() - 1));
        EXPECT_TRUE(c.lowPriority);
        auto* threads = panel.form()->findChild<QSpinBox*>(QStringLiteral("threads"));
        ASSERT_NE(threads, nullptr);
        EXPECT_EQ(threads->text(), QStringLiteral("Auto (%1)").arg(TrainingForm::autoThreads()));
        panel.form()->setThreads(3);
        panel.form()->setLowPriority(false);
        EXPECT_EQ(panel.form()->config().threads, 3);
        EXPECT_FALSE(panel.form()->config().lowPriority);
    }
    TrainingPanel again;
    EXPECT_EQ(again.form()->config().threads, 3);
    EXPECT_FALSE(again.form()->config().lowPriority);
    // The box stops at what configureThreads accepts (4 per hardware thread, at most 256).
    again.form()->setThreads(runtime::maxThreadCount() + 100);
    EXPECT_EQ(again.form()->config().threads, runtime::maxThreadCount());
    EXPECT_TRUE(again.form()->problem().isEmpty());
    clearSettings();
}

}  // namespace
}  // namespace latent::ui::test

namespace latent::ui::test {
namespace {

// Show Folder opens the run folder; Save Charts writes the charts as a PNG and Save Metrics a copy
// of metrics.csv, off the UI thread; a path that cannot be written is named in the status line.
TEST(TrainingPanel, TheRunFolderOpensAndChartsAndMetricsExport) {
    QTemporaryDir run, out;
    writeCollapsedToyRun(run.path(), {6, 8});
    TrainingPanel panel;
    panel.resize(1280, 720);
    panel.show();
    auto* showFolder = panel.findChild<QPushButton*>(QStringLiteral("openRunFolder"));
    auto* saveCharts = panel.findChild<QPushButton*>(QStringLiteral("exportCharts"));
    auto* saveMetrics = panel.findChild<QPushButton*>(QStringLiteral("exportMetrics"));
    ASSERT_TRUE(showFolder && saveCharts && saveMetrics);
    EXPECT_FALSE(showFolder->isEnabled());  // nothing shown yet
    EXPECT_FALSE(saveMetrics->isEnabled());

    QSignalSpy opened(&panel, &TrainingPanel::runOpened);
    panel.openRun(run.path());
    ASSERT_TRUE(opened.wait(kTimeoutMs));
    EXPECT_TRUE(showFolder->isEnabled());
    EXPECT_TRUE(saveCharts->isEnabled());
    EXPECT_TRUE(saveMetrics->isEnabled());
    EXPECT_EQ(panel.runFolderUrl(), QUrl::fromLocalFile(run.path()));

    QSignalSpy exported(&panel, &TrainingPanel::exported);
    const QString csv = out.filePath(QStringLiteral("m.csv"));
    panel.exportMetrics(csv);
    ASSERT_TRUE(exported.wait(kTimeoutMs));
    EXPECT_TRUE(exported.back().at(0).toBool()) << panel.statusText().toStdString();
    QFile copy(csv), source(QDir(run.path()).filePath(QStringLiteral("metrics.csv")));
    ASSERT_TRUE(copy.open(QIODevice::ReadOnly) && source.open(QIODevice::ReadOnly));
    EXPECT_EQ(copy.readAll(), source.readAll());

    const QString png = out.filePath(QStringLiteral("charts.png"));
    panel.exportCharts(png);
    ASSERT_TRUE(exported.wait(kTimeoutMs));
    EXPECT_TRUE(exported.back().at(0).toBool()) << panel.statusText().toStdString();
    const QImage charts(png);
    EXPECT_EQ(charts.size(), panel.charts()->size());
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("Saved the charts")));

    panel.exportMetrics(out.filePath(QStringLiteral("no/such/folder/m.csv")));
    ASSERT_TRUE(exported.wait(kTimeoutMs));
    EXPECT_FALSE(exported.back().at(0).toBool());
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("no/such/folder")))
        << panel.statusText().toStdString();
}

}  // namespace
}  // namespace latent::ui::test

namespace latent::ui::test {
namespace {

// Processes: 2 runs `latent train --nproc 2` in the background. The charts and the sample grid
// follow its run folder while it trains; there is no pause; Stop checkpoints it.
TEST(TrainingPanel, ARunOnTwoProcessesIsChartedFromItsFolderAndStops) {
    if (QThread::idealThreadCount() < 2) GTEST_SKIP() << "one core: the Processes field is off";
    clearSettings();
    QTemporaryDir dir;
    TrainingPanel panel;
    panel.show();
    setUpToyRun(panel, dir.path(), 10000000);
    panel.form()->setProcesses(2);
    panel.form()->setBatch(33);
    EXPECT_TRUE(panel.problemText().contains(QStringLiteral("does not split evenly over 2")))
        << panel.problemText().toStdString();
    EXPECT_FALSE(panel.findChild<QPushButton*>(QStringLiteral("start"))->isEnabled());
    panel.form()->setBatch(32);
    ASSERT_TRUE(panel.start()) << panel.statusText().toStdString();
    TrainingController* c = panel.controller();
    ASSERT_TRUE(c->onProcesses());
    EXPECT_TRUE(c->active());

    // Rows and a sample grid come from the folder while the run goes on.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return panel.charts()->rowCount() >= 6 && !panel.samples().isNull(); }, kTimeoutMs))
        << panel.statusText().toStdString();
    EXPECT_TRUE(c->active());
    EXPECT_GT(c->step(), 0);
    EXPECT_TRUE(c->groupRun()->arguments().join(QLatin1Char(' ')).contains(
        QStringLiteral("--nproc 2")));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return panel.statusText().contains(QStringLiteral("on 2 processes")); }, kTimeoutMs))
        << panel.statusText().toStdString();
    EXPECT_FALSE(panel.findChild<QPushButton*>(QStringLiteral("pause"))->isEnabled());

    panel.stop();
    ASSERT_TRUE(waitForEnd(panel));
    EXPECT_EQ(c->state(), train::TrainerState::Stopped) << panel.statusText().toStdString();
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("Stopped at step")))
        << panel.statusText().toStdString();
    const std::string run = QDir(dir.path()).filePath(QStringLiteral("run")).toStdString();
    EXPECT_FALSE(QDir(QString::fromStdString(train::runCheckpointsDir(run)))
                     .entryList({QStringLiteral("step_*.ckpt")})
                     .isEmpty());
    auto rows = train::readMetrics(train::runMetricsPath(run));
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(panel.charts()->rowCount(), static_cast<int>(rows->size()));

    // Open Run… and Continue: the ranks resume from its checkpoint, the charts keep the rows.
    const std::int64_t stoppedAt = c->step();
    QSignalSpy opened(&panel, &TrainingPanel::runOpened);
    panel.openRun(QDir(dir.path()).filePath(QStringLiteral("run")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() == 1; }, kTimeoutMs));
    ASSERT_TRUE(opened.front().front().toBool()) << panel.statusText().toStdString();
    ASSERT_TRUE(panel.start()) << panel.statusText().toStdString();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return c->step() > stoppedAt + 20 &&
                   panel.charts()->rowCount() > static_cast<int>(rows->size()) + 1;
        },
        kTimeoutMs))
        << panel.statusText().toStdString();
    EXPECT_TRUE(c->groupRun()->arguments().contains(QStringLiteral("--resume")))
        << c->groupRun()->arguments().join(QLatin1Char(' ')).toStdString();
    panel.stop();
    ASSERT_TRUE(waitForEnd(panel));
    EXPECT_EQ(c->state(), train::TrainerState::Stopped) << panel.statusText().toStdString();
    clearSettings();
}

TEST(TrainingPanel, TheLaunchersDataLineIsReadBack) {
    train::DatasetSummary s;
    ASSERT_TRUE(parseDataLine(QStringLiteral("data: /a, b/faces, 1500 images, 3 classes, "
                                             "2 unreadable files skipped"),
                              &s));
    EXPECT_EQ(s.name, "/a, b/faces");
    EXPECT_EQ(s.size, 1500);
    EXPECT_EQ(s.classNames.size(), 3u);
    EXPECT_EQ(s.skipped, 2);
    ASSERT_TRUE(parseDataLine(QStringLiteral("data: toy:ring8, 65536 points"), &s));
    EXPECT_EQ(s.channels, 0);
    EXPECT_TRUE(s.classNames.empty());
    EXPECT_FALSE(parseDataLine(QStringLiteral("step 10/20"), &s));
}

}  // namespace
}  // namespace latent::ui::test
