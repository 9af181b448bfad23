#pragma once

// Core-internal: where the frames of a video export go. Not for the ui.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/image/image.h"
#include "core/util/result.h"

namespace latent::export_ {

// Receives frames of one size in order, on one thread. open() before the first frame, finish()
// after the last; an unfinished sink may leave a partial file at `path`, which the caller removes.
class FrameSink {
public:
    virtual ~FrameSink() = default;
    virtual Status open(const std::string& path, int width, int height, double fps) = 0;
    virtual Status write(const image::ImageRGB8& frame) = 0;
    virtual Status finish() = 0;
    // Things the user should know about the output (e.g. padding to an even size).
    const std::vector<std::string>& notes() const { return m_notes; }

protected:
    std::vector<std::string> m_notes;
};

// H.264 (libx264, else libopenh264), yuv420p, in MP4; `crf` 0..51 (lower is better), `preset` an
// x264 preset (ultrafast … veryslow). Without FFmpeg in the build, open() fails with kNoFfmpeg.
std::unique_ptr<FrameSink> makeMp4Sink(int crf, const std::string& preset);
// Animated GIF with one palette made for the whole clip (palettegen over all frames, then
// paletteuse). Holds every frame in memory until finish(), so open() refuses a clip of
// `expectedFrames` frames that would need more than kGifMemoryLimit bytes.
std::unique_ptr<FrameSink> makeGifSink(int expectedFrames);
inline constexpr std::size_t kGifMemoryLimit = std::size_t{1} << 30;
// frame_00000.png, frame_00001.png, … into the folder `path`.
std::unique_ptr<FrameSink> makePngSequenceSink();

inline constexpr const char* kNoFfmpeg =
    "video export needs FFmpeg's libraries (not in this build)";

}  // namespace latent::export_
