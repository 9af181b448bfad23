// util::parseJson, the checked field readers and util::readInputFile: the entry points every
// reader of a user's file goes through.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "core/util/inputfile.h"
#include "core/util/json.h"
#include "tests/core/testutil.h"

namespace {

using latent::util::JsonFieldError;
using nlohmann::json;
namespace util = latent::util;

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string fieldError(const std::function<void()>& read) {
    try {
        read();
    } catch (const JsonFieldError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(UtilJson, ParsesWhatNlohmannParses) {
    auto j = util::parseJson(R"({"a": [1, 2.5, "x\"]["], "b": {"c": null}})");
    ASSERT_TRUE(j.ok()) << j.error();
    EXPECT_EQ((*j)["a"][2], "x\"][");
    EXPECT_TRUE((*j)["b"]["c"].is_null());
    // Exactly the limit is fine; brackets inside strings (escaped quotes too) do not count.
    EXPECT_TRUE(util::parseJson(nested(64)).ok());
    EXPECT_TRUE(util::parseJson("[\"" + std::string(1000, '[') + "\\\"" + "\"]").ok());
}

TEST(UtilJson, RefusesDeepNestingBeforeParsing) {
    // 200 000 levels crashed `latent info` (stack overflow in nlohmann's recursive copy).
    auto deep = util::parseJson(nested(200000));
    ASSERT_FALSE(deep.ok());
    EXPECT_EQ(deep.error(), "nested more than 64 levels deep");
    EXPECT_EQ(util::parseJson("{\"a\":" + nested(64) + "}").error(),
              "nested more than 64 levels deep");
    util::JsonLimits shallow;
    shallow.maxDepth = 2;
    EXPECT_FALSE(util::parseJson("[[[1]]]", shallow).ok());
    EXPECT_TRUE(util::parseJson("[[1]]", shallow).ok());
}

TEST(UtilJson, RefusesTextOverTheSizeLimit) {
    util::JsonLimits small;
    small.maxBytes = 10;
    auto big = util::parseJson("[1,2,3,4,5,6,7]", small);
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error(), "too large (15 bytes; at most 10 bytes)");
    EXPECT_EQ(util::parseJson(std::string(util::kMaxJsonBytes + 1, ' ')).error(),
              "too large (16.8 MB; at most 16.8 MB)");
}

TEST(UtilJson, SyntaxErrorsAreOneLineWithAPosition) {
    auto bad = util::parseJson("{\n  \"a\": [1,, 2]\n}");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(),
              "not valid JSON at line 2, column 11 (syntax error while parsing value - unexpected "
              "','; expected '[', '{', or a literal)");
    EXPECT_EQ(bad.error().find('\n'), std::string::npos);
    EXPECT_EQ(util::parseJson("").error().rfind("not valid JSON", 0), 0u);
}

TEST(UtilJson, FieldReadersRefuseWrappedAndMistypedValues) {
    const json j = json::parse(
        R"({"res": 4294967328, "neg": -1, "big": 1e39, "text": "1", "list": [1, null],
            "ok": 7, "f": 0.5, "b": true})");
    // nlohmann's get<int>() reads 2^32 + 32 as 32.
    EXPECT_EQ(fieldError([&] { util::jsonInt(j, "res", 0, 0, 1 << 20); }),
              "\"res\" must be an integer from 0 to 1048576 (got 4294967328)");
    EXPECT_EQ(fieldError([&] { util::jsonUint(j, "neg", 0); }),
              "\"neg\" must be an integer from 0 to 18446744073709551615 (got -1)");
    EXPECT_EQ(fieldError([&] { util::jsonFloat(j, "big", 1.0f, -1e30f, 1e30f); }),
              "\"big\" must be a number from -1e+30 to 1e+30 (got 1e+39)");
    EXPECT_EQ(fieldError([&] { util::jsonInt(j, "text", 0, 0, 5); }),
              "\"text\" must be an integer from 0 to 5 (got \"1\")");
    EXPECT_EQ(fieldError([&] { util::jsonFloats(j["list"], "list", 10); }),
              "\"list\" must be a list of numbers (got null)");
    EXPECT_EQ(fieldError([&] { util::jsonFloats(json::parse("[1e39]"), "z", 10); }),
              "\"z\" holds 1e+39, which is not a finite float");
    EXPECT_EQ(fieldError([&] { util::jsonFloats(json::parse("[1,2,3]"), "z", 2); }),
              "\"z\" has 3 values (at most 2)");
    EXPECT_EQ(fieldError([&] { util::jsonString(j, "ok"); }), "\"ok\" must be a string (got 7)");
    EXPECT_EQ(fieldError([&] { util::jsonBool(j, "ok", false); }),
              "\"ok\" must be true or false (got 7)");
    // In range, and absent keys give the fallback.
    EXPECT_EQ(util::jsonInt(j, "ok", 0, 0, 7), 7);
    EXPECT_EQ(util::jsonInt(j, "missing", -1, -1, 7), -1);
    EXPECT_EQ(util::jsonUint(j, "ok", 0), 7u);
    EXPECT_FLOAT_EQ(util::jsonFloat(j, "f", 1.0f, 0.0f, 1.0f), 0.5f);
    EXPECT_TRUE(util::jsonBool(j, "b", false));
}

TEST(UtilInputFile, RefusesWhatIsNotARegularFile) {
    latent::test::TempDir dir;
    const std::string fifo = dir.file("pipe.json");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // Would block forever in open() if it were opened.
    auto read = util::readInputFile(fifo, "a session", 1000);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error(),
              fifo + ": not a regular file (a pipe, socket or device cannot be a session)");
    EXPECT_EQ(util::readInputFile(dir.path(), "a session", 1000).error(),
              dir.path() + ": is a folder, not a session");
    EXPECT_EQ(util::readInputFile(dir.file("none"), "a session", 1000).error(),
              dir.file("none") + ": no such file");
    EXPECT_EQ(util::checkInputFile("/dev/zero", "an image").error(),
              "/dev/zero: not a regular file (a pipe, socket or device cannot be an image)");

    const std::string big = dir.file("big.json");
    std::ofstream(big) << std::string(2000, ' ');
    EXPECT_EQ(util::readInputFile(big, "a session", 1000).error(),
              big + ": too large for a session (2.0 KB; at most 1.0 KB)");
    auto fits = util::readInputFile(big, "a session", 2000);
    ASSERT_TRUE(fits.ok()) << fits.error();
    EXPECT_EQ(fits->size(), 2000u);
}
