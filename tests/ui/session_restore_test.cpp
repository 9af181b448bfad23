// Session files in the app: save, open in a new window, and the same frame, state, keyframes and
// bookmarks come back; broken sessions leave everything as it was.
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>

#include <cmath>
#include <fstream>

#include "core/edit/explorersession.h"
#include "core/latent/latent.h"
#include "ui/document.h"
#include "ui/editing/classmorphbox.h"
#include "ui/editing/directionspanel.h"
#include "ui/explorer/explorer.h"
#include "ui/library/bookmarklibrary.h"
#include "ui/library/libraryactions.h"
#include "ui/modelloader.h"
#include "ui/explorersession/explorersessioncontroller.h"
#include "fakemodel.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class SessionRestoreTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

ExplorerSessionController* sessions(Harness& h) { return h.window.libraryActions()->sessions(); }

bool saveSession(Harness& h, const QString& path) {
    QSignalSpy saved(sessions(h), &ExplorerSessionController::saved);
    sessions(h)->save(path);
    return QTest::qWaitFor([&] { return saved.count() == 1 || !h.errors.empty(); }, kTimeoutMs) &&
           saved.count() == 1;
}

// Opens a session the way a user does (File > Open, a drop) and waits for its frame.
bool openSession(Harness& h, const QString& path) {
    QSignalSpy opened(sessions(h), &ExplorerSessionController::opened);
    const int frames = h.renderer()->frameCount();
    h.window.openFile(path);
    if (!QTest::qWaitFor([&] { return opened.count() == 1 || !h.errors.empty(); }, kTimeoutMs))
        return false;
    return opened.count() == 1 && h.waitForFrameAfter(frames);
}

// Settles, then says whether nothing is loading or rendering any more.
bool settle(Harness& h) {
    return QTest::qWaitFor(
        [&] {
            return !sessions(h)->busy() && !h.window.modelLoader()->busy() && h.renderer()->idle();
        },
        kTimeoutMs);
}

TEST_F(SessionRestoreTest, ANewWindowShowsTheSameFrameAndState) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("walk.latent-session.json"));
    QImage frame;
    EditingState state;
    std::vector<edit::Keyframe> keyframes;
    std::optional<edit::ExplorerFrame> a, b;
    std::vector<edit::Bookmark> bookmarks;
    {
        Harness h;
        ASSERT_TRUE(h.open(MainWindow::defaultModelPath()));
        Document* doc = h.window.document();
        h.frameAfter([&] { doc->setSeed(3); });
        doc->setKeyframeA();
        h.frameAfter([&] { doc->setSeed(8); });
        doc->setKeyframeB();
        doc->addKeyframe(edit::Keyframe{latent::sampleLatent(5, doc->latentSize()), 5, false});
        doc->addCurrentKeyframe();
        h.window.libraryActions()->library()->addCurrent();
        latent::Latent unit(static_cast<std::size_t>(doc->latentSize()), 0.0f);
        unit[1] = 1.0f;
        ASSERT_TRUE(doc->addDirection(edit::Direction{"tilt", "user", edit::Space::Z, unit, 1.0f}));
        frame = h.frameAfter([&] {
            doc->setAbPosition(0.3f);
            doc->setClassIndex(4);
            doc->setTruncation(0.8f);
            doc->setLatentCoordinate(5, 1.25f);
            doc->setAmount(0, 1.5f);
            // A class-morph target picked but not yet dragged is part of the state too.
            h.window.explorer()->directionsPanel()->classMorphBox()->toBox()->setCurrentIndex(7);
        });
        ASSERT_FALSE(frame.isNull());
        h.window.libraryActions()->library()->addCurrent();
        state = doc->state();
        keyframes = doc->keyframes();
        a = doc->keyframeA();
        b = doc->keyframeB();
        bookmarks = h.window.libraryActions()->library()->bookmarks();
        QAction* saveAction = h.window.findChild<QAction*>(QStringLiteral("saveSessionAction"));
        ASSERT_NE(saveAction, nullptr);
        EXPECT_EQ(saveAction->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
        EXPECT_TRUE(saveAction->isEnabled());
        ASSERT_TRUE(saveSession(h, path))
            << (h.errors.empty() ? "" : h.errors.front().toStdString());
    }
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files),
              QStringList{QStringLiteral("walk.latent-session.json")});

    Harness h;
    ASSERT_TRUE(openSession(h, path)) << (h.errors.empty() ? "" : h.errors.front().toStdString());
    ASSERT_TRUE(settle(h));
    Document* doc = h.window.document();
    EXPECT_EQ(doc->modelPath(), MainWindow::defaultModelPath());
    EXPECT_TRUE(doc->state() == state);
    EXPECT_EQ(doc->amount(0), 1.5f);
    EXPECT_EQ(doc->truncation(), 0.8f);
    EXPECT_EQ(doc->classMorph().classTo, 7);
    EXPECT_EQ(h.window.explorer()->directionsPanel()->classMorphBox()->toBox()->currentIndex(), 7);
    EXPECT_EQ(h.renderer()->lastFrame(), frame);  // the same pixels
    ASSERT_EQ(doc->keyframes().size(), keyframes.size());
    for (std::size_t i = 0; i < keyframes.size(); ++i) {
        EXPECT_EQ(doc->keyframes()[i].z, keyframes[i].z);
        EXPECT_EQ(doc->keyframes()[i].seed, keyframes[i].seed);
    }
    ASSERT_TRUE(doc->keyframeA() && doc->keyframeB());
    EXPECT_EQ(doc->keyframeA()->z, a->z);
    EXPECT_EQ(doc->keyframeB()->z, b->z);
    EXPECT_EQ(h.window.libraryActions()->library()->bookmarks(), bookmarks);
    EXPECT_TRUE(h.errors.empty());
}

TEST_F(SessionRestoreTest, BrokenSessionsSayWhyAndKeepTheCurrentState) {
    QTemporaryDir dir;
    Harness h;
    ASSERT_TRUE(h.open(MainWindow::defaultModelPath()));
    Document* doc = h.window.document();
    const QImage before = h.frameAfter([&] { doc->setSeed(9); });
    const EditingState state = doc->state();

    // A good session of this model, to break in various ways.
    const QString goodPath = dir.filePath(QStringLiteral("good.latent-session.json"));
    ASSERT_TRUE(saveSession(h, goodPath));
    QFile goodFile(goodPath);
    ASSERT_TRUE(goodFile.open(QIODevice::ReadOnly));
    const QByteArray good = goodFile.readAll();

    auto attempt = [&](const QString& name, const QByteArray& contents) {
        const QString path = dir.filePath(name);
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(contents);
        file.close();
        h.errors.clear();
        h.window.openFile(path);
        EXPECT_TRUE(QTest::qWaitFor([&] { return !h.errors.empty(); }, kTimeoutMs))
            << name.toStdString();
        EXPECT_TRUE(settle(h));
        EXPECT_TRUE(doc->state() == state) << name.toStdString();
        EXPECT_EQ(doc->modelPath(), MainWindow::defaultModelPath());
        EXPECT_EQ(h.renderer()->lastFrame(), before);
        return h.errors.empty() ? std::string() : h.errors.front().toStdString();
    };

    const std::string cut =
        attempt(QStringLiteral("cut.latent-session.json"), good.left(good.size() / 2));
    EXPECT_NE(cut.find("cut.latent-session.json: not a session file"), std::string::npos) << cut;

    QByteArray missingModel = good;
    missingModel.replace(MainWindow::defaultModelPath().toUtf8(), "/nowhere/gone.ltm");
    const std::string missing =
        attempt(QStringLiteral("missing.latent-session.json"), missingModel);
    EXPECT_NE(missing.find("/nowhere/gone.ltm is missing"), std::string::npos) << missing;

    // The right file name but other weights.
    QByteArray otherWeights = good;
    const QByteArray hash = QByteArray::fromStdString(doc->info().contentHash);
    otherWeights.replace(hash, "0000000000000000");
    const std::string changed =
        attempt(QStringLiteral("changed.latent-session.json"), otherWeights);
    EXPECT_NE(changed.find("has changed since the session was saved"), std::string::npos)
        << changed;

    const std::string none = attempt(QStringLiteral("empty.latent-session.json"), QByteArray());
    EXPECT_NE(none.find("not a session file"), std::string::npos) << none;
}

// The feature on its own, as the window wires it: a Document, a bookmark library and the
// controller, no MainWindow. A session of the open weights applies at once; one of other weights
// asks for its model (modelWanted) and applies only when told the model is there.
TEST_F(SessionRestoreTest, TheControllerWorksWithADocumentAndNoWindow) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("alone.latent-session.json"));
    const Result<model::LoadedModel> plain = model::loadModel(Models::get().plain.toStdString());
    ASSERT_TRUE(plain.ok()) << plain.error();
    Document document;
    BookmarkLibrary library(&document);
    ExplorerSessionController controller(&document, &library);
    QSignalSpy saved(&controller, &ExplorerSessionController::saved);
    QSignalSpy opened(&controller, &ExplorerSessionController::opened);
    QSignalSpy wanted(&controller, &ExplorerSessionController::modelWanted);
    QSignalSpy failed(&controller, &ExplorerSessionController::failed);

    document.setModel(*plain);
    document.setSeed(4321);
    library.addCurrent();
    controller.save(path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return saved.count() == 1 || failed.count() > 0; },
                                kTimeoutMs));
    ASSERT_EQ(failed.count(), 0) << failed.first().at(1).toString().toStdString();

    // Same weights: no model is asked for, the frame comes back.
    document.setSeed(7);
    controller.open(path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() == 1 || failed.count() > 0; },
                                kTimeoutMs));
    EXPECT_EQ(wanted.count(), 0);
    EXPECT_EQ(document.seed(), 4321u);

    // Other weights in the Document: the session's model is asked for, nothing changes yet.
    document.setModel(fakeModel(24));
    controller.open(path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return wanted.count() == 1 || failed.count() > 0; },
                                kTimeoutMs));
    EXPECT_EQ(opened.count(), 1);
    EXPECT_TRUE(controller.busy());
    const QString modelPath = wanted.first().at(0).toString();
    EXPECT_EQ(QFileInfo(modelPath).canonicalFilePath(),
              QFileInfo(Models::get().plain).canonicalFilePath());
    // Another model answering does not apply it; the one asked for does.
    controller.modelOpened(Models::get().otherPlain);
    EXPECT_EQ(opened.count(), 1);
    controller.open(path);
    ASSERT_TRUE(QTest::qWaitFor([&] { return wanted.count() == 2 || failed.count() > 0; },
                                kTimeoutMs));
    document.setModel(*plain);
    controller.modelOpened(modelPath);
    EXPECT_EQ(opened.count(), 2);
    EXPECT_EQ(document.seed(), 4321u);
    EXPECT_EQ(library.count(), 1);
    EXPECT_FALSE(controller.busy());
    EXPECT_EQ(failed.count(), 0);
}

}  // namespace
}  // namespace latent::ui::test
