#include <gtest/gtest.h>

#include <string>

#include "core/util/result.h"

using namespace latent;

namespace {

Result<std::string> parseName(const std::string& text) {
    if (text.empty()) return Error{"the name is empty"};
    return text;
}

}  // namespace

TEST(Result, CarriesAValueOrAMessage) {
    const Result<std::string> good = parseName("ring8");
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, "ring8");
    EXPECT_EQ(good->size(), 5u);
    EXPECT_EQ(good.error(), "");

    const Result<std::string> bad = parseName("");
    EXPECT_FALSE(bad);
    EXPECT_EQ(bad.error(), "the name is empty");
}

TEST(Result, ReadingTheValueOfAFailureThrowsWithItsMessage) {
    const Result<std::string> bad = parseName("");
    try {
        (void)bad.value();
        FAIL() << "value() of a failed result returned";
    } catch (const BadResultAccess& e) {
        EXPECT_NE(std::string(e.what()).find("the name is empty"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)*bad, BadResultAccess);
    EXPECT_THROW((void)bad->size(), BadResultAccess);
    EXPECT_THROW((void)*parseName(""), BadResultAccess);
    Status failed = Error{"disk full"};
    EXPECT_THROW((void)failed.value(), BadResultAccess);
    EXPECT_NO_THROW((void)success().value());
}
