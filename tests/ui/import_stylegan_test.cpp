// Opening an NVIDIA StyleGAN pickle in the app: it is never unpickled here; the import dialog
// converts it with the Python converter in a child process and opens the result.
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>

#include "ui/convert/importstylegandialog.h"
#include "ui/document.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

QString fakeStyleGanRepo() {
    return QString::fromUtf8(LATENT_SOURCE_DIR) + QStringLiteral("/tests/fixtures/stylegan_repo");
}

class ImportStyleGanTest : public ::testing::Test {
protected:
    void SetUp() override {
        clearSettings();
        ASSERT_TRUE(m_dir.isValid());
    }

    // Opens the pickle like a user (File > Open, or a drop) and returns the dialog it leads to.
    ImportStyleGanDialog* openPickle(Harness& h) {
        h.window.openFile(fixturePath("stylegan2.pkl"));
        ImportStyleGanDialog* dialog = h.window.importDialog();
        EXPECT_TRUE(QTest::qWaitFor([&] { return dialog->isVisible(); }, kTimeoutMs));
        return dialog;
    }

    QTemporaryDir m_dir;
};

TEST_F(ImportStyleGanTest, OpeningAPickleOffersToConvertItAndOpensTheResult) {
    Harness h;
    ImportStyleGanDialog* dialog = openPickle(h);
    EXPECT_TRUE(h.errors.empty()) << h.errors.front().toStdString();  // no error box
    EXPECT_EQ(QFileInfo(dialog->pickleEdit()->text()).fileName(), QStringLiteral("stylegan2.pkl"));
    EXPECT_EQ(QFileInfo(dialog->outputEdit()->text()).fileName(), QStringLiteral("stylegan2.pt"));
    EXPECT_FALSE(h.window.document()->hasModel());

    const QString out = m_dir.filePath(QStringLiteral("faces.pt"));
    dialog->outputEdit()->setText(out);
    dialog->repoEdit()->setText(fakeStyleGanRepo());
    QSignalSpy opened(&h.window, &MainWindow::modelOpened);
    dialog->convertButton()->click();
    EXPECT_TRUE(dialog->running());
    EXPECT_FALSE(dialog->convertButton()->isEnabled());
    ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0 || !dialog->running(); }, kTimeoutMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0; }, kTimeoutMs)) << dialog->status().toStdString();
    EXPECT_TRUE(QFileInfo(out).isFile());
    EXPECT_FALSE(dialog->isVisible());
    EXPECT_EQ(h.window.document()->info().architecture, "stylegan2");
    EXPECT_EQ(h.window.document()->info().name, "stylegan2");
    // The code folder is remembered for the next pickle.
    ImportStyleGanDialog again;
    EXPECT_EQ(again.repoEdit()->text(), fakeStyleGanRepo());
}

TEST_F(ImportStyleGanTest, WithoutTheStyleGanCodeItSaysWhatToChooseAndWritesNothing) {
    Harness h;
    ImportStyleGanDialog* dialog = openPickle(h);
    const QString out = m_dir.filePath(QStringLiteral("faces.pt"));
    dialog->outputEdit()->setText(out);
    dialog->repoEdit()->clear();
    dialog->convertButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog->running(); }, kTimeoutMs));
    const QString status = dialog->status();
    EXPECT_TRUE(status.contains(QStringLiteral("'fakegan' not found"))) << status.toStdString();
    EXPECT_TRUE(status.contains(QStringLiteral("--stylegan-repo"))) << status.toStdString();
    EXPECT_FALSE(status.contains(QLatin1Char('\n')));
    EXPECT_FALSE(QFileInfo::exists(out));
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_TRUE(dialog->convertButton()->isEnabled());
    EXPECT_FALSE(h.window.document()->hasModel());
}

TEST_F(ImportStyleGanTest, BadFieldsAreExplainedBeforeAnythingRuns) {
    ImportStyleGanDialog dialog;
    dialog.showFor(m_dir.filePath(QStringLiteral("missing.pkl")));
    dialog.convert();
    EXPECT_FALSE(dialog.running());
    EXPECT_TRUE(dialog.status().contains(QStringLiteral("file not found"))) << dialog.status().toStdString();
    dialog.showFor(fixturePath("stylegan2.pkl"));
    dialog.repoEdit()->setText(m_dir.filePath(QStringLiteral("no such folder")));
    dialog.outputEdit()->setText(m_dir.filePath(QStringLiteral("x.pt")));
    dialog.convert();
    EXPECT_FALSE(dialog.running());
    EXPECT_TRUE(dialog.status().contains(QStringLiteral("not a folder"))) << dialog.status().toStdString();
}

}  // namespace
}  // namespace latent::ui::test
