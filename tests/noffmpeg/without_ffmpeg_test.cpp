// Video export's FFmpeg files built without FFmpeg, as on a machine that has none (the GPU build
// machine, `-DLATENT_WITH_FFMPEG=OFF`): they still compile, and every way in says what is missing
// instead of failing later or silently.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/export/framesink.h"
#include "core/export/videoprobe.h"

namespace latent::export_ {
namespace {

bool namesFfmpeg(const std::string& message) {
    return message.find("FFmpeg") != std::string::npos;
}

TEST(WithoutFfmpeg, VideoExportSaysItNeedsFfmpeg) {
    EXPECT_FALSE(videoExportAvailable());
    std::unique_ptr<FrameSink> sinks[] = {makeMp4Sink(20, "medium"), makeGifSink(10)};
    for (const auto& sink : sinks) {
        ASSERT_TRUE(sink);
        const Status opened = sink->open("/tmp/never-written.mp4", 64, 64, 24.0);
        ASSERT_FALSE(opened.ok());
        EXPECT_TRUE(namesFfmpeg(opened.error())) << opened.error();
    }
    const Result<VideoProbe> probe = probeVideo("/tmp/any.mp4");
    ASSERT_FALSE(probe.ok());
    EXPECT_TRUE(namesFfmpeg(probe.error())) << probe.error();
}

}  // namespace
}  // namespace latent::export_
