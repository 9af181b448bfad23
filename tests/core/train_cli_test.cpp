#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/model/loader.h"
#include "core/train/runfolder.h"
#include "core/train/trainconfig.h"
#include "core/util/inputfile.h"
#include "tests/core/testutil.h"

namespace {

using CliRun = latent::test::CommandRun;

// Runs a shell command line around the real `latent` binary ("LATENT" is replaced by its path).
CliRun shell(std::string command) {
    const std::string binary = LATENT_CLI_PATH;
    for (auto at = command.find("LATENT"); at != std::string::npos;
         at = command.find("LATENT", at + binary.size())) {
        command.replace(at, 6, binary);
    }
    return latent::test::runCommand(command);
}

int lineCount(const std::string& s) {
    return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST(TrainCli, BadFlagsExitWithOneLineUsageError) {
    latent::test::TempDir dir;
    const std::string out = " --out " + dir.file("run");
    for (const std::string& args :
         {"train --data toy:ring8 --loss bogus" + out, "train --data toy:ring8 --steps 0" + out,
          "train --data fashion-mnist --resolution 48" + out,
          "train --data toy:ring8 --conditional" + out, "train --data toy:ring8 --device tpu" + out,
          "train --data toy:ring8 --frobnicate 3" + out, std::string("train --data toy:ring8"),
          "train --data fashion-mnist --augment sometimes" + out,
          "train --data fashion-mnist --augment 1.5" + out,
          "train --data toy:ring8 --augment ada" + out,
          "train --data faces --arch style --resolution 48" + out,
          "train" + out}) {
        const CliRun r = shell("LATENT " + args);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
        EXPECT_EQ(lineCount(r.out), 1) << args << "\n" << r.out;
        EXPECT_EQ(r.out.rfind("latent: ", 0), 0u) << r.out;
    }
    EXPECT_FALSE(std::filesystem::exists(dir.file("run")));
}

TEST(TrainCli, UnreadableDataExitsWithOneLineError) {
    latent::test::TempDir dir;
    for (const std::string& data :
         {dir.file("missing"), std::string("toy:ring9"), std::string("faces:0")}) {
        const CliRun r =
            shell("LATENT train --data " + data + " --steps 2 --out " + dir.file("run"));
        EXPECT_EQ(r.code, 1) << r.out;
        EXPECT_EQ(lineCount(r.out), 1) << r.out;
    }
    const CliRun resume = shell("LATENT train --resume --out " + dir.file("nothing"));
    EXPECT_EQ(resume.code, 1) << resume.out;
    EXPECT_NE(resume.out.find("config.json"), std::string::npos) << resume.out;
}

// A run forced to collapse: D frozen at its random start (learning rate 1e-12), so G chases the
// one place that D scores highest and leaves every mode. The CLI says so once, with what to try.
TEST(TrainCli, ARunForcedToCollapseIsWarnedAbout) {
    latent::test::TempDir dir;
    const std::string tiny = " --g-width 16 --d-width 16 --batch 32 --log-every 10 --threads 1";
    CliRun r = shell("LATENT train --data toy:ring8 --steps 80 --quality-every 20 --lr-d 1e-12 --out " +
                     dir.file("run") + tiny);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("modes 0/8"), std::string::npos) << r.out;
    const auto warning = r.out.find("warning: Mode collapse? At step 20 the samples cover 0 of 8");
    EXPECT_NE(warning, std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("warning:", warning + 1), std::string::npos) << "said once: " << r.out;
    EXPECT_NE(r.out.find("R1 regularisation"), std::string::npos) << r.out;
}

TEST(TrainCli, TrainsResumesAndStopsOnSigint) {
    latent::test::TempDir dir;
    const std::string run = dir.file("run");
    const std::string tiny = " --g-width 16 --d-width 16 --batch 16 --log-every 2 --threads 1";
    CliRun r = shell("LATENT train --data toy:moons --steps 4 --out " + run + tiny);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("step 4/4"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("img/s"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("data: toy:moons, 65536 points"), std::string::npos) << r.out;
    EXPECT_TRUE(std::filesystem::exists(run + "/checkpoints/step_000004.ckpt"));
    EXPECT_TRUE(std::filesystem::exists(run + "/samples/step_000004.png"));

    // A second run into the same folder must not clobber it.
    r = shell("LATENT train --data toy:moons --steps 4 --out " + run);
    EXPECT_EQ(r.code, 1) << r.out;

    r = shell("LATENT train --resume --steps 6 --keep 1 --out " + run + " --log-every 2");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("step 6/6"), std::string::npos) << r.out;
    EXPECT_FALSE(std::filesystem::exists(run + "/checkpoints/step_000004.ckpt"));  // --keep 1
    // The folder's config.json follows the resumed run: opened later, it shows 6 steps, not 4.
    const latent::train::RunFolder saved = latent::train::readRun(run);
    ASSERT_TRUE(saved.hasConfig) << saved.error;
    EXPECT_EQ(saved.config.steps, 6);
    EXPECT_EQ(saved.config.keepCheckpoints, 1);

    // Ctrl-C: the run stops after the current step and leaves a checkpoint.
    r = shell("LATENT train --resume --steps 1000000000 --out " + run +
              " & pid=$!; sleep 3; kill -INT $pid;"
              // A watchdog, so a lost signal fails the test instead of hanging it.
              " (sleep 30; kill -KILL $pid) >/dev/null 2>&1 & wait $pid");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("stopped at step"), std::string::npos) << r.out;
}

// --config FILE: every field of a saved config (even those no flag sets), the flags over them.
TEST(TrainCli, StartsFromAGivenConfigWithFlagsOverIt) {
    latent::test::TempDir dir;
    latent::train::TrainConfig given = latent::train::defaultConfig("toy:moons");
    given.emaDecay = 0.5;      // no flag sets these two
    given.qualitySamples = 300;
    given.gWidth = 16;
    given.dWidth = 16;
    given.batch = 16;
    given.steps = 999;
    {
        std::ofstream file(dir.file("given.json"));
        file << latent::train::configToJson(given);
    }
    const std::string run = dir.file("run");
    CliRun r = shell("LATENT train --config " + dir.file("given.json") + " --steps 2 --out " + run +
                     " --threads 1");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("step 2/2"), std::string::npos) << r.out;
    auto saved = latent::util::readInputFile(run + "/config.json", "config", 1 << 20);
    ASSERT_TRUE(saved.ok()) << saved.error();
    auto config = latent::train::configFromJson(*saved);
    ASSERT_TRUE(config.ok()) << config.error();
    EXPECT_EQ(config->emaDecay, 0.5);
    EXPECT_EQ(config->qualitySamples, 300);
    EXPECT_EQ(config->gWidth, 16);
    EXPECT_EQ(config->data, "toy:moons");
    EXPECT_EQ(config->steps, 2);  // the flag wins

    for (const std::string& bad : {dir.file("missing.json"), run + "/metrics.csv"}) {
        r = shell("LATENT train --config " + bad + " --out " + dir.file("other"));
        EXPECT_EQ(r.code, 1) << r.out;
        EXPECT_EQ(lineCount(r.out), 1) << r.out;
        EXPECT_NE(r.out.find(bad), std::string::npos) << r.out;
    }
    EXPECT_FALSE(std::filesystem::exists(dir.file("other")));
}
