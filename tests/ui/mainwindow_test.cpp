// The window around the explorer: start page, opening files, errors, recent files, settings.
#include <QApplication>
#include <QDropEvent>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QUrl>
#include <QPushButton>
#include <QSettings>

#include "ui/document.h"
#include "ui/editing/editactions.h"
#include "ui/library/libraryactions.h"
#include "ui/modedock.h"
#include "ui/modelloader.h"
#include "ui/recentfiles.h"
#include "ui/startpage.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class MainWindowTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

QString canonical(const QString& path) {
    return QFileInfo(path).canonicalFilePath();
}

TEST_F(MainWindowTest, StartPageShownWithoutAModel) {
    Harness h;
    EXPECT_TRUE(h.window.showingStartPage());
    EXPECT_TRUE(h.window.startPage()->isVisible());
    EXPECT_TRUE(h.window.startPage()->openButton()->isVisible());
    EXPECT_FALSE(h.window.document()->hasModel());
    // Nothing recent yet: no empty list.
    EXPECT_FALSE(h.window.startPage()->recentList()->isVisible());
}

QMenu* menuNamed(MainWindow& window, const QString& title) {
    for (QAction* a : window.menuBar()->actions()) {
        if (a->menu() && a->text() == title) return a->menu();
    }
    return nullptr;
}

// Bookmarks and History are the Explorer's docks: closing one leaves a View-menu entry that brings
// it back, Ctrl+B shows the Bookmarks dock it adds to, and Train hides both without forgetting them.
TEST_F(MainWindowTest, ExplorerDocksComeBackFromTheViewMenuAndStayOutOfTrain) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    ModeDock* bookmarks = h.window.libraryActions()->dock();
    ModeDock* history = h.window.editActions()->historyDock();
    QMenu* view = menuNamed(h.window, QStringLiteral("&View"));
    ASSERT_NE(view, nullptr);
    QAction* showBookmarks = h.window.libraryActions()->dockAction();
    QAction* showHistory = h.window.editActions()->historyAction();
    EXPECT_TRUE(view->actions().contains(showBookmarks));
    EXPECT_TRUE(view->actions().contains(showHistory));
    EXPECT_TRUE(bookmarks->isVisible());
    EXPECT_FALSE(history->isVisible());

    bookmarks->close();  // its title-bar button
    EXPECT_FALSE(bookmarks->isVisible());
    EXPECT_FALSE(showBookmarks->isChecked());
    showBookmarks->trigger();
    EXPECT_TRUE(bookmarks->isVisible());
    bookmarks->close();
    QAction* bookmarkCurrent = h.window.findChild<QAction*>(QStringLiteral("bookmarkAction"));
    ASSERT_NE(bookmarkCurrent, nullptr);
    bookmarkCurrent->trigger();  // Ctrl+B
    EXPECT_TRUE(bookmarks->isVisible()) << "the new bookmark went into a hidden dock";
    showHistory->trigger();
    EXPECT_TRUE(history->isVisible());

    h.window.showTraining();
    EXPECT_FALSE(bookmarks->isVisible());
    EXPECT_FALSE(history->isVisible());
    EXPECT_FALSE(showHistory->isEnabled());
    h.window.showExplorer();
    EXPECT_TRUE(bookmarks->isVisible());
    EXPECT_TRUE(history->isVisible());
    EXPECT_TRUE(showHistory->isEnabled());
    // Closed in the Explorer stays closed across Train and back.
    history->close();
    h.window.showTraining();
    h.window.showExplorer();
    EXPECT_FALSE(history->isVisible());
}

// A window closed while training saved its docks hidden for the mode; the next start shows them.
TEST_F(MainWindowTest, DocksWantedInTheExplorerSurviveQuittingFromTrain) {
    {
        Harness h;
        ASSERT_TRUE(h.open(Models::get().plain));
        h.window.editActions()->historyAction()->trigger();
        h.window.showTraining();
        h.window.close();
    }
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    EXPECT_TRUE(h.window.libraryActions()->dock()->isVisible());
    EXPECT_TRUE(h.window.editActions()->historyDock()->isVisible());
}

TEST_F(MainWindowTest, BadFileShowsAnErrorAndKeepsThePreviousModel) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    const QImage before = h.renderer()->lastFrame();
    QSignalSpy failed(&h.window, &MainWindow::openFailed);
    h.window.openFile(Models::get().text);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !h.errors.empty(); }, kTimeoutMs));
    ASSERT_EQ(h.errors.size(), 1u);
    EXPECT_FALSE(h.errors.front().isEmpty());
    EXPECT_EQ(failed.count(), 1);
    // The core's message names the file.
    EXPECT_TRUE(h.errors.front().contains(QStringLiteral("notes.ltm"))) << h.errors.front().toStdString();

    EXPECT_EQ(h.window.document()->modelPath(), Models::get().plain);
    EXPECT_FALSE(h.window.showingStartPage());
    EXPECT_EQ(h.renderer()->lastFrame(), before);
    // Still live: the old model keeps rendering.
    EXPECT_FALSE(h.frameAfter([&] { h.window.document()->setSeed(3); }).isNull());
}

TEST_F(MainWindowTest, BadFileWithoutAModelStaysOnTheStartPage) {
    Harness h;
    h.window.openFile(Models::get().text);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !h.errors.empty(); }, kTimeoutMs));
    EXPECT_TRUE(h.window.showingStartPage());
    EXPECT_FALSE(h.window.document()->hasModel());
}

TEST_F(MainWindowTest, MissingFileIsReportedAndLeavesTheRecentList) {
    Harness h;
    const QString missing = Models::get().dir.filePath(QStringLiteral("gone.ltm"));
    h.window.openFile(missing);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !h.errors.empty(); }, kTimeoutMs));
    EXPECT_FALSE(h.window.recentFiles()->files().contains(missing));
}

TEST_F(MainWindowTest, SwitchingModelsReplacesTheModel) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    const QImage first = h.renderer()->lastFrame();
    ASSERT_TRUE(h.open(Models::get().otherPlain));
    EXPECT_EQ(h.window.document()->info().name, "Other DCGAN");
    EXPECT_NE(h.renderer()->lastFrame(), first);
}

TEST_F(MainWindowTest, RecentFilesArePersisted) {
    {
        Harness h;
        ASSERT_TRUE(h.open(Models::get().plain));
        ASSERT_TRUE(h.open(Models::get().otherPlain));
        const QStringList files = h.window.recentFiles()->files();
        ASSERT_EQ(files.size(), 2);
        EXPECT_EQ(files[0], canonical(Models::get().otherPlain));  // newest first
        EXPECT_EQ(files[1], canonical(Models::get().plain));
    }
    // A new session reads them back: in the model, the menu's source and the start page.
    RecentFiles recent;
    EXPECT_EQ(recent.files().size(), 2);
    Harness h;
    EXPECT_EQ(h.window.startPage()->recentList()->count(), 2);
    EXPECT_TRUE(h.window.startPage()->recentList()->isVisible());

    // Clicking an entry on the start page opens it.
    QSignalSpy opened(&h.window, &MainWindow::modelOpened);
    QListWidget* list = h.window.startPage()->recentList();
    const QRect second = list->visualItemRect(list->item(1));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, second.center());
    ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0; }, kTimeoutMs));
    EXPECT_EQ(canonical(h.window.document()->modelPath()), canonical(Models::get().plain));
}

TEST_F(MainWindowTest, RecentFilesKeepTenAndNoDuplicates) {
    RecentFiles recent;
    for (int i = 0; i < 14; ++i) recent.add(QStringLiteral("/tmp/model%1.ltm").arg(i));
    recent.add(QStringLiteral("/tmp/model12.ltm"));
    const QStringList files = recent.files();
    EXPECT_EQ(files.size(), RecentFiles::kMaxEntries);
    EXPECT_EQ(files.front(), QStringLiteral("/tmp/model12.ltm"));
    EXPECT_EQ(files.count(QStringLiteral("/tmp/model12.ltm")), 1);
    EXPECT_EQ(RecentFiles().files(), files);
}

TEST_F(MainWindowTest, LastModelReopensAtStartAndAnArgumentOverridesIt) {
    {
        Harness h;
        ASSERT_TRUE(h.open(Models::get().plain));
    }
    {
        Harness h;
        QSignalSpy opened(&h.window, &MainWindow::modelOpened);
        h.window.openAtStartup({});
        ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0; }, kTimeoutMs));
        EXPECT_EQ(canonical(h.window.document()->modelPath()), canonical(Models::get().plain));
    }
    Harness h;
    QSignalSpy opened(&h.window, &MainWindow::modelOpened);
    h.window.openAtStartup(Models::get().otherPlain);
    ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0; }, kTimeoutMs));
    EXPECT_EQ(h.window.document()->info().name, "Other DCGAN");
}

TEST_F(MainWindowTest, FirstStartOpensTheShippedModelAndALastModelWinsOverIt) {
    {
        Harness h;
        QSignalSpy opened(&h.window, &MainWindow::modelOpened);
        h.window.openAtStartup({}, Models::get().otherPlain);
        ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0; }, kTimeoutMs));
        EXPECT_EQ(h.window.document()->info().name, "Other DCGAN");
        ASSERT_TRUE(h.open(Models::get().plain));
    }
    Harness h;
    QSignalSpy opened(&h.window, &MainWindow::modelOpened);
    h.window.openAtStartup({}, Models::get().otherPlain);
    ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0; }, kTimeoutMs));
    EXPECT_EQ(canonical(h.window.document()->modelPath()), canonical(Models::get().plain));
}

TEST_F(MainWindowTest, DroppingAModelFileOpensIt) {
    Harness h;
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(Models::get().plain)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&h.window, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QSignalSpy opened(&h.window, &MainWindow::modelOpened);
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&h.window, &drop);
    ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0; }, kTimeoutMs));
    EXPECT_FALSE(h.window.showingStartPage());
}

TEST_F(MainWindowTest, LoadingDoesNotBlockTheUiThread) {
    Harness h;
    h.window.openFile(Models::get().plain);
    // openFile returned before the load ended: the check and the probe forward happen elsewhere
    // and report back through the event loop, which has not run yet.
    EXPECT_TRUE(h.window.modelLoader()->busy());
    EXPECT_FALSE(h.window.document()->hasModel());
    EXPECT_TRUE(h.window.showingStartPage());
    ASSERT_TRUE(QTest::qWaitFor([&] { return h.window.document()->hasModel(); }, kTimeoutMs));
}

}  // namespace
}  // namespace latent::ui::test
