// Hostile models in the app (issue 11): an archive is checked by `latent check` in a child
// process first, so one that never finishes costs a killed child and a message, not a hung app;
// archives that reach for files are refused; NaN and stuck calls after the check are said in the
// view; a last model that did not open or took the app down is not reopened at the next start.
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>

#include "core/runtime/tools.h"
#include "ui/document.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/imageview.h"
#include "ui/modelloader.h"
#include "ui/startpage.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

QString fixture(const char* name) {
    return QStringLiteral(LATENT_FIXTURE_DIR "/") + QLatin1String(name);
}

class HostileModelTest : public ::testing::Test {
protected:
    void SetUp() override {
        clearSettings();
        qputenv("LATENT_MODEL_TIMEOUT", "2");
    }
    void TearDown() override { qunsetenv("LATENT_MODEL_TIMEOUT"); }
};

TEST_F(HostileModelTest, ArchivesAreCheckedInAChildProcess) {
    ModelLoader loader;
    EXPECT_TRUE(loader.isolatedCheck()) << "no latent program: " << runtime::latentExecutable();
}

TEST_F(HostileModelTest, ModelThatNeverFinishesFailsWithAMessageAndTheAppStaysLive) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    h.window.openFile(fixture("forever.pt"));
    // The UI thread never waits: the event loop keeps turning while the child works.
    ASSERT_TRUE(QTest::qWaitFor([&] { return !h.errors.empty(); }, 60000));
    EXPECT_TRUE(h.errors.front().contains(
        QStringLiteral("forever.pt: model did not finish a forward pass in 2 s")))
        << h.errors.front().toStdString();
    // The previous model stays and still renders.
    EXPECT_EQ(h.window.document()->modelPath(), Models::get().plain);
    EXPECT_FALSE(h.frameAfter([&] { h.window.document()->setSeed(5); }).isNull());
}

TEST_F(HostileModelTest, ArchiveThatReadsFilesIsRefused) {
    Harness h;
    h.window.openFile(fixture("reads_file.pt"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !h.errors.empty(); }, kTimeoutMs));
    EXPECT_TRUE(h.errors.front().contains(QStringLiteral("uses aten::from_file")))
        << h.errors.front().toStdString();
    EXPECT_TRUE(h.window.showingStartPage());
}

TEST_F(HostileModelTest, NanForSomeClassesIsSaidInTheView) {
    Harness h;
    ASSERT_TRUE(h.open(fixture("nan_later.pt")));
    QSignalSpy failed(h.renderer(), &RenderController::frameFailed);
    h.window.document()->setClassIndex(9);
    ASSERT_TRUE(QTest::qWaitFor([&] { return failed.count() > 0; }, kTimeoutMs));
    const QString message = failed.front().front().toString();
    EXPECT_TRUE(message.contains(QStringLiteral("NaN or infinite values"))) << message.toStdString();
    // A good class draws again.
    EXPECT_FALSE(h.frameAfter([&] { h.window.document()->setClassIndex(2); }).isNull());
}

TEST_F(HostileModelTest, LastModelIsNotReopenedAfterTheAppEndedWhileOpeningIt) {
    {
        Harness h;
        ASSERT_TRUE(h.open(Models::get().plain));
    }
    // As if the app had died while opening it: the marker is still set at the next start.
    QSettings().setValue(QStringLiteral("openingModel"), QFileInfo(Models::get().plain).absoluteFilePath());
    Harness h;
    QSignalSpy opened(&h.window, &MainWindow::modelOpened);
    h.window.openAtStartup({}, Models::get().otherPlain);
    ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0; }, kTimeoutMs));
    EXPECT_EQ(h.window.document()->info().name, "Other DCGAN");  // the fallback, not the last model
    EXPECT_TRUE(h.window.statusBar()->currentMessage().contains(QStringLiteral("was not reopened")));
}

TEST_F(HostileModelTest, LastModelIsNotReopenedAfterACrash) {
    {
        Harness h;
        ASSERT_TRUE(h.open(Models::get().plain));
    }
    QSettings().setValue(QStringLiteral("running"), true);  // no clean quit last time
    Harness h;
    h.window.openAtStartup({});
    QTest::qWait(300);
    EXPECT_FALSE(h.window.document()->hasModel());
    EXPECT_TRUE(h.window.showingStartPage());
}

TEST_F(HostileModelTest, LastModelThatFailsIsForgotten) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("model.ltm"));
    ASSERT_TRUE(QFile::copy(Models::get().plain, path));
    {
        Harness h;
        ASSERT_TRUE(h.open(path));
    }
    {  // Broken since: it fails at the next start …
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("no longer a model");
    }
    {
        Harness h;
        h.window.openAtStartup({});
        ASSERT_TRUE(QTest::qWaitFor([&] { return !h.errors.empty(); }, kTimeoutMs));
    }
    // … and is not tried again after that.
    EXPECT_TRUE(QSettings().value(QStringLiteral("lastModel")).toString().isEmpty());
}

}  // namespace
}  // namespace latent::ui::test
