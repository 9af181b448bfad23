#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "core/export/outputpath.h"
#include "core/export/video.h"
#include "core/export/videoprobe.h"
#include "core/image/png.h"
#include "tests/core/export_testutil.h"

namespace {

using namespace latent;
namespace lat = ::latent::latent;

class ExportVideoTest : public test::ExportTest {
protected:
    void SetUp() override { m_model = makeModel("m.ltm"); }

    export_::VideoSpec spec(const std::string& out, export_::VideoFormat format) {
        export_::VideoSpec s;
        s.generator = m_model.generator;
        s.keyframes = {lat::sampleLatent(1, 16), lat::sampleLatent(2, 16),
                       lat::sampleLatent(3, 16)};
        s.framesPerSegment = 6;
        s.path = m_dir.file(out);
        s.format = format;
        return s;
    }

    model::LoadedModel m_model;
};

TEST_F(ExportVideoTest, Mp4IsH264WithTheFramesSizeAndRate) {
    if (!export_::videoExportAvailable()) GTEST_SKIP() << "built without FFmpeg";
    export_::VideoSpec s = spec("clip.mp4", export_::VideoFormat::Mp4);
    s.interpolation = lat::Interpolation::Spherical;
    s.easing = lat::Easing::EaseInOut;
    s.upscale = 2;
    s.fps = 24;
    int lastDone = 0, lastTotal = 0;
    export_::ExportControl control;
    control.progress = [&](int done, int total) { lastDone = done, lastTotal = total; };
    const export_::ExportResult r = export_::exportVideo(s, control);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.items, 13);
    EXPECT_EQ(lastDone, 13);
    EXPECT_EQ(lastTotal, export_::videoFrameCount(s));
    auto probe = export_::probeVideo(s.path);
    ASSERT_TRUE(probe.ok()) << probe.error();
    EXPECT_EQ(probe->codec, "h264");
    EXPECT_EQ(probe->pixelFormat, "yuv420p");
    EXPECT_EQ(probe->frames, 13);
    EXPECT_EQ(probe->width, 64);
    EXPECT_EQ(probe->height, 64);
    EXPECT_NEAR(probe->fps, 24.0, 1e-6);
    EXPECT_EQ(outputs(), std::vector<std::string>{"clip.mp4"});
}

TEST_F(ExportVideoTest, WithoutFfmpegMp4AndGifSayWhy) {
    if (export_::videoExportAvailable()) GTEST_SKIP() << "built with FFmpeg";
    for (auto format : {export_::VideoFormat::Mp4, export_::VideoFormat::Gif}) {
        const export_::ExportResult r = export_::exportVideo(spec("clip.out", format));
        EXPECT_EQ(r.status, export_::ExportStatus::Failed);
        EXPECT_EQ(r.message, "video export needs FFmpeg's libraries (not in this build)");
        EXPECT_TRUE(outputs().empty());
    }
}

TEST_F(ExportVideoTest, GifHasOnePaletteAndTheFrameCount) {
    if (!export_::videoExportAvailable()) GTEST_SKIP() << "built without FFmpeg";
    export_::VideoSpec s = spec("clip.gif", export_::VideoFormat::Gif);
    s.loop = true;  // 3 segments, the first frame not repeated
    s.fps = 25;     // 4/100 s per frame: exact in GIF
    s.easing = lat::Easing::Cubic;
    const export_::ExportResult r = export_::exportVideo(s);
    ASSERT_TRUE(r.ok()) << r.message;
    auto probe = export_::probeVideo(s.path);
    ASSERT_TRUE(probe.ok()) << probe.error();
    EXPECT_EQ(probe->codec, "gif");
    EXPECT_EQ(probe->frames, 18);
    EXPECT_EQ(probe->width, 32);
    EXPECT_EQ(probe->height, 32);
    EXPECT_NEAR(probe->fps, 25.0, 0.01);
}

TEST_F(ExportVideoTest, GifTooLargeForMemoryIsRefusedWithTheReason) {
    if (!export_::videoExportAvailable()) GTEST_SKIP() << "built without FFmpeg";
    export_::VideoSpec s = spec("big.gif", export_::VideoFormat::Gif);
    s.upscale = 8;                // 256 x 256 x 3 bytes a frame
    s.framesPerSegment = 100000;  // 200001 frames: ~39 GB
    const export_::ExportResult r = export_::exportVideo(s);
    EXPECT_EQ(r.status, export_::ExportStatus::Failed);
    EXPECT_NE(r.message.find("200001 frames at 256x256"), std::string::npos) << r.message;
    EXPECT_TRUE(outputs().empty());
}

TEST_F(ExportVideoTest, PngSequenceAppearsWholeInItsFolder) {
    export_::VideoSpec s = spec("frames/", export_::VideoFormat::PngSequence);
    s.upscale = 4;
    s.smooth = true;
    const export_::ExportResult r = export_::exportVideo(s);
    ASSERT_TRUE(r.ok()) << r.message;
    int count = 0;
    for (const auto& e : std::filesystem::directory_iterator(m_dir.file("frames"))) {
        // Beside the frames: the list of what the export wrote (docs/export.md).
        if (e.path().filename() == export_::kExportManifest) continue;
        auto img = image::readPng(e.path().string());
        ASSERT_TRUE(img.ok()) << img.error();
        EXPECT_EQ(img->width, 128);
        ++count;
    }
    EXPECT_EQ(count, 13);
    EXPECT_TRUE(std::filesystem::exists(m_dir.file("frames/frame_00012.png")));
    EXPECT_EQ(outputs(), std::vector<std::string>{"frames"});
}

TEST_F(ExportVideoTest, CancelLeavesNoFileAndNoTemporary) {
    for (auto format : {export_::VideoFormat::Mp4, export_::VideoFormat::Gif,
                        export_::VideoFormat::PngSequence}) {
        if (format != export_::VideoFormat::PngSequence && !export_::videoExportAvailable())
            continue;
        export_::VideoSpec s =
            spec(format == export_::VideoFormat::PngSequence ? "seq/" : "c.out", format);
        s.framesPerSegment = 200;
        s.batch = 2;
        std::atomic<bool> cancel{false};
        export_::ExportControl control;
        control.cancel = &cancel;
        int seen = 0;
        control.progress = [&](int done, int) {
            seen = done;
            if (done == 3) cancel = true;
        };
        const export_::ExportResult r = export_::exportVideo(s, control);
        EXPECT_EQ(r.status, export_::ExportStatus::Cancelled) << r.message;
        EXPECT_EQ(seen, 3);
        EXPECT_TRUE(outputs().empty()) << outputs().front();
    }
}

TEST_F(ExportVideoTest, ExistingOutputIsKeptWithoutForce) {
    export_::VideoSpec s = spec("frames/", export_::VideoFormat::PngSequence);
    std::filesystem::create_directory(m_dir.file("frames"));
    std::FILE* f = std::fopen(m_dir.file("frames/keep.txt").c_str(), "w");
    std::fclose(f);
    export_::ExportResult r = export_::exportVideo(s);
    EXPECT_EQ(r.status, export_::ExportStatus::Exists);
    EXPECT_TRUE(std::filesystem::exists(m_dir.file("frames/keep.txt")));

    // A folder that is not an earlier export is not replaced even with force.
    s.force = true;
    r = export_::exportVideo(s);
    EXPECT_EQ(r.status, export_::ExportStatus::Failed);
    EXPECT_NE(r.message.find("not an earlier export"), std::string::npos) << r.message;
    EXPECT_TRUE(std::filesystem::exists(m_dir.file("frames/keep.txt")));

    // Our own export is: its frames are replaced, a file added to it is kept.
    std::filesystem::remove(m_dir.file("frames/keep.txt"));
    ASSERT_TRUE(export_::exportVideo(s).ok());
    std::fclose(std::fopen(m_dir.file("frames/keep.txt").c_str(), "w"));
    r = export_::exportVideo(s);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_TRUE(std::filesystem::exists(m_dir.file("frames/keep.txt")));
    EXPECT_TRUE(std::filesystem::exists(m_dir.file("frames/frame_00000.png")));
    EXPECT_EQ(outputs(), std::vector<std::string>{"frames"});
}

TEST_F(ExportVideoTest, UnwritableOutputIsAClearError) {
    for (auto format : {export_::VideoFormat::Mp4, export_::VideoFormat::PngSequence}) {
        export_::VideoSpec s = spec("", format);
        s.path = format == export_::VideoFormat::Mp4 ? "/proc/no-such-dir/clip.mp4"
                                                     : "/proc/no-such-dir/seq/";
        const export_::ExportResult r = export_::exportVideo(s);
        EXPECT_EQ(r.status, export_::ExportStatus::Failed);
        EXPECT_NE(r.message.find("/proc/no-such-dir"), std::string::npos) << r.message;
    }
    EXPECT_FALSE(export_::videoFormatForPath(m_dir.file("clip.avi")).ok());
}

TEST_F(ExportVideoTest, CliRefusesAnExistingOutputWithExitTwo) {
    const std::string out = m_dir.file("clip.gif");
    std::FILE* f = std::fopen(out.c_str(), "w");
    std::fputs("mine", f);
    std::fclose(f);
    const auto r = test::runCommand(std::string(LATENT_CLI_PATH) + " interpolate " +
                                    m_dir.file("m.ltm") + " --seeds 1,2 --frames 2 --out " + out);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("already exists; add --force"), std::string::npos) << r.out;
    EXPECT_EQ(std::filesystem::file_size(out), 4u);
}

TEST_F(ExportVideoTest, CliCtrlCLeavesNoPartialOutput) {
    if (!export_::videoExportAvailable()) GTEST_SKIP() << "built without FFmpeg";
    const std::string out = m_dir.file("long.mp4");
    std::vector<std::string> argv = {LATENT_CLI_PATH,
                                     "interpolate",
                                     m_dir.file("m.ltm"),
                                     "--seeds",
                                     "1,2",
                                     "--frames",
                                     "20000",
                                     "--scale",
                                     "8",
                                     "--threads",
                                     "1",
                                     "--out",
                                     out};
    std::vector<char*> cargv;
    cargv.reserve(argv.size() + 1);
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    pid_t pid = 0;
    ASSERT_EQ(::posix_spawn(&pid, cargv[0], nullptr, nullptr, cargv.data(), environ), 0);
    // Interrupt once encoding has begun (its hidden temporary file exists), as a user would.
    const bool started = test::waitFor(
        [&] {
            for (const std::string& name : outputs())
                if (name.rfind(".long.mp4.tmp-", 0) == 0) return true;
            return false;
        },
        20);
    EXPECT_TRUE(started);
    ::kill(pid, SIGINT);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 130);
    EXPECT_TRUE(outputs().empty()) << outputs().front();
}

}  // namespace
