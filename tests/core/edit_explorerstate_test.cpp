// The explorer frame's amounts travel by direction name (core/edit/explorerstate.h): the helpers
// that keep them consistent with a list of directions.
#include <gtest/gtest.h>

#include "core/edit/explorerstate.h"

using namespace latent;

namespace {

std::vector<edit::Direction> named(std::initializer_list<const char*> names) {
    std::vector<edit::Direction> out;
    for (const char* n : names) {
        edit::Direction d;
        d.name = n;
        d.method = "user";
        out.push_back(d);
    }
    return out;
}

TEST(ExplorerStateTest, AmountsFollowTheDirectionsOrderAndDropUnknownNamesAndZeros) {
    const auto directions = named({"age", "smile", "pose"});
    const std::vector<edit::DirectionAmount> amounts = {
        {"pose", 0.5f}, {"gone", 2.0f}, {"age", 0.0f}, {"smile", -1.0f}};
    const std::vector<edit::DirectionAmount> expected = {{"smile", -1.0f}, {"pose", 0.5f}};
    EXPECT_EQ(edit::normalizedAmounts(directions, amounts), expected);
}

TEST(ExplorerStateTest, SettingAnAmountReplacesItAndZeroRemovesIt) {
    const auto directions = named({"age", "smile"});
    edit::ExplorerFrame frame;
    edit::setAmountOf(frame, directions, "smile", 1.5f);
    edit::setAmountOf(frame, directions, "age", -0.5f);
    edit::setAmountOf(frame, directions, "smile", 2.0f);
    EXPECT_FLOAT_EQ(edit::amountOf(frame, "smile"), 2.0f);
    EXPECT_FLOAT_EQ(edit::amountOf(frame, "age"), -0.5f);
    ASSERT_EQ(frame.amounts.size(), 2u);
    EXPECT_EQ(frame.amounts[0].name, "age");  // the directions' order, not the order set
    edit::setAmountOf(frame, directions, "age", 0.0f);
    EXPECT_EQ(frame.amounts.size(), 1u);
    EXPECT_FLOAT_EQ(edit::amountOf(frame, "age"), 0.0f);
    edit::setAmountOf(frame, directions, "not a direction", 3.0f);
    EXPECT_EQ(frame.amounts.size(), 1u);
}

TEST(ExplorerStateTest, RepeatedNamesGetANumber) {
    const auto directions = named({"smile", "smile (2)", "age"});
    EXPECT_EQ(edit::uniqueDirectionName(directions, "pose"), "pose");
    EXPECT_EQ(edit::uniqueDirectionName(directions, "smile"), "smile (3)");
    EXPECT_EQ(edit::uniqueDirectionName(directions, "age"), "age (2)");
    // A direction keeps its own name when it is the one being renamed.
    EXPECT_EQ(edit::uniqueDirectionName(directions, "age", 2), "age");
    EXPECT_EQ(edit::uniqueDirectionName(directions, ""), "direction");
}

}  // namespace
