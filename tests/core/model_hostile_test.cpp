// Hostile models (issue 11): archives a stranger could hand a user, built by
// tests/fixtures/hostile_models.py. Each is refused before any of it runs, or given up on with a
// one-line message, and the files it aims at are untouched.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "core/model/archivecheck.h"
#include "core/model/loader.h"
#include "model_testutil.h"
#include "testutil.h"

namespace latent {
namespace {

using test::contains;
using test::fixture;
using test::loadError;

const std::string kOriginal = "original";

std::string target(const std::string& name) { return fixture("hostile_target/" + name); }

// The file a model aims to overwrite, with known contents; removed again at scope exit.
struct Victim {
    Victim() { test::writeBytes(target("victim.bin"), kOriginal); }
    ~Victim() { std::filesystem::remove(target("victim.bin")); }
    std::string contents() const { return test::readBytes(target("victim.bin")); }
};

std::string cli() { return LATENT_CLI_PATH; }

using test::lineCount;

TEST(HostileModel, ReadingAFileIsRefusedBeforeAnythingRuns) {
    test::writeBytes(target("secret.txt"), "password");
    const std::string message = loadError(fixture("reads_file.pt"));
    EXPECT_TRUE(contains(message, "reads_file.pt: refused: method 'forward' uses aten::from_file "
                                  "(reads or writes files)"));
    EXPECT_TRUE(contains(message, "allowlist of pure tensor operations"));
    EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(HostileModel, WritingAFileFromASubmoduleIsRefusedAndTheFileIsUntouched) {
    Victim victim;
    const std::string message = loadError(fixture("writes_file.pt"));
    // The write sits one call down, in a submodule's forward: the inspection follows calls.
    EXPECT_TRUE(contains(message, "method 'forward' uses aten::from_file"));
    EXPECT_EQ(victim.contents(), kOriginal);
}

TEST(HostileModel, CodeThatRunsWhileLoadingIsRefusedBeforeLoading) {
    Victim victim;
    const std::string message = loadError(fixture("setstate.pt"));
    EXPECT_TRUE(contains(message, "defines __setstate__, code that would run while the archive loads"));
    EXPECT_EQ(victim.contents(), kOriginal);
}

TEST(HostileModel, PrintingAndChangingStateAreRefused) {
    EXPECT_TRUE(contains(loadError(fixture("prints.pt")), "method 'forward' uses prim::Print (prints)"));
    EXPECT_TRUE(contains(loadError(fixture("counter.pt")),
                         "uses prim::SetAttr (changes the model's state between calls)"));
}

TEST(HostileModel, ZipBombIsRefusedFromItsDirectory) {
    const std::string message = loadError(fixture("zip_bomb.pt"));
    EXPECT_TRUE(contains(message, "unpacks to more than"));
    EXPECT_TRUE(contains(message, "(a zip bomb?)"));
}

TEST(HostileModel, DeeplyNestedMetaJsonIsOneLine) {
    EXPECT_TRUE(contains(loadError(fixture("deep_meta.pt")),
                         "deep_meta.pt: meta.json is nested more than 64 levels deep"));
    const test::CommandRun r = test::runCommand(cli() + " info " + fixture("deep_meta.pt"));
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(lineCount(r.out), 1) << r.out.substr(0, 400);
}

TEST(HostileModel, AllowlistCoversTensorMathAndNothingElse) {
    for (const char* kind : {"aten::conv2d", "aten::leaky_relu_", "aten::add_", "prim::If",
                             "aten::__getitem__", "aten::linear", "prim::GetAttr"}) {
        EXPECT_TRUE(model::allowedOperation(kind)) << kind;
    }
    for (const char* kind : {"aten::from_file", "prim::Print", "aten::warn", "prim::SetAttr",
                             "prim::CallMethod", "aten::save", "torchvision::nms", "aten::__",
                             "aten::manual_seed", "aten::sleep", "prim::fork"}) {
        EXPECT_FALSE(model::allowedOperation(kind)) << kind;
    }
}

TEST(HostileModel, OurOwnArchivesPassTheInspection) {
    for (const char* name : {"good_uncond.pt", "good_cond.pt", "good_style.pt", "good_traced.pt",
                             "good_style_layers.pt", "dcgan_torchscript.pt", "stylegan2.pt",
                             "stylegan2_cond.pt", "stylegan3.pt", "stylegan2_preview.pt"}) {
        const std::string bytes = test::readBytes(fixture(name));
        EXPECT_TRUE(model::checkZip(bytes).ok()) << name;
        EXPECT_TRUE(model::checkLoadTimeCode(bytes).ok()) << name;
        const Status operations = model::checkOperations(torch::jit::load(fixture(name)));
        EXPECT_TRUE(operations.ok()) << name << ": " << operations.error();
    }
}

// The CLI's budgets: a process that can be stopped.

TEST(HostileModel, ModelThatNeverFinishesIsGivenUpOnWithOneLine) {
    // Under `timeout 120`: a check that ignored its own budget would end with 124, not 1.
    const test::CommandRun r =
        test::runLatent("LATENT check " + fixture("forever.pt") + " --timeout 2", 120);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "forever.pt: model did not finish a forward pass in 2 s (forward)"));
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
}

TEST(HostileModel, HangInMappingIsGivenUpOnByEveryCommand) {
    const test::CommandRun r =
        test::runCommand("LATENT_MODEL_TIMEOUT=2 " + cli() + " info " + fixture("hangs_in_mapping.pt"));
    EXPECT_EQ(r.code, 1) << r.out;
    // The probe's first call, forward, runs mapping: that is where it is stopped.
    EXPECT_TRUE(contains(r.out, "hangs_in_mapping.pt: model did not finish a forward pass in 2 s"));
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
}

TEST(HostileModel, ModelThatAllocatesWithoutEndHitsTheCheckMemoryBudget) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "AddressSanitizer reserves more address space than the budget";
#endif
    const test::CommandRun r = test::runCommand(cli() + " check " + fixture("hog.pt") +
                                                " --device cpu --memory 1500 --timeout 60");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "hog.pt: probe forward failed: out of memory (one more allocation of "
                                "256 MB failed) (the check allows 1500 MB)"));
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
}

TEST(HostileModel, ModelThatHangsAfterTheProbeIsGivenUpOnAndWritesNothing) {
    test::TempDir dir;
    EXPECT_EQ(test::runCommand(cli() + " check " + fixture("hang_later.pt")).code, 0);
    const test::CommandRun r = test::runCommand("LATENT_MODEL_TIMEOUT=2 " + cli() + " sample " +
                                                fixture("hang_later.pt") + " --seed 1 --class 9 --out " +
                                                dir.file("x.png"));
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "model did not finish a forward pass in 2 s (forward)"));
    EXPECT_FALSE(std::filesystem::exists(dir.file("x.png")));
}

TEST(HostileModel, NanAfterTheProbeIsAnErrorNotABlackImage) {
    auto loaded = model::loadModel(fixture("nan_later.pt"));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const auto z = torch::randn({1, 16});
    EXPECT_NO_THROW(test::generate(*loaded->generator, z, torch::tensor({3})));
    EXPECT_THROW(test::generate(*loaded->generator, z, torch::tensor({9})), c10::Error);

    test::TempDir dir;
    const test::CommandRun r = test::runCommand(cli() + " sample " + fixture("nan_later.pt") +
                                                " --seed 1 --class 9 --out " + dir.file("x.png"));
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "the model produced NaN or infinite values for these inputs"));
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
    EXPECT_FALSE(std::filesystem::exists(dir.file("x.png")));
}

TEST(HostileModel, CheckSaysOkForAGoodModel) {
    const test::CommandRun r = test::runCommand(cli() + " check " + fixture("good_uncond.pt") + " --json");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "\"ok\":true"));
    EXPECT_TRUE(contains(r.out, "\"content_hash\":"));
}

}  // namespace
}  // namespace latent
