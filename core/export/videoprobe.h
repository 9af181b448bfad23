#pragma once

#include <string>

#include "core/util/result.h"

namespace latent::export_ {

// What a video file holds, found by decoding every frame with FFmpeg's libraries.
struct VideoProbe {
    std::string codec;        // FFmpeg's codec name: "h264", "gif", …
    std::string pixelFormat;  // of the decoded frames, e.g. "yuv420p"
    int width = 0;
    int height = 0;
    int frames = 0;    // frames actually decoded
    double fps = 0.0;  // the stream's average frame rate
};

// Whether this build can write MP4/GIF (FFmpeg found at configure time).
bool videoExportAvailable();

// Opens and decodes `path`. Fails with a message (no such file, not a video, no FFmpeg). For tests
// and for the ui to show what was written. Thread-safe.
Result<VideoProbe> probeVideo(const std::string& path);

}  // namespace latent::export_
