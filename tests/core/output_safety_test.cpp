// Nothing is lost or overwritten (issue 11): checked atomic writes on a full disk, outputs that are
// devices or pipes, folder exports with --force, both-or-neither outputs, one-line errors. Each
// bad case is made here: a FIFO, a file size limit (RLIMIT_FSIZE, as a full disk), a made folder.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/edit/latentfile.h"
#include "core/export/outputpath.h"
#include "core/image/png.h"
#include "core/train/metrics.h"
#include "core/util/atomicfile.h"
#include "tests/core/testutil.h"

namespace {

using namespace latent;
namespace fs = std::filesystem;

const std::string kModel = std::string(LATENT_SOURCE_DIR) + "/resources/models/default.ltm";

// The real `latent` binary under a timeout: a command that blocks on a FIFO fails the test.
test::CommandRun shell(const std::string& command) { return test::runLatent(command, 120); }
using test::lineCount;
bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

using test::readAll;

void writeText(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// Everything in `dir` by name, hidden files included.
std::vector<std::string> names(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

bool isFifo(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
}

// Runs `body` in a child process whose files cannot grow past `limit` bytes, with SIGXFSZ ignored,
// so writes fail with EFBIG exactly where a full disk fails them with ENOSPC. The child returns
// `body`'s exit code; it touches no gtest state.
int withFileSizeLimit(rlim_t limit, const std::function<int()>& body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit rl{limit, limit};
        if (::setrlimit(RLIMIT_FSIZE, &rl) != 0) ::_exit(90);
        ::_exit(body());
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// 0: the write failed with a one-line message naming `path`; 1: it succeeded; 2: bad message.
int failedNaming(const Status& s, const std::string& path) {
    if (s) return 1;
    return contains(s.error(), path) && !contains(s.error(), "\n") ? 0 : 2;
}

TEST(OutputSafety, FullDiskKeepsTheOldFileAndLeavesNoTemporary) {
    test::TempDir dir;
    const std::string text = dir.file("config.json"), png = dir.file("sample.png"),
                      latentJson = dir.file("latent.json"), csv = dir.file("metrics.csv");
    writeText(text, "old contents");
    writeText(latentJson, "{\"old\": true}");
    image::ImageRGB8 picture(64, 64);
    for (std::size_t i = 0; i < picture.pixels.size(); ++i)
        picture.pixels[i] = static_cast<std::uint8_t>(i * 7);
    ASSERT_TRUE(image::writePng(png, picture).ok());
    std::string metrics = train::metricsCsvHeader() + "\n";
    for (int step = 1; step <= 50; ++step) {
        train::MetricsRow row;
        row.step = step;
        metrics += train::metricsCsvLine(row) + "\n";
    }
    writeText(csv, metrics);
    const std::string pngBefore = readAll(png);
    const std::vector<std::string> before = names(dir.path());

    // Limit 0: no file may grow at all, the way a full disk refuses the first block.
    EXPECT_EQ(
        withFileSizeLimit(
            0, [&] { return failedNaming(util::writeFileAtomically(text, "new contents"), text); }),
        0);
    EXPECT_EQ(withFileSizeLimit(0,
                                [&] {
                                    image::ImageRGB8 other(64, 64);
                                    return failedNaming(image::writePng(png, other), png);
                                }),
              0);
    EXPECT_EQ(withFileSizeLimit(0,
                                [&] {
                                    edit::LatentFile f;
                                    f.space = edit::Space::Z;
                                    f.latent = {1.0f, 2.0f};
                                    return failedNaming(edit::saveLatentFile(latentJson, f, true),
                                                        latentJson);
                                }),
              0);
    // A limit part-way: the first bytes go out, the rest does not.
    EXPECT_EQ(withFileSizeLimit(1000,
                                [&] {
                                    return failedNaming(
                                        util::writeFileAtomically(text, std::string(100000, 'x')),
                                        text);
                                }),
              0);
    EXPECT_EQ(
        withFileSizeLimit(1000, [&] { return failedNaming(train::truncateMetrics(csv, 40), csv); }),
        0);

    EXPECT_EQ(readAll(text), "old contents");
    EXPECT_EQ(readAll(png), pngBefore);
    EXPECT_EQ(readAll(latentJson), "{\"old\": true}");
    EXPECT_EQ(readAll(csv), metrics);
    EXPECT_EQ(names(dir.path()), before) << "a temporary was left behind";

    // Without the limit the same writes go through.
    ASSERT_TRUE(util::writeFileAtomically(text, std::string(100000, 'x')).ok());
    EXPECT_EQ(fs::file_size(text), 100000u);
}

TEST(OutputSafety, DevicesAndPipesAreNeverReplaced) {
    test::TempDir dir;
    const std::string fifo = dir.file("out.png"), fifoGif = dir.file("clip.gif"),
                      fifoJson = dir.file("out.json");
    for (const std::string& f : {fifo, fifoGif, fifoJson}) ASSERT_EQ(::mkfifo(f.c_str(), 0644), 0);

    EXPECT_TRUE(contains(util::checkOutputFile(fifo).error(), "not a regular file"));
    EXPECT_TRUE(contains(util::checkOutputFile("/dev/null").error(), "not a regular file"));
    EXPECT_TRUE(contains(util::checkOutputFile(dir.path()).error(), "is a folder"));
    EXPECT_TRUE(util::checkOutputFile(dir.file("new.png")).ok());
    EXPECT_TRUE(contains(util::checkOutputFolder(fifo).error(), "not a folder"));
    EXPECT_FALSE(util::writeFileAtomically(fifo, "x").ok());
    {
        // A writer that commits without asking first is refused at the rename.
        util::AtomicFile file(fifo);
        writeText(file.tempPath(), "x");
        std::string error;
        EXPECT_FALSE(file.commit(&error));
        EXPECT_TRUE(contains(error, "not a regular file")) << error;
    }

    const std::string image = dir.file("seed.png");
    ASSERT_EQ(shell("LATENT sample " + kModel + " --seed 3 --out " + image).code, 0);
    for (const std::string& args :
         {"sample " + kModel + " --seed 1 --out " + fifo,
          std::string("sample " + kModel + " --seed 1 --out /dev/null"),
          "sample " + kModel + " --from-png " + image + " --out " + fifo,
          "grid " + kModel + " --seeds 0-1 --out " + fifo + " --force",
          "interpolate " + kModel + " --seeds 1,2 --frames 1 --out " + fifoGif + " --force",
          "dataset " + kModel + " --per-class 1 --out " + fifo + " --force",
          "interpolate " + kModel + " --seeds 1,2 --frames 1 --out " + fifo + "/ --force",
          "project " + kModel + " " + image + " --steps 1 --out " + fifoJson + " --force",
          "project " + kModel + " " + image + " --steps 1 --out " + dir.file("p.json") + " --png " +
              fifo + " --force",
          "directions " + kModel + " --method pca --samples 64 --out " + fifoJson + " --force",
          "train --data toy:ring8 --steps 1 --out " + fifo}) {
        const test::CommandRun r = shell("LATENT " + args);
        EXPECT_EQ(r.code, 1) << args << "\n" << r.out;
        EXPECT_EQ(lineCount(r.out), 1) << args << "\n" << r.out;
        EXPECT_TRUE(contains(r.out, "not a regular file") || contains(r.out, "not a folder"))
            << args << "\n"
            << r.out;
    }
    for (const std::string& f : {fifo, fifoGif, fifoJson}) EXPECT_TRUE(isFifo(f)) << f;
    struct stat st {};
    ASSERT_EQ(::stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_FALSE(fs::exists(dir.file("p.json")));
}

TEST(OutputSafety, ForceReplacesOnlyAnEarlierExportsFiles) {
    test::TempDir dir;
    // A folder of the user's: --force must not touch it.
    const std::string mine = dir.file("mine");
    fs::create_directory(mine);
    writeText(mine + "/notes.txt", "my notes");
    test::CommandRun r =
        shell("LATENT dataset " + kModel + " --per-class 1 --out " + mine + " --force");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
    EXPECT_TRUE(contains(r.out, "not an earlier export")) << r.out;
    r = shell("LATENT interpolate " + kModel + " --seeds 1,2 --frames 1 --out " + mine +
              "/ --force");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "not an earlier export")) << r.out;
    EXPECT_EQ(names(mine), std::vector<std::string>{"notes.txt"});
    EXPECT_EQ(readAll(mine + "/notes.txt"), "my notes");

    // A file where the folder belongs is not replaced either.
    writeText(dir.file("file"), "a file");
    r = shell("LATENT dataset " + kModel + " --per-class 1 --out " + dir.file("file") + " --force");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_TRUE(contains(r.out, "not a folder")) << r.out;
    EXPECT_EQ(readAll(dir.file("file")), "a file");

    // Our own export: replaced with --force, with what the user added kept.
    const std::string frames = dir.file("frames");
    r = shell("LATENT interpolate " + kModel + " --seeds 1,2 --frames 2 --out " + frames + "/");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(names(frames), (std::vector<std::string>{".latent-export", "frame_00000.png",
                                                       "frame_00001.png", "frame_00002.png"}));
    writeText(frames + "/notes.txt", "kept");
    const std::string firstFrame = readAll(frames + "/frame_00000.png");
    r = shell("LATENT interpolate " + kModel + " --seeds 5,6 --frames 1 --out " + frames +
              "/ --force");
    ASSERT_EQ(r.code, 0) << r.out;
    // Two frames now: the third of the earlier export is gone, notes.txt stays.
    EXPECT_EQ(names(frames), (std::vector<std::string>{".latent-export", "frame_00000.png",
                                                       "frame_00001.png", "notes.txt"}));
    EXPECT_NE(readAll(frames + "/frame_00000.png"), firstFrame);
    EXPECT_EQ(readAll(frames + "/notes.txt"), "kept");
    EXPECT_EQ(readAll(frames + "/.latent-export"),
              "latent-export 1\nframe_00000.png\nframe_00001.png\n");

    // A file the new export would write, but not the earlier one's: refused, nothing changes.
    writeText(frames + "/frame_00002.png", "mine, not a frame");
    r = shell("LATENT interpolate " + kModel + " --seeds 5,6 --frames 2 --out " + frames +
              "/ --force");
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
    EXPECT_TRUE(contains(r.out, "frame_00002.png is not from an earlier export")) << r.out;
    EXPECT_EQ(readAll(frames + "/frame_00002.png"), "mine, not a frame");

    // A manifest is read as untrusted: names outside the folder are never removed.
    const std::string data = dir.file("data");
    ASSERT_EQ(shell("LATENT dataset " + kModel + " --per-class 1 --out " + data).code, 0);
    writeText(dir.file("victim.txt"), "outside");
    writeText(data + "/.latent-export", readAll(data + "/.latent-export") + "../victim.txt\n");
    r = shell("LATENT dataset " + kModel + " --per-class 1 --seed 9 --out " + data + " --force");
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(readAll(dir.file("victim.txt")), "outside");
    EXPECT_TRUE(fs::exists(data + "/labels.csv"));

    // An empty folder takes the export.
    fs::create_directory(dir.file("empty"));
    EXPECT_EQ(
        shell("LATENT dataset " + kModel + " --per-class 1 --out " + dir.file("empty") + " --force")
            .code,
        0);
    EXPECT_TRUE(fs::exists(dir.file("empty/labels.csv")));
    // No temporary folder is left beside the outputs.
    for (const std::string& name : names(dir.path())) EXPECT_NE(name[0], '.') << name;
}

TEST(OutputSafety, ProjectWritesBothOutputsOrNeither) {
    test::TempDir dir;
    const std::string image = dir.file("seed.png"), json = dir.file("latent.json");
    ASSERT_EQ(shell("LATENT sample " + kModel + " --seed 3 --out " + image).code, 0);
    // A PNG in a folder that does not exist: refused before the projection, no LATENT.json.
    test::CommandRun r = shell("LATENT project " + kModel + " " + image + " --steps 2 --out " +
                               json + " --png " + dir.file("missing/back.png"));
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(lineCount(r.out), 1) << r.out;
    EXPECT_TRUE(contains(r.out, "missing/back.png")) << r.out;
    EXPECT_FALSE(fs::exists(json));
    // A PNG where no file can be created (root passes the folder check): still no LATENT.json.
    r = shell("LATENT project " + kModel + " " + image + " --steps 2 --threads 1 --out " + json +
              " --png /proc/latent-test-back.png");
    EXPECT_EQ(r.code, 1) << r.out;
    // Progress lines, if the projection ran, then the error as the one last line.
    const std::size_t error = r.out.find("latent: ");
    ASSERT_NE(error, std::string::npos) << r.out;
    EXPECT_EQ(lineCount(r.out.substr(error)), 1) << r.out;
    EXPECT_TRUE(contains(r.out, "/proc/latent-test-back.png")) << r.out;
    EXPECT_FALSE(fs::exists(json));
    // And both when both can be written.
    r = shell("LATENT project " + kModel + " " + image + " --steps 2 --threads 1 --out " + json +
              " --png " + dir.file("back.png"));
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(fs::exists(json));
    EXPECT_TRUE(fs::exists(dir.file("back.png")));
    for (const std::string& name : names(dir.path())) EXPECT_NE(name[0], '.') << name;
}

TEST(OutputSafety, BadPresetIsOneLine) {
    test::TempDir dir;
    for (const std::string& args :
         {"interpolate " + kModel + " --seeds 1,2 --frames 1 --preset bogus --out " +
              dir.file("a.mp4"),
          "bench-export " + kModel + " --frames 2 --preset bogus"}) {
        const test::CommandRun r = shell("LATENT " + args);
        EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
        EXPECT_EQ(lineCount(r.out), 1) << args << "\n" << r.out;
        EXPECT_TRUE(contains(r.out, "unknown x264 preset 'bogus'")) << r.out;
    }
    EXPECT_FALSE(fs::exists(dir.file("a.mp4")));
}

TEST(OutputSafety, StaleTemporariesOfDeadProcessesAreRecognised) {
    test::TempDir dir;
    // A pid that surely no longer runs: a child that has exited and been reaped.
    const pid_t dead = ::fork();
    if (dead == 0) ::_exit(0);
    ::waitpid(dead, nullptr, 0);
    const std::string deadName = ".step_000002.png.tmp-" + std::to_string(dead) + "-0";
    const std::string liveName = ".step_000004.png.tmp-" + std::to_string(::getpid()) + "-1";
    for (const std::string& n : {deadName, liveName, std::string(".notes.tmp"),
                                 std::string("step.tmp-1-2"), std::string(".x.tmp-12a-3")}) {
        writeText(dir.file(n), "x");
    }
    long pid = 0;
    EXPECT_TRUE(util::isTemporaryName(deadName, &pid));
    EXPECT_EQ(pid, dead);
    EXPECT_FALSE(util::isTemporaryName(".notes.tmp"));
    EXPECT_FALSE(util::isTemporaryName("step.tmp-1-2"));
    EXPECT_FALSE(util::isTemporaryName(".x.tmp-12a-3"));
    EXPECT_EQ(util::removeStaleTemporaries(dir.path()), 1);
    EXPECT_EQ(names(dir.path()),
              (std::vector<std::string>{".notes.tmp", liveName, ".x.tmp-12a-3", "step.tmp-1-2"}));
}

}  // namespace
