// The Bookmarks panel: add, rename, delete, click to show again (undoable), drag onto Keyframes.
#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QUndoStack>

#include "core/latent/latent.h"
#include "ui/document.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/imageview.h"
#include "ui/explorer/keyframespanel.h"
#include "ui/library/bookmarklibrary.h"
#include "ui/library/bookmarkspanel.h"
#include "ui/library/libraryactions.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class LibraryBookmarksTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

QString defaultModel() { return MainWindow::defaultModelPath(); }

std::string nameAt(const BookmarkLibrary* library, int i) {
    return library->bookmarks()[static_cast<std::size_t>(i)].name;
}

bool waitThumbnails(const BookmarkLibrary* library) {
    return QTest::qWaitFor(
        [&] {
            if (!library->idle()) return false;
            for (int i = 0; i < library->count(); ++i) {
                if (library->thumbnail(i).isNull()) return false;
            }
            return true;
        },
        kTimeoutMs);
}

TEST_F(LibraryBookmarksTest, AddRenameDeleteAndClickShowsTheExactLatentAgain) {
    Harness h;
    ASSERT_FALSE(defaultModel().isEmpty());
    ASSERT_TRUE(h.open(defaultModel()));
    Document* doc = h.window.document();
    LibraryActions* library = h.window.libraryActions();
    BookmarkLibrary* bookmarks = library->library();
    BookmarksPanel* panel = library->panel();
    QAction* bookmarkAction = h.window.findChild<QAction*>(QStringLiteral("bookmarkAction"));
    ASSERT_NE(bookmarkAction, nullptr);
    EXPECT_EQ(bookmarkAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_B));

    // Seed 42 as drawn, then with a hand edit, then seed 7 at another class and truncation.
    const QImage seed42 = h.frameAfter([&] { doc->setSeed(42); });
    // Ctrl+B where the focus usually is, on the image.
    h.window.activateWindow();
    QTest::keyClick(h.window.explorer()->imageView(), Qt::Key_B, Qt::ControlModifier);
    ASSERT_EQ(bookmarks->count(), 1);
    const QImage edited = h.frameAfter([&] { doc->setLatentCoordinate(0, 2.5f); });
    const latent::Latent editedZ = doc->currentLatent();
    panel->addButton()->click();
    const QImage seven = h.frameAfter([&] {
        doc->setSeed(7);
        doc->setClassIndex(3);
        doc->setTruncation(0.6f);
    });
    panel->addButton()->click();
    ASSERT_EQ(bookmarks->count(), 3);
    EXPECT_EQ(nameAt(bookmarks, 0), "Seed 42");
    EXPECT_EQ(nameAt(bookmarks, 1), "Seed 42, edited");
    EXPECT_EQ(nameAt(bookmarks, 2), "Seed 7");
    ASSERT_EQ(panel->list()->count(), 3);
    EXPECT_EQ(panel->list()->item(1)->text(), QStringLiteral("Seed 42, edited"));
    EXPECT_TRUE(panel->list()->item(2)->toolTip().contains(QStringLiteral("ψ 0.60")));

    // Thumbnails are the frames themselves (same request, drawn off the UI thread).
    ASSERT_TRUE(waitThumbnails(bookmarks));
    EXPECT_EQ(bookmarks->thumbnail(0), seed42);
    EXPECT_EQ(bookmarks->thumbnail(1), edited);
    EXPECT_EQ(bookmarks->thumbnail(2), seven);
    EXPECT_FALSE(panel->list()->item(0)->icon().isNull());

    // Rename in place (the editor commits into the item); a blank name is refused.
    panel->editName(1);
    auto* editor = panel->list()->viewport()->findChild<QLineEdit*>();
    ASSERT_NE(editor, nullptr);
    EXPECT_EQ(editor->text(), QStringLiteral("Seed 42, edited"));
    editor->setText(QStringLiteral("long sleeves"));
    QTest::keyClick(editor, Qt::Key_Return);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return nameAt(bookmarks, 1) == "long sleeves"; }, kTimeoutMs));
    panel->list()->item(1)->setText(QStringLiteral("   "));
    QTest::qWait(50);
    EXPECT_EQ(nameAt(bookmarks, 1), "long sleeves");
    EXPECT_EQ(panel->list()->item(1)->text(), QStringLiteral("long sleeves"));

    // A click shows the bookmark exactly: latent, class, truncation and the same pixels.
    QListWidget* list = panel->list();
    const QRect rect = list->visualItemRect(list->item(1));
    const QImage shown = h.frameAfter(
        [&] { QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center()); });
    EXPECT_EQ(doc->currentLatent(), editedZ);
    EXPECT_EQ(doc->seed(), 42u);
    EXPECT_TRUE(doc->latentEdited());
    EXPECT_EQ(doc->classIndex(), 0);
    EXPECT_EQ(doc->truncation(), 1.0f);
    EXPECT_EQ(shown, edited);
    // One undo step back to seed 7.
    const QImage back = h.frameAfter([&] { doc->undoStack()->undo(); });
    EXPECT_EQ(doc->seed(), 7u);
    EXPECT_EQ(back, seven);

    // Delete removes the selected one.
    list->setFocus();
    list->setCurrentRow(0);
    QTest::keyClick(list, Qt::Key_Delete);
    ASSERT_EQ(bookmarks->count(), 2);
    EXPECT_EQ(nameAt(bookmarks, 0), "long sleeves");
    EXPECT_EQ(list->count(), 2);

    // Direction amounts travel with a bookmark, by the direction's name.
    latent::Latent e1(static_cast<std::size_t>(doc->latentSize()), 0.0f);
    e1[1] = 1.0f;
    ASSERT_TRUE(doc->addDirection(edit::Direction{"tilt", "user", edit::Space::Z, e1, 1.0f}));
    const QImage tilted = h.frameAfter([&] { doc->setAmount(0, 2.0f); });
    bookmarks->addCurrent();
    EXPECT_EQ(nameAt(bookmarks, 2), "Seed 7, edited");  // moved along a direction: edited
    h.frameAfter([&] { doc->setAmount(0, 0.0f); });
    const QImage again = h.frameAfter([&] { bookmarks->activate(2); });
    EXPECT_EQ(doc->amount(0), 2.0f);
    EXPECT_EQ(again, tilted);

    // Another model forgets them; reopening the same weights would not.
    ASSERT_TRUE(h.open(Models::get().plain));
    EXPECT_EQ(bookmarks->count(), 0);
    EXPECT_EQ(list->count(), 0);
}

TEST_F(LibraryBookmarksTest, DraggingABookmarkOntoKeyframesAddsIt) {
    Harness h;
    ASSERT_TRUE(h.open(defaultModel()));
    Document* doc = h.window.document();
    BookmarkLibrary* bookmarks = h.window.libraryActions()->library();
    BookmarksPanel* panel = h.window.libraryActions()->panel();
    KeyframesPanel* keyframes = h.window.explorer()->keyframesPanel();
    h.frameAfter([&] { doc->setSeed(11); });
    bookmarks->addCurrent();
    h.frameAfter([&] { doc->setLatentCoordinate(2, -1.75f); });
    bookmarks->addCurrent();
    doc->addKeyframe(edit::Keyframe{latent::sampleLatent(3, doc->latentSize()), 3, false});

    // What a drag of a bookmark carries, as the list makes it.
    auto dragData = [&](int row) {
        QListWidget* list = panel->list();
        return list->model()->mimeData({list->model()->index(row, 0)});
    };
    auto drop = [&](QMimeData* mime, QPoint at) {
        QWidget* viewport = keyframes->list()->viewport();
        QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, {});
        QApplication::sendEvent(viewport, &enter);
        EXPECT_TRUE(enter.isAccepted());
        QDropEvent dropEvent(QPointF(at), Qt::CopyAction, mime, Qt::LeftButton, {});
        QApplication::sendEvent(viewport, &dropEvent);
        EXPECT_TRUE(dropEvent.isAccepted());
        delete mime;
    };
    QMimeData* first = dragData(0);
    ASSERT_NE(first, nullptr);
    ASSERT_TRUE(first->hasFormat(QLatin1String(KeyframesPanel::kLatentMimeType)));
    drop(first, QPoint(5, keyframes->list()->viewport()->height() - 3));  // below the rows: the end
    ASSERT_EQ(doc->keyframes().size(), 2u);
    EXPECT_EQ(doc->keyframes()[1].z, latent::sampleLatent(11, doc->latentSize()));
    EXPECT_EQ(doc->keyframes()[1].seed, 11u);
    EXPECT_FALSE(doc->keyframes()[1].edited);

    // Onto the first row: it goes before it.
    const QRect row0 = keyframes->list()->visualItemRect(keyframes->list()->item(0));
    drop(dragData(1), row0.center());
    ASSERT_EQ(doc->keyframes().size(), 3u);
    EXPECT_EQ(doc->keyframes()[0].z, bookmarks->bookmarks()[1].frame.z);
    EXPECT_TRUE(doc->keyframes()[0].edited);
    EXPECT_EQ(keyframes->list()->count(), 3);

    // Something else dropped there is not taken.
    QMimeData text;
    text.setText(QStringLiteral("hello"));
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &text, Qt::LeftButton, {});
    QApplication::sendEvent(keyframes->list()->viewport(), &enter);
    EXPECT_FALSE(enter.isAccepted());
}

}  // namespace
}  // namespace latent::ui::test
