// The window around the explorer: start page, opening files, errors, recent files, settings.
#include <QAbstractButton>
#include <QApplication>
#include <QDropEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QUrl>

#include "ui/document.h"
#include "ui/editing/editactions.h"
#include "ui/examplemodels.h"
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

// The examples are the shipped files that are there: one missing is left out, and the start page
// shows a button per example that asks for its path (and no section at all without any).
TEST_F(MainWindowTest, StartPageListsTheExamplesFoundAndAClickRequestsThePath) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    EXPECT_TRUE(findExampleModels({dir.path()}).isEmpty());
    const QString faces = dir.filePath(QStringLiteral("faces.ltm"));
    ASSERT_TRUE(
        QFile::copy(QStringLiteral(LATENT_SOURCE_DIR "/resources/models/faces.ltm"), faces));
    const QList<ExampleModel> found =
        findExampleModels({dir.path() + QStringLiteral("/none"), dir.path()});
    ASSERT_EQ(found.size(), 1);
    EXPECT_EQ(found[0].fileName, QStringLiteral("faces.ltm"));
    EXPECT_EQ(found[0].path, canonical(faces));
    EXPECT_FALSE(found[0].title.isEmpty());
    EXPECT_FALSE(found[0].description.isEmpty());

    StartPage page;
    page.resize(1024, 600);
    page.show();
    page.setExamples(found);
    ASSERT_EQ(page.exampleButtons().size(), 1);
    QAbstractButton* button = page.exampleButtons().front();
    EXPECT_TRUE(page.examplesSection()->isVisible());
    EXPECT_TRUE(button->isVisible());
    EXPECT_EQ(button->text(), found[0].title);
    QSignalSpy requested(&page, &StartPage::exampleRequested);
    QTest::mouseClick(button, Qt::LeftButton);
    ASSERT_EQ(requested.count(), 1);
    EXPECT_EQ(requested.front().front().toString(), canonical(faces));

    page.setExamples({});
    EXPECT_TRUE(page.exampleButtons().isEmpty());
    EXPECT_FALSE(page.examplesSection()->isVisible());
}

// Run from the build tree, both shipped models are found: the first start opens the Fashion-MNIST
// one, and the start page offers both; clicking one opens it like a recent file.
TEST_F(MainWindowTest, StartPageOffersTheShippedExamplesAndOpensOne) {
    const QList<ExampleModel> shipped = findExampleModels();
    ASSERT_EQ(shipped.size(), 2);
    EXPECT_EQ(shipped[0].fileName, QStringLiteral("default.ltm"));
    EXPECT_EQ(shipped[1].fileName, QStringLiteral("faces.ltm"));
    EXPECT_EQ(MainWindow::defaultModelPath(), shipped[0].path);
    EXPECT_EQ(shipped[0].path,
              canonical(QStringLiteral(LATENT_SOURCE_DIR "/resources/models/default.ltm")));

    Harness h;
    ASSERT_TRUE(h.window.showingStartPage());
    const QList<QAbstractButton*> buttons = h.window.startPage()->exampleButtons();
    ASSERT_EQ(buttons.size(), 2);
    EXPECT_TRUE(h.window.startPage()->examplesSection()->isVisible());
    EXPECT_EQ(buttons[0]->text(), shipped[0].title);
    EXPECT_EQ(buttons[1]->text(), shipped[1].title);
    QSignalSpy opened(&h.window, &MainWindow::modelOpened);
    QTest::mouseClick(buttons[0], Qt::LeftButton);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return opened.count() > 0 || !h.errors.empty(); }, kTimeoutMs));
    ASSERT_TRUE(h.errors.empty()) << h.errors.front().toStdString();
    EXPECT_EQ(canonical(h.window.document()->modelPath()), shipped[0].path);
    EXPECT_FALSE(h.window.showingStartPage());
    EXPECT_EQ(h.window.recentFiles()->files().value(0), shipped[0].path);
}

// File > Open Example has one action per shipped model; the faces one loads the style-based,
// 64-px colour generator.
TEST_F(MainWindowTest, FileMenuOpenExampleOpensTheFacesModel) {
    Harness h;
    QMenu* file = menuNamed(h.window, QStringLiteral("&File"));
    ASSERT_NE(file, nullptr);
    auto* examples = file->findChild<QMenu*>(QStringLiteral("openExampleMenu"));
    ASSERT_NE(examples, nullptr);
    EXPECT_TRUE(examples->isEnabled());
    EXPECT_TRUE(file->actions().contains(examples->menuAction()));
    // Beside the other ways to open a model: right after Open Recent.
    const QList<QAction*> entries = file->actions();
    const qsizetype at = entries.indexOf(examples->menuAction());
    ASSERT_GT(at, 0);
    EXPECT_EQ(entries[at - 1]->text(), QStringLiteral("Open &Recent"));
    ASSERT_EQ(examples->actions().size(), 2);
    QAction* faces = nullptr;
    for (QAction* a : examples->actions()) {
        EXPECT_FALSE(a->text().isEmpty());
        EXPECT_FALSE(a->toolTip().isEmpty());
        if (QFileInfo(a->data().toString()).fileName() == QStringLiteral("faces.ltm")) faces = a;
    }
    ASSERT_NE(faces, nullptr);

    const int frames = h.renderer()->frameCount();
    QSignalSpy opened(&h.window, &MainWindow::modelOpened);
    faces->trigger();
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return opened.count() > 0 || !h.errors.empty(); }, kTimeoutMs));
    ASSERT_TRUE(h.errors.empty()) << h.errors.front().toStdString();
    EXPECT_EQ(canonical(h.window.document()->modelPath()),
              canonical(QStringLiteral(LATENT_SOURCE_DIR "/resources/models/faces.ltm")));
    const model::ModelInfo& info = h.window.document()->info();
    EXPECT_TRUE(info.styleBased());
    EXPECT_EQ(info.resolution, 64);
    EXPECT_EQ(info.channels, 3);
    EXPECT_FALSE(info.conditional());
    ASSERT_TRUE(h.waitForFrameAfter(frames));
    EXPECT_EQ(h.renderer()->lastFrame().width(), 64);
    EXPECT_FALSE(h.window.showingStartPage());
    saveShot(&h.window, QStringLiteral("faces-example"));
}

// In the window sizes people use, with no or many recent files, everything on the start page is
// whole: inside the page, not squeezed below its size, no scroll bar, no entry cut off. The page is
// tried at the size it has in such a window (the window itself cannot be 640 px tall: the Train
// page needs more).
TEST_F(MainWindowTest, StartPageFitsSmallWindowsWithExamplesAndRecentFiles) {
    int chrome = 0;  // menu bar and status bar
    {
        Harness h;
        h.window.resize(1280, 720);
        QApplication::processEvents();
        ASSERT_EQ(h.window.height(), 720);
        chrome = h.window.height() - h.window.startPage()->height();
        ASSERT_GT(chrome, 20);
        ASSERT_EQ(h.window.startPage()->width(), 1280);
    }
    const QList<ExampleModel> examples = findExampleModels();
    ASSERT_EQ(examples.size(), 2);
    for (const int recentCount : {0, 8}) {
        QStringList recent;
        for (int i = 0; i < recentCount; ++i) {
            recent << QStringLiteral(
                          "/home/someone/projects/latent-experiments/runs/faces-%1/"
                          "checkpoints/generator-step-%2.ltm")
                          .arg(i)
                          .arg(1000 * (i + 1));
        }
        for (const QSize window : {QSize(1280, 720), QSize(1024, 640)}) {
            const QString what = QStringLiteral("%1x%2-%3recent")
                                     .arg(window.width())
                                     .arg(window.height())
                                     .arg(recentCount);
            SCOPED_TRACE(what.toStdString());
            StartPage page;
            page.setExamples(examples);
            page.setRecentFiles(recent);
            page.resize(window.width(), window.height() - chrome);
            page.show();
            QApplication::processEvents();
            const QRect pageRect = page.rect();
            for (QWidget* child : page.findChildren<QWidget*>()) {
                if (!child->isVisible() || qobject_cast<QScrollBar*>(child)) continue;
                const QRect r(child->mapTo(&page, QPoint(0, 0)), child->size());
                EXPECT_TRUE(pageRect.contains(r)) << child->metaObject()->className();
                if (qobject_cast<QLabel*>(child) || qobject_cast<QAbstractButton*>(child)) {
                    const int wanted = child->hasHeightForWidth()
                                           ? child->heightForWidth(child->width())
                                           : child->minimumSizeHint().height();
                    EXPECT_GE(child->height(), wanted) << child->metaObject()->className();
                    EXPECT_GE(child->width(), child->minimumSizeHint().width())
                        << child->metaObject()->className();
                }
            }
            ASSERT_EQ(page.exampleButtons().size(), 2);
            for (QAbstractButton* button : page.exampleButtons()) EXPECT_TRUE(button->isVisible());
            QListWidget* list = page.recentList();
            EXPECT_EQ(list->isVisible(), recentCount > 0);
            EXPECT_FALSE(list->verticalScrollBar()->isVisible());
            EXPECT_FALSE(list->horizontalScrollBar()->isVisible());
            for (int i = 0; i < list->count(); ++i) {
                const QRect item = list->visualItemRect(list->item(i));
                EXPECT_TRUE(list->viewport()->rect().contains(item)) << i;
                EXPECT_LE(list->fontMetrics().horizontalAdvance(list->item(i)->text()),
                          list->viewport()->width());
                EXPECT_TRUE(list->item(i)->text().startsWith(QFileInfo(recent[i]).fileName()));
            }
            // As tall as its rows: no empty band under the last one.
            if (list->count() > 0) {
                const QRect last = list->visualItemRect(list->item(list->count() - 1));
                EXPECT_LE(list->viewport()->height() - last.bottom(), last.height() / 2);
            }
            // The examples sit below the Open button, the recent files beside them.
            QPushButton* open = page.openButton();
            const int openBottom = open->mapTo(&page, QPoint(0, open->height())).y();
            const QPoint examplesAt = page.examplesSection()->mapTo(&page, QPoint(0, 0));
            EXPECT_GT(examplesAt.y(), openBottom);
            if (recentCount > 0) {
                const QPoint recentAt = list->mapTo(&page, QPoint(0, 0));
                EXPECT_GT(recentAt.x(), examplesAt.x() + page.examplesSection()->width());
            }
            saveShot(&page, QStringLiteral("startpage-") + what);
        }
    }
}

// A window too short for all the recent files keeps everything else whole and scrolls the list.
TEST_F(MainWindowTest, StartPageRecentListScrollsOnlyWhenTheWindowIsTooShort) {
    QStringList recent;
    for (int i = 0; i < RecentFiles::kMaxEntries - 1; ++i)
        recent << QStringLiteral("/tmp/models/model-%1.ltm").arg(i);
    recent << QStringLiteral("/tmp/models/") + QString(90, QLatin1Char('x')) +
                  QStringLiteral(".ltm");
    StartPage page;
    page.setExamples(findExampleModels());
    page.setRecentFiles(recent);
    page.show();
    // As short as the page can be: the list is the one part that gives way.
    page.resize(1024, page.minimumSizeHint().height());
    QApplication::processEvents();
    QListWidget* list = page.recentList();
    EXPECT_LT(page.height(), 520);
    EXPECT_TRUE(list->verticalScrollBar()->isVisible());
    EXPECT_GE(list->height(), 3 * list->sizeHintForRow(0));
    EXPECT_TRUE(page.rect().contains(QRect(list->mapTo(&page, QPoint(0, 0)), list->size())));
    page.resize(1024, 700);
    QApplication::processEvents();
    EXPECT_FALSE(list->verticalScrollBar()->isVisible());
    // Even a name longer than the row is cut to it, not hidden past its end.
    for (int i = 0; i < list->count(); ++i)
        EXPECT_LE(list->fontMetrics().horizontalAdvance(list->item(i)->text()),
                  list->viewport()->width());
    saveShot(&page, QStringLiteral("startpage-1024x700-10recent"));
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
