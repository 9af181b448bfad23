// The mouse wheel scrolls a panel and changes a control only when that control has focus
// (ui/wheelguard.h): one wheel turn over the class-morph box used to change the class.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <QVBoxLayout>
#include <QWheelEvent>

#include "ui/wheelguard.h"

namespace latent::ui::test {
namespace {

void turnWheel(QWidget* target) {
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QWheelEvent event(at, target->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(target, &event);
}

TEST(WheelGuardTest, TheWheelScrollsThePanelUnlessTheControlHasFocus) {
    WheelGuard::install();
    WheelGuard::install();  // once is enough; a second call must not double anything
    QScrollArea area;
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    auto* combo = new QComboBox;
    combo->addItems({QStringLiteral("T-shirt"), QStringLiteral("Trouser"),
                     QStringLiteral("Pullover"), QStringLiteral("Ankle boot")});
    combo->setCurrentIndex(1);
    auto* slider = new QSlider(Qt::Horizontal);
    slider->setRange(0, 100);
    slider->setValue(50);
    auto* spin = new QSpinBox;
    spin->setRange(0, 100);
    spin->setValue(5);
    layout->addWidget(combo);
    layout->addWidget(slider);
    layout->addWidget(spin);
    layout->addSpacing(3000);
    area.setWidget(content);
    area.setWidgetResizable(true);
    area.resize(240, 200);
    area.show();
    QApplication::setActiveWindow(&area);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&area));
    area.setFocus();

    QScrollBar* bar = area.verticalScrollBar();
    ASSERT_TRUE(bar->isVisible());
    // Over each control in turn (and the spin box's own line edit): the column scrolls and
    // nothing changes.
    int scrolled = bar->value();
    for (QWidget* target : {static_cast<QWidget*>(combo), static_cast<QWidget*>(slider),
                            static_cast<QWidget*>(spin),
                            static_cast<QWidget*>(spin->findChild<QLineEdit*>())}) {
        ASSERT_NE(target, nullptr);
        turnWheel(target);
        EXPECT_GT(bar->value(), scrolled) << target->metaObject()->className();
        scrolled = bar->value();
    }
    EXPECT_EQ(combo->currentIndex(), 1);
    EXPECT_EQ(slider->value(), 50);
    EXPECT_EQ(spin->value(), 5);

    // A control the user clicked or tabbed into takes the wheel, as it always did.
    combo->setFocus();
    ASSERT_TRUE(combo->hasFocus());
    turnWheel(combo);
    EXPECT_EQ(combo->currentIndex(), 2);
    spin->setFocus();
    turnWheel(spin);
    EXPECT_EQ(spin->value(), 4);
    EXPECT_EQ(combo->currentIndex(), 2) << "the focus moved on, so the combo box is safe again";
    turnWheel(combo);
    EXPECT_EQ(combo->currentIndex(), 2);
}

}  // namespace
}  // namespace latent::ui::test
