// The toy run's picture reads on its own: the plane's coordinates on two axes and a colour bar
// that says which colour D gives "real" and which "fake".
#include <gtest/gtest.h>

#include <QColor>
#include <QImage>

#include "ui/training/toyview.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

bool orange(QRgb c) { return qRed(c) > 200 && qBlue(c) < 120; }
bool blue(QRgb c) { return qBlue(c) > 170 && qRed(c) < 120; }

TEST(ToyView, HeatMapHasAxesAndAColourBar) {
    ToyView view;
    view.resize(420, 360);
    auto snap = std::make_shared<train::TrainerSnapshot>();
    snap->heatmapSize = 2;
    snap->heatmap = {0.0f, 0.0f, 1.0f, 1.0f};  // bottom row fake, top row real
    snap->extent = 3.0f;
    snap->points = {0.0f, 0.0f};
    snap->realPoints = {2.0f, 0.0f};
    view.setSnapshot(snap);
    view.show();

    const QRect plot = view.plotRect();
    EXPECT_GE(plot.left(), ToyView::kAxisMargin);                     // room for y labels
    EXPECT_LE(plot.bottom(), view.height() - ToyView::kColourBarMargin - 14);  // labels, bar
    const QImage shot = view.grab().toImage();
    // The bar under the x labels: blue ("fake", 0) at its left end, orange ("real", 1) at its right.
    const int barY = plot.bottom() + ToyView::kAxisMargin + 1;
    EXPECT_TRUE(blue(shot.pixel(plot.left() + 4, barY))) << std::hex << shot.pixel(plot.left() + 4, barY);
    EXPECT_TRUE(orange(shot.pixel(plot.right() - 4, barY))) << std::hex << shot.pixel(plot.right() - 4, barY);
    // The plane itself: D's map, real on top.
    EXPECT_TRUE(orange(shot.pixel(plot.center().x() + plot.width() / 3, plot.top() + 4)));
    EXPECT_TRUE(blue(shot.pixel(plot.center().x() + plot.width() / 3, plot.bottom() - 4)));
    // Tick labels are drawn left of and under the plot: some ink there.
    auto inkIn = [&](const QRect& r) {
        for (int y = r.top(); y <= r.bottom(); ++y)
            for (int x = r.left(); x <= r.right(); ++x)
                if (qGray(shot.pixel(x, y)) < 100) return true;
        return false;
    };
    EXPECT_TRUE(inkIn(QRect(0, plot.top(), plot.left() - 5, plot.height())));
    EXPECT_TRUE(inkIn(QRect(plot.left(), plot.bottom() + 5, plot.width(), 12)));
    if (const QString shots = qEnvironmentVariable("LATENT_TEST_SHOTS"); !shots.isEmpty())
        shot.save(shots + QStringLiteral("/toyview.png"));
}

}  // namespace
}  // namespace latent::ui::test
