#include "core/export/video.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include "core/export/framequeue.h"
#include "core/export/framesink.h"
#include "core/export/outputpath.h"
#include "core/export/recipe.h"
#include "core/export/videoprobe.h"
#include "core/image/png.h"
#include "core/render/renderer.h"
#include "core/util/atomicfile.h"

namespace latent::export_ {
namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    if (s.size() < suffix.size()) return false;
    return std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
    });
}

class PngSequenceSink final : public FrameSink {
public:
    Status open(const std::string& path, int, int, double) override {
        m_folder = path;
        return success();
    }
    Status write(const image::ImageRGB8& frame) override {
        char name[32];
        std::snprintf(name, sizeof name, "/frame_%05d.png", m_next++);
        return image::writePng(m_folder + name, frame);
    }
    Status finish() override { return success(); }

private:
    std::string m_folder;
    int m_next = 0;
};

latent::KeyframePath pathOf(const VideoSpec& spec) {
    return latent::KeyframePath(spec.keyframes, spec.interpolation, spec.easing, spec.loop);
}

ExportResult failed(ExportResult r, ExportStatus status, std::string message) {
    r.status = status;
    r.message = std::move(message);
    return r;
}

}  // namespace

std::unique_ptr<FrameSink> makePngSequenceSink() { return std::make_unique<PngSequenceSink>(); }

Result<VideoFormat> videoFormatForPath(const std::string& path) {
    if (endsWith(path, ".mp4")) return VideoFormat::Mp4;
    if (endsWith(path, ".gif")) return VideoFormat::Gif;
    std::error_code ec;
    if (!path.empty() && (path.back() == '/' || std::filesystem::is_directory(path, ec)))
        return VideoFormat::PngSequence;
    return Error{path + ": the output must end in .mp4 or .gif, or be a folder ending in /"};
}

Status checkX264Preset(const std::string& preset) {
    static const char* const kPresets[] = {"ultrafast", "superfast", "veryfast", "faster",
                                           "fast",      "medium",    "slow",     "slower",
                                           "veryslow",  "placebo"};
    for (const char* name : kPresets) {
        if (preset == name) return success();
    }
    return Error{"unknown x264 preset '" + preset +
           "' (ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow or "
           "placebo)"};
}

int videoFrameCount(const VideoSpec& spec) {
    if (spec.keyframes.empty() || spec.framesPerSegment <= 0) return 0;
    const int segments = pathOf(spec).segmentCount();
    return segments == 0 ? 1 : segments * spec.framesPerSegment + (spec.loop ? 0 : 1);
}

ExportResult exportVideo(const VideoSpec& spec, const ExportControl& control) {
    const auto started = std::chrono::steady_clock::now();
    ExportResult result;
    const bool folder = spec.format == VideoFormat::PngSequence;
    const std::string target = folder ? withoutTrailingSlash(spec.path) : spec.path;
    result.path = target;
    if (!spec.generator) return failed(result, ExportStatus::Failed, "no model");
    if (spec.keyframes.empty()) return failed(result, ExportStatus::Failed, "no keyframes");
    if (spec.framesPerSegment < 1)
        return failed(result, ExportStatus::Failed, "frames per segment must be at least 1");
    if (!(spec.fps > 0.0 && spec.fps <= 1000.0))
        return failed(result, ExportStatus::Failed, "fps must be in (0, 1000]");
    if (!validUpscale(spec.upscale))
        return failed(result, ExportStatus::Failed, "upscale must be 1, 2, 4 or 8");
    if (spec.crf < 0 || spec.crf > 51)
        return failed(result, ExportStatus::Failed, "CRF must be 0..51");
    if (spec.format == VideoFormat::Mp4) {
        if (Status problem = checkX264Preset(spec.preset); !problem)
            return failed(result, ExportStatus::Failed, problem.error());
    }
    // A device, pipe or a file where a folder belongs is never replaced, force or not.
    if (Status problem = folder ? util::checkOutputFolder(target) : util::checkOutputFile(target);
        !problem) {
        return failed(result, ExportStatus::Failed, problem.error());
    }
    if (!spec.force && outputExists(target))
        return failed(result, ExportStatus::Exists, target + " already exists (not overwritten)");
    if (folder) {
        if (Status problem = checkFolderExport(target); !problem)
            return failed(result, ExportStatus::Failed, problem.error());
    }

    if (!folder) {
        // Fail before rendering anything when the folder cannot take the file.
        std::filesystem::path parent = std::filesystem::path(target).parent_path();
        if (parent.empty()) parent = ".";
        if (::access(parent.c_str(), W_OK) != 0)
            return failed(result, ExportStatus::Failed,
                          "cannot write " + target + ": " + util::errnoMessage(errno));
        if (!videoExportAvailable()) return failed(result, ExportStatus::Failed, kNoFfmpeg);
    }

    const std::vector<latent::Latent> latents = pathOf(spec).sample(spec.framesPerSegment);
    const int total = static_cast<int>(latents.size());

    // The temporary output: a hidden sibling file or folder, renamed over the target at the end.
    util::AtomicFile file(target);
    AtomicDir dir(target);
    if (folder) {
        if (Status s = dir.create(); !s) return failed(result, ExportStatus::Failed, s.error());
    }
    const std::string tempPath = folder ? dir.tempPath() : file.tempPath();
    std::unique_ptr<FrameSink> sink = spec.format == VideoFormat::Mp4
                                          ? makeMp4Sink(spec.crf, spec.preset)
                                      : spec.format == VideoFormat::Gif ? makeGifSink(total)
                                                                        : makePngSequenceSink();

    // Producer: render batches of frames on a worker thread. The queue bounds memory and lets
    // the generator run ahead of the encoder by at most queueFrames frames.
    BoundedQueue<image::ImageRGB8> queue(static_cast<std::size_t>(std::max(1, spec.queueFrames)));
    std::string renderError;
    std::thread producer([&] {
        const int batch = std::max(1, spec.batch);
        for (int start = 0; start < total && !control.cancelled(); start += batch) {
            render::RenderRequest request;
            request.generator = spec.generator;
            request.truncation = spec.truncation;
            const int end = std::min(total, start + batch);
            request.latents.assign(latents.begin() + start, latents.begin() + end);
            if (spec.classIndex >= 0)
                request.classes.assign(request.latents.size(), spec.classIndex);
            render::RenderResult rendered = render::render(request);
            if (!rendered.ok()) {
                renderError = rendered.error;  // read by the consumer only after join()
                break;
            }
            bool open = true;
            for (image::ImageRGB8& img : rendered.images) {
                if (!(open = queue.push(image::upscale(img, spec.upscale, spec.smooth)))) break;
            }
            if (!open) break;
        }
        queue.close();
    });

    // Consumer: this thread encodes.
    std::string writeError;
    bool cancelled = false;
    bool opened = false;
    int done = 0;
    while (std::optional<image::ImageRGB8> frame = queue.pop()) {
        if (control.cancelled()) {
            cancelled = true;
            break;
        }
        if (!opened) {
            // Opened on the first frame, when its size is known; an unwritable folder fails here.
            if (Status s = sink->open(tempPath, frame->width, frame->height, spec.fps); !s) {
                writeError = s.error();
                break;
            }
            opened = true;
        }
        if (Status s = sink->write(*frame); !s) {
            writeError = s.error();
            break;
        }
        ++done;
        if (control.progress) control.progress(done, total);
    }
    queue.close();
    producer.join();
    result.items = done;
    cancelled = cancelled || control.cancelled();

    if (cancelled) return failed(result, ExportStatus::Cancelled, "cancelled");
    if (!writeError.empty()) return failed(result, ExportStatus::Failed, writeError);
    if (!renderError.empty()) return failed(result, ExportStatus::Failed, renderError);
    if (Status s = sink->finish(); !s) return failed(result, ExportStatus::Failed, s.error());
    result.notes = sink->notes();
    sink.reset();  // closes the file before the rename
    if (folder) {
        if (Status s = dir.commit(spec.force); !s)
            return failed(result, ExportStatus::Failed, s.error());
    } else {
        std::string error;
        if (!spec.force && outputExists(target))
            return failed(result, ExportStatus::Exists,
                          target + " already exists (not overwritten)");
        if (!file.commit(&error)) return failed(result, ExportStatus::Failed, error);
    }
    result.status = ExportStatus::Done;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

}  // namespace latent::export_
