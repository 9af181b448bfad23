// The attribute dialog: mark samples that have / lack an attribute, fit, get a slider.
#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>

#include <cmath>
#include <iostream>

#include "core/train/shippedmodels.h"
#include "ui/document.h"
#include "ui/editing/attributedialog.h"
#include "ui/library/libraryactions.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class AttributeDialogTest : public ::testing::Test {
protected:
    void SetUp() override { clearSettings(); }
};

AttributeDialog* openDialog(Harness& h) {
    QAction* action = h.window.findChild<QAction*>(QStringLiteral("newAttributeAction"));
    EXPECT_NE(action, nullptr);
    if (action) action->trigger();
    AttributeDialog* dialog = h.window.libraryActions()->attributeDialog();
    EXPECT_TRUE(dialog->isVisible());
    return dialog;
}

// The test's stand-in for a person looking at the pictures: the attribute is "z[0] is large".
// Clear cases only, as a person would mark them: once for has, twice for lacks.
void markByFirstCoordinate(AttributeDialog* dialog, int from) {
    AttributeSamples* samples = dialog->samples();
    for (int i = from; i < samples->count(); ++i) {
        const float z0 = samples->latent(i)[0];
        if (std::fabs(z0) < 0.5f) continue;
        dialog->sampleButton(i)->click();
        if (z0 < 0) dialog->sampleButton(i)->click();
    }
}

double cosineWithE0(const edit::Direction& d) {
    double norm = 0.0;
    for (float v : d.vector) norm += static_cast<double>(v) * v;
    return d.vector[0] / std::sqrt(norm);
}

TEST_F(AttributeDialogTest, MarksCycleAndFitNeedsTenOfEach) {
    Harness h;
    ASSERT_TRUE(h.open(MainWindow::defaultModelPath()));
    AttributeDialog* dialog = openDialog(h);
    AttributeSamples* samples = dialog->samples();
    ASSERT_EQ(samples->count(), AttributeSamples::kBatch);
    ASSERT_TRUE(QTest::qWaitFor([&] { return samples->idle(); }, kTimeoutMs));
    EXPECT_FALSE(samples->image(0).isNull());
    EXPECT_FALSE(dialog->fitButton()->isEnabled());

    // One sample through the cycle: has, lacks, unmarked; the icon shows each.
    QToolButton* button = dialog->sampleButton(0);
    const QImage plain = button->icon().pixmap(AttributeDialog::kThumbnail).toImage();
    button->click();
    EXPECT_EQ(samples->mark(0), AttributeSamples::Mark::Has);
    const QImage has = button->icon().pixmap(AttributeDialog::kThumbnail).toImage();
    button->click();
    EXPECT_EQ(samples->mark(0), AttributeSamples::Mark::Lacks);
    const QImage lacks = button->icon().pixmap(AttributeDialog::kThumbnail).toImage();
    button->click();
    EXPECT_EQ(samples->mark(0), AttributeSamples::Mark::None);
    EXPECT_NE(plain, has);
    EXPECT_NE(has, lacks);
    EXPECT_EQ(button->icon().pixmap(AttributeDialog::kThumbnail).toImage(), plain);

    // 9 has and 10 lacks: not yet; the tenth has enables Fit.
    dialog->moreButton()->click();
    ASSERT_EQ(samples->count(), 2 * AttributeSamples::kBatch);
    for (int i = 0; i < 9; ++i) samples->setMark(i, AttributeSamples::Mark::Has);
    for (int i = 9; i < 19; ++i) samples->setMark(i, AttributeSamples::Mark::Lacks);
    EXPECT_FALSE(dialog->fitButton()->isEnabled());
    EXPECT_TRUE(dialog->countsLabel()->text().contains(QStringLiteral("has 9</b></span>/10")))
        << dialog->countsLabel()->text().toStdString();
    samples->setMark(20, AttributeSamples::Mark::Has);
    EXPECT_TRUE(dialog->fitButton()->isEnabled());
    dialog->nameEdit()->clear();  // a name is needed too
    EXPECT_FALSE(dialog->fitButton()->isEnabled());
}

TEST_F(AttributeDialogTest, FitFindsThePlantedDirectionAndAddsASlider) {
    Harness h;
    ASSERT_TRUE(h.open(MainWindow::defaultModelPath()));
    Document* doc = h.window.document();
    AttributeDialog* dialog = openDialog(h);
    // The same samples on every run (the dialog draws random seeds otherwise).
    dialog->samples()->setSeedBase(2024);
    dialog->samples()->clear();
    EXPECT_EQ(dialog->sampleButton(0), nullptr);
    // Enough samples for a hundred-dimensional latent: five batches of clear cases.
    for (int batch = 0; batch < 5; ++batch) dialog->moreButton()->click();
    ASSERT_EQ(dialog->samples()->count(), 5 * AttributeSamples::kBatch);
    markByFirstCoordinate(dialog, 0);
    AttributeSamples* samples = dialog->samples();
    std::cout << "[ figures  ] marked " << samples->hasCount() << " has, " << samples->lacksCount()
              << " lacks of " << samples->count() << " samples\n";
    ASSERT_GE(samples->hasCount(), 10);
    ASSERT_GE(samples->lacksCount(), 10);
    dialog->nameEdit()->setText(QStringLiteral("planted"));
    ASSERT_TRUE(dialog->fitButton()->isEnabled());

    QSignalSpy added(dialog, &AttributeDialog::directionAdded);
    dialog->fitButton()->click();
    EXPECT_FALSE(dialog->fitButton()->isEnabled());  // while it fits
    ASSERT_TRUE(QTest::qWaitFor([&] { return added.count() == 1; }, kTimeoutMs))
        << dialog->statusLabel()->text().toStdString();
    ASSERT_EQ(doc->directions().size(), 1u);
    const edit::Direction& d = doc->directions()[0];
    EXPECT_EQ(d.name, "planted");
    EXPECT_EQ(d.method, "attribute");
    const double cosine = cosineWithE0(d);
    std::cout << "[ figures  ] cosine with e0: " << cosine << "\n";
    EXPECT_GT(cosine, 0.7);
    EXPECT_EQ(doc->amount(0), 0.0f);  // a new slider, at rest

    // The same name again is refused in words.
    dialog->nameEdit()->setText(QStringLiteral("planted"));
    dialog->fitButton()->click();
    EXPECT_TRUE(dialog->statusLabel()->text().contains(QStringLiteral("already")));

    // Keeping another direction fixed: the new one is perpendicular to it and still finds z[0].
    latent::Latent e1(static_cast<std::size_t>(doc->latentSize()), 0.0f);
    e1[1] = 1.0f;
    ASSERT_TRUE(doc->addDirection(edit::Direction{"tilt", "user", edit::Space::Z, e1, 1.0f}));
    QListWidget* keep = dialog->keepFixedList();
    ASSERT_EQ(keep->count(), 2);
    EXPECT_EQ(keep->item(1)->text(), QStringLiteral("tilt"));
    keep->item(1)->setCheckState(Qt::Checked);
    dialog->nameEdit()->setText(QStringLiteral("planted, tilt fixed"));
    dialog->fitButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return added.count() == 2; }, kTimeoutMs))
        << dialog->statusLabel()->text().toStdString();
    ASSERT_EQ(doc->directions().size(), 3u);
    const edit::Direction& kept = doc->directions()[2];
    EXPECT_NEAR(kept.vector[1], 0.0f, 1e-5f);
    EXPECT_GT(cosineWithE0(kept), 0.7);

    // Keeping the planted direction itself fixed leaves nothing to find: said in words.
    keep->item(0)->setCheckState(Qt::Checked);
    dialog->nameEdit()->setText(QStringLiteral("nothing left"));
    dialog->fitButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->idle(); }, kTimeoutMs));
    EXPECT_EQ(doc->directions().size(), 3u);
    EXPECT_TRUE(dialog->statusLabel()->text().startsWith(QStringLiteral("Could not fit")))
        << dialog->statusLabel()->text().toStdString();
    std::cout << "[ figures  ] " << dialog->statusLabel()->text().toStdString() << "\n";
}

TEST_F(AttributeDialogTest, TheFaceRegressorLabelsSamplesAndFitsASmileInOneClick) {
    ASSERT_FALSE(train::findFaceRegressor().empty()) << "the face regressor ships";
    Harness h;
    // A grey model: nothing for the face regressor to read, so no automatic labels.
    ASSERT_TRUE(h.open(MainWindow::defaultModelPath()));
    AttributeDialog* dialog = openDialog(h);
    EXPECT_FALSE(dialog->autoLabelBox()->isVisible());

    // The shipped face model: the box shows, with the face attributes to choose from.
    const QString faces = QFileInfo(MainWindow::defaultModelPath()).dir().filePath(
        QStringLiteral("faces.ltm"));
    ASSERT_TRUE(h.open(faces));
    Document* doc = h.window.document();
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->idle(); }, kTimeoutMs));
    EXPECT_TRUE(dialog->autoLabelBox()->isVisible());
    QComboBox* target = dialog->autoTargetBox();
    const int smile = target->findText(QStringLiteral("mouth smile"));
    ASSERT_GE(smile, 0);
    EXPECT_GE(target->findText(QStringLiteral("hair color: blond")), 0);
    target->setCurrentIndex(smile);
    dialog->autoCountBox()->setValue(200);

    QSignalSpy added(dialog, &AttributeDialog::directionAdded);
    dialog->autoFitButton()->click();
    EXPECT_FALSE(dialog->autoFitButton()->isEnabled());  // while it reads and fits
    EXPECT_FALSE(dialog->fitButton()->isEnabled());
    ASSERT_TRUE(QTest::qWaitFor([&] { return added.count() == 1; }, 4 * kTimeoutMs))
        << dialog->statusLabel()->text().toStdString();
    ASSERT_EQ(doc->directions().size(), 1u);
    const edit::Direction& d = doc->directions()[0];
    EXPECT_EQ(d.name, "mouth smile");
    EXPECT_EQ(d.method, "attribute");
    EXPECT_EQ(d.space, edit::Space::W);  // style-based: fitted in W
    EXPECT_EQ(static_cast<int>(d.vector.size()), doc->info().wSize);
    EXPECT_TRUE(dialog->statusLabel()->text().contains(QStringLiteral("face regressor")))
        << dialog->statusLabel()->text().toStdString();
    EXPECT_TRUE(dialog->autoFitButton()->isEnabled());
    saveShot(dialog, QStringLiteral("attribute-dialog-faces"));

    // Again: a second slider, with a name of its own.
    dialog->autoFitButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return added.count() == 2; }, 4 * kTimeoutMs));
    ASSERT_EQ(doc->directions().size(), 2u);
    EXPECT_EQ(doc->directions()[1].name, "mouth smile (2)");
}

}  // namespace
}  // namespace latent::ui::test
