// The mode-collapse watch (core/train/collapse.h): which figure a run is judged by, and when the
// alarm rises, on rows as a collapsing and a healthy run write them.
#include <gtest/gtest.h>

#include <cmath>

#include "core/train/collapse.h"
#include "tests/core/train_configs.h"

namespace latent {
namespace {

std::vector<train::MetricsRow> measured(const std::vector<std::pair<std::int64_t, double>>& modes) {
    std::vector<train::MetricsRow> rows;
    for (auto [step, value] : modes) {
        train::MetricsRow unmeasured;
        unmeasured.step = step - 1;
        rows.push_back(unmeasured);
        train::MetricsRow row;
        row.step = step;
        row.modesCovered = value;
        rows.push_back(row);
    }
    return rows;
}

TEST(Collapse, EachKindOfRunIsJudgedByItsOwnFigure) {
    train::TrainConfig c = test::tinyToyConfig("/tmp/run");
    c.data = "toy:grid25";
    EXPECT_EQ(train::varietyOf(c).measure, train::VarietyMeasure::ModesCovered);
    EXPECT_EQ(train::varietyOf(c).full, 25);
    EXPECT_EQ(train::varietyOf(c).name, "modes covered (of 25)");
    c.data = "fashion-mnist";
    EXPECT_EQ(train::varietyOf(c).measure, train::VarietyMeasure::ClassEntropy);
    EXPECT_NEAR(train::varietyOf(c).full, std::log(10.0), 1e-12);
    c.data = "/photos/cats";
    EXPECT_EQ(train::varietyOf(c).measure, train::VarietyMeasure::Diversity);
    c.qualityEvery = 0;
    EXPECT_EQ(train::varietyOf(c).measure, train::VarietyMeasure::None);
}

TEST(Collapse, ARunThatLosesItsModesRaisesTheAlarmWithWhatToTry) {
    train::TrainConfig c = test::tinyToyConfig("/tmp/run");
    c.steps = 100000;
    c.qualityEvery = 1000;
    // Early and still learning: nothing, though few modes are covered yet.
    EXPECT_FALSE(train::checkCollapse(measured({{1000, 0}, {2000, 2}}), c).raised);
    // It covered 8 and fell to 2: collapse, even this early in the run.
    const train::CollapseAlarm fell =
        train::checkCollapse(measured({{1000, 3}, {2000, 8}, {3000, 2}}), c);
    ASSERT_TRUE(fell.raised);
    EXPECT_EQ(fell.step, 3000);
    EXPECT_NE(fell.message.find("At step 3000 the samples cover 2 of 8 modes"), std::string::npos)
        << fell.message;
    EXPECT_NE(fell.message.find("at step 2000 they cover 8 of 8 modes"), std::string::npos);
    EXPECT_NE(fell.message.find("lower learning rate"), std::string::npos);
    // It recovered: the alarm goes.
    EXPECT_FALSE(train::checkCollapse(measured({{2000, 8}, {3000, 2}, {4000, 7}}), c).raised);
    // A quarter into the run and never above half: raised too.
    EXPECT_TRUE(train::checkCollapse(measured({{1000, 1}, {25000, 3}}), c).raised);
    EXPECT_FALSE(train::checkCollapse(measured({{1000, 1}, {25000, 4}}), c).raised);
    EXPECT_FALSE(train::checkCollapse({}, c).raised);
}

TEST(Collapse, ClassEntropySaysHowManyClassesTheSamplesFallIn) {
    train::TrainConfig c = test::tinyToyConfig("/tmp/run");
    c.data = "fashion-mnist";
    c.steps = 1000;
    train::MetricsRow row;
    row.step = 900;
    row.classEntropy = std::log(2.0);
    const train::CollapseAlarm alarm = train::checkCollapse({row}, c);
    ASSERT_TRUE(alarm.raised);
    EXPECT_NE(alarm.message.find("fall in about 2 of 10 classes"), std::string::npos)
        << alarm.message;
    row.classEntropy = 2.0;
    EXPECT_FALSE(train::checkCollapse({row}, c).raised);
}

}  // namespace
}  // namespace latent
