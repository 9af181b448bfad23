// Export dialogs driven as a user would, minus the modal prompts (answered by the test): an
// interpolation MP4 with the right frame count, Cancel leaving nothing, an existing file kept when
// the user says no; a grid and a dataset from their dialogs.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>

#include "core/export/video.h"
#include "core/export/videoprobe.h"
#include "ui/document.h"
#include "ui/export/datasetexportdialog.h"
#include "ui/export/exportactions.h"
#include "ui/export/gridexportdialog.h"
#include "ui/export/videoexportdialog.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class ExportVideoTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }

    static void addKeyframes(Document* doc, std::initializer_list<std::uint64_t> seeds) {
        for (std::uint64_t s : seeds) {
            doc->addKeyframe(edit::Keyframe{latent::sampleLatent(s, doc->latentSize()), s, false});
        }
    }

    // Starts the dialog's export and waits for its result.
    static export_::ExportResult run(ExportDialog* dialog) {
        QSignalSpy finished(dialog->controller(), &ExportController::finished);
        EXPECT_TRUE(dialog->startExport()) << dialog->statusLabel()->text().toStdString();
        EXPECT_TRUE(QTest::qWaitFor([&] { return finished.count() == 1; }, kTimeoutMs));
        return dialog->controller()->lastResult();
    }
};

TEST_F(ExportVideoTest, Mp4FromTheDialogHasOneFramePerPathStep) {
    if (!export_::videoExportAvailable()) GTEST_SKIP() << "built without FFmpeg";
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    addKeyframes(h.window.document(), {1, 2, 3});
    VideoExportDialog* dialog = h.window.exportActions()->videoDialog();
    dialog->framesPerSegmentBox()->setValue(6);
    // A 32-px model's video is offered at x8 (256 px) until the user picks a scale.
    EXPECT_EQ(dialog->scaleBox()->currentData().toInt(), 8);
    dialog->scaleBox()->setCurrentIndex(1);  // x2
    const QString path = dir.filePath(QStringLiteral("walk.mp4"));
    dialog->pathEdit()->setPath(path);
    EXPECT_EQ(dialog->formatBox()->currentIndex(), 0);

    const export_::ExportResult result = run(dialog);
    ASSERT_TRUE(result.ok()) << result.message;
    EXPECT_TRUE(dialog->statusLabel()->text().contains(QStringLiteral("walk.mp4")));
    EXPECT_EQ(dialog->progressBar()->value(), dialog->progressBar()->maximum());
    const Result<export_::VideoProbe> probe = export_::probeVideo(path.toStdString());
    ASSERT_TRUE(probe.ok()) << probe.error();
    EXPECT_EQ(probe->codec, "h264");
    EXPECT_EQ(probe->frames, 2 * 6 + 1);
    EXPECT_EQ(probe->width, 64);
    // The next export dialog starts in the folder this one went to.
    EXPECT_EQ(QFileInfo(h.window.exportActions()->gridDialog()->pathEdit()->path()).absolutePath(),
              QFileInfo(path).absolutePath());
}

TEST_F(ExportVideoTest, TypingAGifNamePicksGifAndDurationSetsFramesPerSegment) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    addKeyframes(h.window.document(), {1, 2, 3});
    VideoExportDialog* dialog = h.window.exportActions()->videoDialog();
    if (export_::videoExportAvailable()) {
        dialog->pathEdit()->setPath(QStringLiteral("/tmp/x.gif"));
        EXPECT_EQ(dialog->formatBox()->currentIndex(), 1);
        dialog->formatBox()->setCurrentIndex(0);
        EXPECT_EQ(dialog->pathEdit()->path(), QStringLiteral("/tmp/x.mp4"));
    }
    dialog->fpsBox()->setValue(10.0);
    dialog->durationBox()->setValue(4.0);  // 2 segments: 20 frames each
    EXPECT_EQ(dialog->framesPerSegmentBox()->value(), 20);
}

TEST_F(ExportVideoTest, CancelLeavesNoFile) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    addKeyframes(h.window.document(), {1, 2});
    VideoExportDialog* dialog = h.window.exportActions()->videoDialog();
    dialog->formatBox()->setCurrentIndex(export_::videoExportAvailable() ? 0 : 2);
    dialog->framesPerSegmentBox()->setValue(2000);
    const QString path = dir.filePath(export_::videoExportAvailable() ? QStringLiteral("long.mp4")
                                                                      : QStringLiteral("long"));
    dialog->pathEdit()->setPath(path);
    QSignalSpy finished(dialog->controller(), &ExportController::finished);
    QSignalSpy progress(dialog->controller(), &ExportController::progress);
    ASSERT_TRUE(dialog->startExport());
    EXPECT_TRUE(dialog->cancelButton()->isEnabled());
    ASSERT_TRUE(QTest::qWaitFor([&] { return progress.count() > 0; }, kTimeoutMs));
    dialog->cancelButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return finished.count() == 1; }, kTimeoutMs));
    EXPECT_EQ(dialog->controller()->lastResult().status, export_::ExportStatus::Cancelled);
    EXPECT_FALSE(QFileInfo::exists(path));
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
    EXPECT_TRUE(dialog->statusLabel()->text().contains(QStringLiteral("Cancelled")));
}

TEST_F(ExportVideoTest, ExistingFileIsNotReplacedWhenTheUserSaysNo) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().plain));
    addKeyframes(h.window.document(), {1, 2});
    int asked = 0;
    bool answer = false;
    h.window.setQuestion([&](const QString&, const QString&) {
        ++asked;
        return answer;
    });
    VideoExportDialog* dialog = h.window.exportActions()->videoDialog();
    dialog->formatBox()->setCurrentIndex(export_::videoExportAvailable() ? 0 : 2);
    dialog->framesPerSegmentBox()->setValue(3);
    const QString path = dir.filePath(export_::videoExportAvailable() ? QStringLiteral("old.mp4")
                                                                      : QStringLiteral("old"));
    if (export_::videoExportAvailable()) {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("my old video");
    } else {
        ASSERT_TRUE(QDir().mkpath(path));
    }
    dialog->pathEdit()->setPath(path);
    EXPECT_FALSE(dialog->startExport());
    EXPECT_EQ(asked, 1);
    EXPECT_FALSE(dialog->controller()->running());
    if (export_::videoExportAvailable()) {
        EXPECT_EQ(QFileInfo(path).size(), 12);
    }
    EXPECT_TRUE(dialog->statusLabel()->text().contains(QStringLiteral("kept")));

    answer = true;  // now replace it
    const export_::ExportResult result = run(dialog);
    ASSERT_TRUE(result.ok()) << result.message;
    EXPECT_EQ(asked, 2);
    if (export_::videoExportAvailable()) {
        EXPECT_GT(QFileInfo(path).size(), 12);
    }
}

TEST_F(ExportVideoTest, NeedsTwoKeyframes) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    VideoExportDialog* dialog = h.window.exportActions()->videoDialog();
    dialog->pathEdit()->setPath(QStringLiteral("/tmp/never.mp4"));
    EXPECT_FALSE(dialog->startExport());
    EXPECT_TRUE(dialog->statusLabel()->text().contains(QStringLiteral("two keyframes")));
}

TEST_F(ExportVideoTest, GridAndDatasetFromTheirDialogs) {
    Harness h;
    QTemporaryDir dir;
    ASSERT_TRUE(h.open(Models::get().conditional));
    GridExportDialog* grid = h.window.exportActions()->gridDialog();
    grid->modeBox()->setCurrentIndex(2);  // classes x seeds
    grid->firstSeedBox()->setValue(0);
    grid->lastSeedBox()->setValue(3);
    grid->pathEdit()->setPath(dir.filePath(QStringLiteral("grid.png")));
    const export_::ExportResult g = run(grid);
    ASSERT_TRUE(g.ok()) << g.message;
    EXPECT_EQ(g.items, 12);
    EXPECT_FALSE(QImage(dir.filePath(QStringLiteral("grid.png"))).isNull());

    DatasetExportDialog* dataset = h.window.exportActions()->datasetDialog();
    dataset->perClassBox()->setValue(2);
    const QString folder = dir.filePath(QStringLiteral("data"));
    dataset->pathEdit()->setPath(folder);
    const export_::ExportResult d = run(dataset);
    ASSERT_TRUE(d.ok()) << d.message;
    EXPECT_EQ(d.items, 6);
    EXPECT_TRUE(QFileInfo::exists(folder + QStringLiteral("/labels.csv")));
}

}  // namespace
}  // namespace latent::ui::test
