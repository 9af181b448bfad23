// Training runs lose nothing (issue 11): a full disk at the start, resume past a bad newest
// checkpoint, checkpoint counters out of range, leftovers of failed or killed runs, garbage in
// metrics.csv. Every bad file is made here from a real tiny run.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/model/modelfileio.h"
#include "core/train/checkpoint.h"
#include "core/train/metrics.h"
#include "tests/core/testutil.h"

namespace {

using namespace latent;
namespace fs = std::filesystem;

const std::string kTiny = " --g-width 16 --d-width 16 --batch 16 --log-every 1 --threads 1";

test::CommandRun shell(const std::string& command) { return test::runLatent(command); }
using test::lineCount;
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

using test::readAll;

std::vector<std::string> names(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// A finished toy run of `steps` steps with a checkpoint every `every`, all of them kept.
void trainToy(const std::string& run, int steps, int every) {
    const test::CommandRun r =
        shell("LATENT train --data toy:ring8 --steps " + std::to_string(steps) +
              " --checkpoint-every " + std::to_string(every) + " --keep 100 --out " + run + kTiny);
    ASSERT_EQ(r.code, 0) << r.out;
}

// Rewrites a checkpoint (a valid container again) after `change` edits its metadata or tensors.
void rewriteCheckpoint(const std::string& path,
                       const std::function<void(nlohmann::json&, model::NamedTensors&)>& change) {
    auto file = model::readModelFile(path);
    ASSERT_TRUE(file.ok()) << file.error();
    change(file->metadata, file->tensors);
    ASSERT_TRUE(model::writeModelFile(path, file->metadata, file->tensors).ok());
}

std::vector<std::int64_t> metricSteps(const std::string& run) {
    auto rows = train::readMetrics(run + "/metrics.csv");
    std::vector<std::int64_t> steps;
    if (rows) {
        for (const auto& row : *rows) steps.push_back(row.step);
    }
    return steps;
}

TEST(TrainResumeSafety, FullDiskAtTheStartCommitsNothing) {
    test::TempDir dir;
    // No file may grow (ulimit -f 0, SIGXFSZ ignored): config.json is the first write.
    const std::string run = dir.file("run");
    test::CommandRun r = shell(
        "sh -c \"trap '' XFSZ; ulimit -f 0; exec LATENT train --data "
        "toy:ring8 --steps 2 --out " +
        run + kTiny + "\"");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
    EXPECT_TRUE(contains(r.out, "config.json")) << r.out;
    EXPECT_FALSE(fs::exists(run)) << "a failed start leaves no run folder";

    // A folder of the user's keeps what it had, and gets nothing else.
    fs::create_directory(run);
    std::ofstream(run + "/notes.txt") << "mine";
    r = shell(
        "sh -c \"trap '' XFSZ; ulimit -f 0; exec LATENT train --data toy:ring8 --steps 2 "
        "--out " +
        run + kTiny + "\"");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(names(run), std::vector<std::string>{"notes.txt"});

    // A run whose resume hits a full disk: every file of it stays as it was, and resumes later.
    fs::remove_all(run);
    trainToy(run, 2, 2);
    const std::string config = readAll(run + "/config.json"),
                      metrics = readAll(run + "/metrics.csv"),
                      ckpt = readAll(run + "/checkpoints/step_000002.ckpt");
    const auto before = names(run);
    r = shell("sh -c \"trap '' XFSZ; ulimit -f 0; exec LATENT train --resume --steps 4 --out " +
              run + "\"");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
    EXPECT_EQ(readAll(run + "/config.json"), config);
    EXPECT_EQ(readAll(run + "/metrics.csv"), metrics);
    EXPECT_EQ(readAll(run + "/checkpoints/step_000002.ckpt"), ckpt);
    EXPECT_EQ(names(run), before);
    r = shell("LATENT train --resume --steps 4 --out " + run);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(fs::exists(run + "/checkpoints/step_000004.ckpt"));
}

TEST(TrainResumeSafety, ResumeFallsBackToTheNewestValidCheckpoint) {
    test::TempDir dir;
    const std::string run = dir.file("run");
    trainToy(run, 4, 2);
    // The newest checkpoint cut in half (a crash of the disk, not of our writer).
    const std::string newest = run + "/checkpoints/step_000004.ckpt";
    fs::resize_file(newest, fs::file_size(newest) / 2);
    test::CommandRun r = shell("LATENT train --resume --steps 6 --out " + run);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(contains(r.out, "note: skipped " + newest)) << r.out;
    EXPECT_TRUE(contains(r.out, "resuming from step 2")) << r.out;
    EXPECT_TRUE(contains(r.out, "step 6/6")) << r.out;
    EXPECT_EQ(metricSteps(run), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
    EXPECT_TRUE(train::readCheckpoint(newest).ok()) << "written again by the resumed run";

    // A stray name whose number is beyond any step (and garbage inside) is skipped too.
    const std::string stray = run + "/checkpoints/step_99999999999999999999.ckpt";
    std::ofstream(stray) << "not a checkpoint";
    r = shell("LATENT train --resume --steps 8 --out " + run);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(contains(r.out,
                         "step_99999999999999999999.ckpt: the step in its name is out of "
                         "range; resuming from step 6"))
        << r.out;
    EXPECT_TRUE(contains(r.out, "step 8/8")) << r.out;
    EXPECT_EQ(readAll(stray), "not a checkpoint") << "resume removes nothing it did not write";
}

TEST(TrainResumeSafety, CheckpointCountersOutOfRangeAreOneLineErrors) {
    test::TempDir dir;
    const std::string good = dir.file("good");
    trainToy(good, 2, 2);
    struct Case {
        const char* name;
        std::function<void(nlohmann::json&, model::NamedTensors&)> change;
        const char* message;
    };
    const std::vector<Case> cases = {
        {"negative", [](nlohmann::json& m, model::NamedTensors&) { m["step"] = -100; },
         "step -100 is not a step count"},
        {"huge", [](nlohmann::json& m, model::NamedTensors&) { m["step"] = std::int64_t(1) << 62; },
         "step 4611686018427387904 is not a step count"},
        {"text", [](nlohmann::json& m, model::NamedTensors&) { m["step"] = "2"; },
         "step \"2\" is not a step count"},
        {"empty-adam-step",
         [](nlohmann::json&, model::NamedTensors& t) {
             for (auto& [name, tensor] : t) {
                 if (name == "opt_g.0.step") tensor = torch::empty({0}, torch::kLong);
             }
         },
         "'opt_g.0.step' is not one integer (0 values)"},
        {"negative-adam-step",
         [](nlohmann::json&, model::NamedTensors& t) {
             for (auto& [name, tensor] : t) {
                 if (name == "opt_d.1.step") tensor = torch::tensor({-5}, torch::kLong);
             }
         },
         "'opt_d.1.step' is out of range (-5)"},
    };
    for (const Case& c : cases) {
        const std::string run = dir.file(c.name);
        fs::copy(good, run, fs::copy_options::recursive);
        rewriteCheckpoint(run + "/checkpoints/step_000002.ckpt", c.change);
        const std::string metrics = readAll(run + "/metrics.csv");
        const test::CommandRun r = shell("LATENT train --resume --steps 4 --out " + run);
        EXPECT_EQ(r.code, 1) << c.name << "\n" << r.out;
        EXPECT_TRUE(contains(r.out, "latent: cannot resume: ")) << c.name << "\n" << r.out;
        EXPECT_TRUE(contains(r.out, c.message)) << c.name << "\n" << r.out;
        EXPECT_EQ(lineCount(r.out), 1) << c.name << "\n" << r.out;
        EXPECT_EQ(readAll(run + "/metrics.csv"), metrics) << c.name;
        EXPECT_FALSE(fs::exists(run + "/checkpoints/step_000004.ckpt")) << c.name;
    }
}

TEST(TrainResumeSafety, FailedAndKilledRunsLeaveNoLeftovers) {
    test::TempDir dir;
    // Bad data: no run folder, not even its parents.
    test::CommandRun r = shell("LATENT train --data " + dir.file("missing") + " --steps 2 --out " +
                               dir.file("a/b/run"));
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
    EXPECT_FALSE(fs::exists(dir.file("a")));

    // Temporaries a killed run left (their writer's pid is gone) are cleaned on resume; a live
    // writer's and files not of our naming stay.
    const std::string run = dir.file("run");
    trainToy(run, 2, 2);
    const pid_t dead = ::fork();
    if (dead == 0) ::_exit(0);
    ::waitpid(dead, nullptr, 0);
    const std::string tag = ".tmp-" + std::to_string(dead) + "-";
    const std::vector<std::string> orphans = {run + "/samples/.step_000004.png" + tag + "0",
                                              run + "/checkpoints/.step_000004.ckpt" + tag + "1",
                                              run + "/.config.json" + tag + "2"};
    const std::string live =
        run + "/samples/.step_000006.png.tmp-" + std::to_string(::getpid()) + "-0";
    const std::string user = run + "/samples/.my.tmp-notes";
    for (const std::string& f : orphans) std::ofstream(f) << "partial";
    std::ofstream(live) << "being written";
    std::ofstream(user) << "mine";
    r = shell("LATENT train --resume --steps 3 --out " + run);
    ASSERT_EQ(r.code, 0) << r.out;
    for (const std::string& f : orphans) EXPECT_FALSE(fs::exists(f)) << f;
    EXPECT_TRUE(fs::exists(live));
    EXPECT_TRUE(fs::exists(user));
}

TEST(TrainResumeSafety, ResumeKeepsOnlyValidMetricsRows) {
    test::TempDir dir;
    const std::string run = dir.file("run");
    trainToy(run, 4, 2);
    ASSERT_EQ(metricSteps(run), (std::vector<std::int64_t>{1, 2, 3, 4}));
    const std::string metrics = readAll(run + "/metrics.csv");
    const std::string firstRow = metrics.substr(
        metrics.find('\n') + 1, metrics.find('\n', metrics.find('\n') + 1) - metrics.find('\n'));
    // What a crash or a full disk leaves at the end of an appended file.
    std::ofstream(run + "/metrics.csv", std::ios::app | std::ios::binary)
        << "garbage line\n"
        << "3,junk,x\n"
        << std::string(12, '\0') << "\n"
        << firstRow << "3,0,48\n";
    // Resume from step 2: rows 3 and 4 of the first run go too.
    fs::remove(run + "/checkpoints/step_000004.ckpt");
    const test::CommandRun r = shell("LATENT train --resume --steps 5 --out " + run);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(metricSteps(run), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
    const std::string after = readAll(run + "/metrics.csv");
    EXPECT_FALSE(contains(after, "garbage")) << after;
    EXPECT_FALSE(contains(after, "junk")) << after;
    EXPECT_FALSE(contains(after, std::string(1, '\0')));
    EXPECT_EQ(lineCount(after), 6) << after;
}

}  // namespace
