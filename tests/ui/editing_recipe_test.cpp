// Recipes of edited frames: File > Save Image records the applied directions whole, and opening
// the PNG brings back the same frame with the same slider amounts.
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>

#include "core/export/recipe.h"
#include "ui/document.h"
#include "ui/editing/directioncontroller.h"
#include "ui/editing/directionspanel.h"
#include "ui/explorer/explorer.h"
#include "ui/export/exportactions.h"
#include "ui/export/recipecontroller.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

class EditingRecipeTest : public ::testing::Test {
protected:
    void SetUp() override {
        clearSettings();
        ASSERT_TRUE(dir.isValid());
    }

    static QString defaultModel() {
        return QStringLiteral(LATENT_SOURCE_DIR "/resources/models/default.ltm");
    }

    QTemporaryDir dir;
};

TEST_F(EditingRecipeTest, SavedImageCarriesTheEditsAndOpensBackToThem) {
    Harness h;
    ASSERT_TRUE(h.open(defaultModel()));
    Document* doc = h.window.document();
    DirectionsPanel* p = h.window.explorer()->directionsPanel();
    QSignalSpy applied(p->controller(), &DirectionController::directionsApplied);
    p->sefaButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return applied.count() > 0; }, kTimeoutMs));
    h.frameAfter([&] { doc->setSeed(21); });
    h.frameAfter([&] { p->slider(0)->setValue(200); });
    const QImage shown = h.frameAfter([&] { p->slider(4)->setValue(-150); });
    ASSERT_FALSE(shown.isNull());

    RecipeController* recipes = h.window.exportActions()->recipes();
    const QString path = dir.filePath(QStringLiteral("edited.png"));
    QSignalSpy saved(recipes, &RecipeController::saved);
    recipes->saveImage(path, 1, false);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return saved.count() > 0 || !h.errors.empty(); }, kTimeoutMs));
    ASSERT_TRUE(h.errors.empty()) << h.errors.front().toStdString();
    // The PNG is the frame on screen, edits included.
    EXPECT_EQ(QImage(path).convertToFormat(QImage::Format_RGB888),
              shown.convertToFormat(QImage::Format_RGB888));
    const Result<export_::Recipe> recipe = export_::readRecipeFromPng(path.toStdString());
    ASSERT_TRUE(recipe.ok()) << recipe.error();
    ASSERT_EQ(recipe->edits.size(), 2u);
    EXPECT_EQ(recipe->edits[0].direction.name, "SeFa 1");
    EXPECT_FLOAT_EQ(recipe->edits[0].amount, 2.0f);
    EXPECT_EQ(recipe->edits[1].direction.vector, doc->directions()[4].vector);
    EXPECT_FLOAT_EQ(recipe->edits[1].amount, -1.5f);
    EXPECT_EQ(recipe->seed, std::optional<std::uint64_t>(21));  // z itself is the seed's

    // Elsewhere, then back through the PNG: same frame, same sliders.
    h.frameAfter([&] { p->resetAllButton()->click(); });
    h.frameAfter([&] { doc->setSeed(3); });
    QSignalSpy opened(recipes, &RecipeController::recipeOpened);
    const QImage back = h.frameAfter([&] {
        h.window.openFile(path);
        EXPECT_TRUE(QTest::qWaitFor([&] { return opened.count() > 0; }, kTimeoutMs));
    });
    EXPECT_EQ(back, shown);
    EXPECT_EQ(p->slider(0)->value(), 200);
    EXPECT_EQ(p->slider(4)->value(), -150);
    EXPECT_EQ(p->sliderCount(), 10);  // matched the open directions, none appended
}

TEST_F(EditingRecipeTest, MoreThanTenDirectionsShowTenUntilAskedForAll) {
    Harness h;
    ASSERT_TRUE(h.open(Models::get().plain));
    Document* doc = h.window.document();
    std::vector<edit::Direction> many;
    for (int i = 0; i < 12; ++i) {
        edit::Direction d;
        d.name = "axis " + std::to_string(i);
        d.method = "user";
        d.vector.assign(static_cast<std::size_t>(doc->latentSize()), 0.0f);
        d.vector[static_cast<std::size_t>(i)] = 1.0f;
        many.push_back(d);
    }
    ASSERT_TRUE(doc->setDirections(many, QStringLiteral("axes")));
    DirectionsPanel* p = h.window.explorer()->directionsPanel();
    EXPECT_EQ(p->sliderCount(), 12);
    EXPECT_EQ(p->visibleSliderCount(), 10);
    EXPECT_FALSE(p->slider(11)->isVisible());
    ASSERT_TRUE(p->showAllButton()->isVisible());
    p->showAllButton()->click();
    EXPECT_EQ(p->visibleSliderCount(), 12);
    EXPECT_TRUE(p->slider(11)->isVisible());
}

}  // namespace
}  // namespace latent::ui::test
