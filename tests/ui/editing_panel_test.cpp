// The Directions panel on the shipped default model, driven like a user: SeFa, PCA in the
// background with Cancel and its cache, sliders that change the frame, reset, undo from the menu.
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QStandardItemModel>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>

#include "core/edit/directionset.h"
#include "ui/document.h"
#include "ui/editing/attributedialog.h"
#include "ui/editing/classmorphbox.h"
#include "ui/editing/directioncontroller.h"
#include "ui/editing/directionspanel.h"
#include "ui/editing/editactions.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/latentpanel.h"
#include "ui/library/libraryactions.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class EditingPanelTest : public ::testing::Test {
protected:
    void SetUp() override {
        clearSettings();
        // A private copy: PCA caches its directions beside the model, never in the source tree.
        ASSERT_TRUE(dir.isValid());
        model = dir.filePath(QStringLiteral("default.ltm"));
        ASSERT_TRUE(
            QFile::copy(QStringLiteral(LATENT_SOURCE_DIR "/resources/models/default.ltm"), model));
    }

    DirectionsPanel* panel(Harness& h) const { return h.window.explorer()->directionsPanel(); }

    // Clicks `button` and waits until the controller has put directions into the Document.
    static bool applyVia(DirectionsPanel* p, QPushButton* button) {
        QSignalSpy applied(p->controller(), &DirectionController::directionsApplied);
        button->click();
        return QTest::qWaitFor([&] { return applied.count() > 0; }, kTimeoutMs);
    }

    QTemporaryDir dir;
    QString model;
};

TEST_F(EditingPanelTest, SefaFillsTenSliders) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    DirectionsPanel* p = panel(h);
    EXPECT_EQ(p->sliderCount(), 0);
    ASSERT_TRUE(applyVia(p, p->sefaButton())) << p->messageLabel()->text().toStdString();
    EXPECT_EQ(p->sliderCount(), 10);
    EXPECT_EQ(p->visibleSliderCount(), 10);
    EXPECT_FALSE(p->showAllButton()->isVisible());
    EXPECT_EQ(h.window.document()->directions().front().name, "SeFa 1");
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(p->slider(i)->isVisible()) << i;
}

TEST_F(EditingPanelTest, ASliderChangesTheFrameAndResetRestoresIt) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    DirectionsPanel* p = panel(h);
    ASSERT_TRUE(applyVia(p, p->sefaButton()));
    Document* doc = h.window.document();
    const QImage plain = h.frameAfter([&] { doc->setSeed(12); });
    ASSERT_FALSE(plain.isNull());
    const QImage edited = h.frameAfter([&] { p->slider(0)->setValue(250); });
    EXPECT_FLOAT_EQ(doc->amount(0), 2.5f);
    ASSERT_EQ(doc->renderRequest().edits.size(), 1u);
    EXPECT_NE(edited, plain) << "+2.5σ along SeFa 1 did not change the image";
    EXPECT_EQ(h.frameAfter([&] { p->resetButton(0)->click(); }), plain);
    EXPECT_EQ(p->slider(0)->value(), 0);
    h.frameAfter([&] { p->slider(3)->setValue(-200); });
    EXPECT_EQ(h.frameAfter([&] { p->resetAllButton()->click(); }), plain);
    // A double-click on a slider resets that one direction.
    h.frameAfter([&] { p->slider(2)->setValue(150); });
    EXPECT_EQ(h.frameAfter([&] { QTest::mouseDClick(p->slider(2), Qt::LeftButton); }), plain);
    EXPECT_FLOAT_EQ(doc->amount(2), 0.0f);
}

TEST_F(EditingPanelTest, ClassMorphBlendsTowardTheOtherClass) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    Document* doc = h.window.document();
    ClassMorphBox* morph = panel(h)->classMorphBox();
    ASSERT_FALSE(morph->isHidden());  // the default model is conditional
    const QImage shirt = h.frameAfter([&] { doc->setSeed(5); });
    const QImage trouser = h.frameAfter([&] { doc->setClassIndex(1); });
    h.frameAfter([&] { doc->setClassIndex(0); });
    EXPECT_EQ(morph->fromBox()->currentIndex(), 0);
    morph->toBox()->setCurrentIndex(1);
    const QImage half = h.frameAfter([&] { morph->slider()->setValue(ClassMorphBox::kSteps / 2); });
    EXPECT_NE(half, shirt);
    EXPECT_NE(half, trouser);
    EXPECT_FLOAT_EQ(doc->classMorphAmount(), 0.5f);
    ASSERT_FALSE(doc->renderRequest().edits.empty());
    EXPECT_EQ(doc->renderRequest().edits.back().direction.method, "class-morph");
    // Dragging on is the same step: one undo goes back to the plain shirt.
    h.frameAfter([&] { morph->slider()->setValue(ClassMorphBox::kSteps); });
    EXPECT_EQ(h.frameAfter([&] { doc->undoStack()->undo(); }), shirt);
    EXPECT_EQ(morph->slider()->value(), 0);
}

TEST_F(EditingPanelTest, ClassMorphNeverOffersAClassToItself) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    Document* doc = h.window.document();
    ClassMorphBox* morph = panel(h)->classMorphBox();
    h.frameAfter([&] { doc->setClassIndex(1); });  // "From" follows the class on screen
    EXPECT_EQ(morph->fromBox()->currentIndex(), 1);
    EXPECT_NE(morph->toBox()->currentIndex(), 1);
    auto* items = qobject_cast<QStandardItemModel*>(morph->toBox()->model());
    ASSERT_NE(items, nullptr);
    EXPECT_FALSE(items->item(1)->isEnabled());
    EXPECT_TRUE(items->item(0)->isEnabled());
    // So the first drag morphs, with no complaint about the same class twice.
    h.frameAfter([&] { morph->slider()->setValue(ClassMorphBox::kSteps / 2); });
    EXPECT_TRUE(morph->problem().isEmpty()) << morph->problem().toStdString();
    EXPECT_FLOAT_EQ(doc->classMorphAmount(), 0.5f);
    EXPECT_EQ(doc->classMorph().classFrom, 1);
    EXPECT_NE(doc->classMorph().classTo, 1);
    // Picking the target as "From" moves the target on.
    const int target = morph->toBox()->currentIndex();
    h.frameAfter([&] { morph->fromBox()->setCurrentIndex(target); });
    EXPECT_NE(morph->toBox()->currentIndex(), target);
    EXPECT_TRUE(morph->problem().isEmpty()) << morph->problem().toStdString();
}

TEST_F(EditingPanelTest, UndoFromTheMenuMovesTheSliderBack) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    DirectionsPanel* p = panel(h);
    ASSERT_TRUE(applyVia(p, p->sefaButton()));
    QSlider* slider = p->slider(1);
    // A drag: many values, then the release.
    slider->setSliderDown(true);
    for (int v = 10; v <= 150; v += 10) slider->setValue(v);
    slider->setSliderDown(false);
    QUndoStack* stack = h.window.document()->undoStack();
    EXPECT_EQ(stack->text(stack->index() - 1), QStringLiteral("SeFa 2 +1.5σ"));
    QAction* undo = h.window.editActions()->undoAction();
    EXPECT_TRUE(undo->text().contains(QStringLiteral("SeFa 2")));
    undo->trigger();
    EXPECT_EQ(slider->value(), 0);
    undo->trigger();  // the SeFa directions themselves
    EXPECT_EQ(p->sliderCount(), 0);
    h.window.editActions()->redoAction()->trigger();
    h.window.editActions()->redoAction()->trigger();
    EXPECT_EQ(p->slider(1)->value(), 150);
}

TEST_F(EditingPanelTest, EachDragOfALatentSliderIsOneUndoStep) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    QSlider* slider = h.window.explorer()->latentPanel()->slider(1);
    QUndoStack* stack = h.window.document()->undoStack();
    const int steps = stack->count();
    const auto drag = [&](int from, int to) {
        slider->setSliderDown(true);
        for (int v = from; v <= to; v += 10) slider->setValue(v);
        slider->setSliderDown(false);
    };
    drag(10, 100);
    drag(110, 200);
    EXPECT_EQ(stack->count(), steps + 2);
    EXPECT_EQ(stack->text(stack->count() - 1), QStringLiteral("z1 +2.00"));
    stack->undo();
    EXPECT_FLOAT_EQ(h.window.document()->currentLatent()[1], 1.0f);
    EXPECT_EQ(slider->value(), 100);
}

TEST_F(EditingPanelTest, PcaRunsInTheBackgroundAndIsCachedBesideTheModel) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    DirectionsPanel* p = panel(h);
    int ticksWhileBusy = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        if (p->controller()->busy()) ++ticksWhileBusy;
    });
    ticker.start(5);
    QSignalSpy progress(p->controller(), &DirectionController::progressChanged);
    ASSERT_TRUE(applyVia(p, p->pcaButton())) << p->messageLabel()->text().toStdString();
    EXPECT_FALSE(p->controller()->lastPcaFromCache());
    // The event loop kept running while PCA sampled: the timer ticked and progress arrived.
    EXPECT_GT(ticksWhileBusy, 0);
    EXPECT_GE(progress.count(), 2);
    EXPECT_EQ(p->sliderCount(), 10);
    EXPECT_EQ(h.window.document()->directions().front().method, "pca");
    const std::string cache = edit::directionCachePath(h.window.document()->info(), "pca");
    EXPECT_TRUE(QFile::exists(QString::fromStdString(cache)));

    // Again: from the cache, the same directions.
    const auto first = h.window.document()->directions();
    h.window.document()->setDirections({}, QStringLiteral("clear"));
    ASSERT_TRUE(applyVia(p, p->pcaButton()));
    EXPECT_TRUE(p->controller()->lastPcaFromCache());
    ASSERT_EQ(h.window.document()->directions().size(), first.size());
    EXPECT_EQ(h.window.document()->directions()[2].vector, first[2].vector);
}

TEST_F(EditingPanelTest, CancelStopsPca) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    DirectionsPanel* p = panel(h);
    QSignalSpy busy(p->controller(), &DirectionController::busyChanged);
    // Cancel as soon as the first batch reports, while the rest is still to come.
    QObject::connect(p->controller(), &DirectionController::progressChanged, p,
                     [p](double fraction) {
                         if (fraction > 0.0 && fraction < 1.0 && p->cancelButton()->isVisible()) {
                             p->cancelButton()->click();
                         }
                     });
    p->pcaButton()->click();
    EXPECT_TRUE(p->controller()->busy());
    EXPECT_FALSE(p->pcaButton()->isEnabled());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !p->controller()->busy(); }, kTimeoutMs));
    EXPECT_TRUE(h.window.document()->directions().empty());
    EXPECT_TRUE(p->messageLabel()->text().contains(QStringLiteral("cancelled")))
        << p->messageLabel()->text().toStdString();
    EXPECT_FALSE(QFile::exists(
        QString::fromStdString(edit::directionCachePath(h.window.document()->info(), "pca"))));
    EXPECT_TRUE(p->pcaButton()->isEnabled());
}

TEST_F(EditingPanelTest, DirectionFilesSaveLoadAndExplainProblems) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    DirectionsPanel* p = panel(h);
    ASSERT_TRUE(applyVia(p, p->sefaButton()));
    const auto sefa = h.window.document()->directions();
    const QString file = dir.filePath(QStringLiteral("mine.json"));
    DirectionController* c = p->controller();
    c->saveFile(file);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !c->busy(); }, kTimeoutMs));
    ASSERT_TRUE(QFile::exists(file)) << p->messageLabel()->text().toStdString();

    h.window.document()->setDirections({}, QStringLiteral("clear"));
    QSignalSpy applied(c, &DirectionController::directionsApplied);
    c->loadFile(file);
    ASSERT_TRUE(QTest::qWaitFor([&] { return applied.count() > 0; }, kTimeoutMs));
    ASSERT_EQ(h.window.document()->directions().size(), sefa.size());
    EXPECT_EQ(h.window.document()->directions()[4].vector, sefa[4].vector);

    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    QFile out(broken);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write("{\"format\": \"something else\"}");
    out.close();
    c->loadFile(broken);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !c->busy(); }, kTimeoutMs));
    EXPECT_TRUE(p->messageLabel()->isVisible());
    EXPECT_TRUE(p->messageLabel()->text().contains(QStringLiteral("broken.json")))
        << p->messageLabel()->text().toStdString();
    EXPECT_EQ(h.window.document()->directions().size(), sefa.size());  // nothing replaced
}

TEST_F(EditingPanelTest, AttributeButtonOpensTheAttributeDialog) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    QPushButton* button = panel(h)->attributeButton();
    ASSERT_TRUE(button->isEnabled());
    button->click();
    EXPECT_TRUE(h.window.libraryActions()->attributeDialog()->isVisible());
    h.window.libraryActions()->attributeDialog()->close();
}

TEST_F(EditingPanelTest, OpeningAnotherModelClearsHistoryAndSliders) {
    Harness h;
    ASSERT_TRUE(h.open(model));
    DirectionsPanel* p = panel(h);
    ASSERT_TRUE(applyVia(p, p->sefaButton()));
    ASSERT_TRUE(h.window.document()->undoStack()->canUndo());
    ASSERT_TRUE(h.open(Models::get().plain));
    EXPECT_FALSE(h.window.document()->undoStack()->canUndo());
    EXPECT_FALSE(h.window.editActions()->undoAction()->isEnabled());
    EXPECT_EQ(p->sliderCount(), 0);
}

}  // namespace
}  // namespace latent::ui::test
