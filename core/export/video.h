#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/export/exportjob.h"
#include "core/latent/latent.h"
#include "core/util/result.h"

namespace latent::model {
class Generator;
}

namespace latent::export_ {

enum class VideoFormat { Mp4, Gif, PngSequence };

// .mp4 -> Mp4, .gif -> Gif, a trailing '/' or an existing folder -> PngSequence. Anything else is
// an error naming the choices.
Result<VideoFormat> videoFormatForPath(const std::string& path);

// An interpolation video along a KeyframePath. Plain values: a ui can fill it from its document
// and hand it to a worker thread.
struct VideoSpec {
    std::shared_ptr<const model::Generator> generator;
    std::vector<latent::Latent> keyframes;  // >= 1, each of the model's latent size
    int classIndex = -1;                    // -1 for unconditional models
    float truncation = 1.0f;
    latent::Interpolation interpolation = latent::Interpolation::Linear;
    latent::Easing easing = latent::Easing::Linear;
    bool loop = false;
    int framesPerSegment = 30;
    double fps = 30.0;
    int crf = 20;  // H.264 quality, 0 (lossless) .. 51
    // x264 speed/size trade-off at the same CRF. ultrafast keeps the encoder ahead of small
    // generators (docs/export.md has figures); veryfast makes ~35% smaller files.
    std::string preset = "ultrafast";
    int upscale = 1;  // 1, 2, 4 or 8
    bool smooth = false;
    std::string path;
    VideoFormat format = VideoFormat::Mp4;
    bool force = false;    // replace an existing output
    int batch = 8;         // frames per generator forward
    int queueFrames = 32;  // rendered frames that may wait for the encoder
};

// Renders the frames on a worker thread (batches through render::render) while the calling thread
// encodes them, so generator and encoder run on two cores. Writes to a temporary name beside
// `path` and renames at the end: on cancel or failure nothing is left, and an existing output is
// kept unless `force` (then ExportStatus::Exists). Blocking; call it off the ui thread. Never
// throws. Progress is reported on the calling thread.
ExportResult exportVideo(const VideoSpec& spec, const ExportControl& control = {});

// Success if `preset` is one of x264's presets (ultrafast … placebo), else an Error naming them. Checked before anything renders, as FFmpeg would only say so on stderr.
Status checkX264Preset(const std::string& preset);

// Total frames `spec` produces (for progress bars before starting).
int videoFrameCount(const VideoSpec& spec);

}  // namespace latent::export_
