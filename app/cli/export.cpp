// `latent grid`, `latent interpolate`, `latent dataset` and `latent bench-export`: thin wrappers
// over core/export with Ctrl-C wired to the export's cancel flag.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "app/cli/common.h"
#include "app/cli/exportcommands.h"
#include "core/export/dataset.h"
#include "core/export/framesink.h"
#include "core/export/grid.h"
#include "core/export/outputpath.h"
#include "core/export/recipe.h"
#include "core/export/video.h"
#include "core/export/videoprobe.h"
#include "core/render/renderer.h"

namespace latent::cli {
namespace {

int scaleOption(const Args& args, int fallback = 1) {
    const int k = static_cast<int>(args.integer("scale", fallback, 1, 8));
    if (!export_::validUpscale(k)) throw UsageError{"--scale must be 1, 2, 4 or 8"};
    return k;
}

// Before any work: a device, pipe or a folder that is not ours is refused whatever --force says
// (exit 1), an existing output without --force is a usage error (exit 2).
void refuseExisting(const std::string& path, bool force, bool folder) {
    if (folder) {
        checkOutputFolder(path);
    } else {
        checkOutputFile(path);
    }
    if (!force && export_::outputExists(path))
        throw UsageError{export_::withoutTrailingSlash(path) +
                         " already exists; add --force to overwrite it"};
    if (folder) {
        if (Status problem = export_::checkFolderExport(path); !problem)
            throw CommandFailure{problem.error()};
    }
}

// Maps an export's outcome to the CLI's exit codes and prints its notes.
int finish(const export_::ExportResult& r, const std::string& what, std::ostream& out,
           std::ostream& err) {
    for (const std::string& note : r.notes) err << "latent: note: " << note << "\n";
    switch (r.status) {
        case export_::ExportStatus::Done: {
            char rate[64];
            std::snprintf(rate, sizeof rate, "%.1f s, %.1f per second", r.seconds,
                          r.seconds > 0 ? r.items / r.seconds : 0.0);
            out << "wrote " << r.path << " (" << r.items << " " << what << ", " << rate << ")\n";
            return 0;
        }
        case export_::ExportStatus::Cancelled:
            err << "latent: interrupted; nothing written\n";
            return 130;
        case export_::ExportStatus::Exists:
            throw UsageError{r.message + "; add --force to overwrite it"};
        case export_::ExportStatus::Failed:
            break;
    }
    throw CommandFailure{r.message};
}

std::vector<std::uint64_t> seedList(const std::string& text) {
    std::vector<std::uint64_t> seeds;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        // Digits only: std::stoull would take "-1" as 18446744073709551615 and " 5" as 5.
        std::uint64_t seed = 0;
        if (!parseSeed(item, &seed))
            throw UsageError{"--seeds must be a comma-separated list of seeds (integers from 0 to "
                             "18446744073709551615), got '" + text + "'"};
        seeds.push_back(seed);
    }
    if (seeds.empty()) throw UsageError{"--seeds needs at least one seed"};
    return seeds;
}

latent::Easing easingOption(const Args& args) {
    const std::string e = args.text("easing", "linear");
    if (e == "linear") return latent::Easing::Linear;
    if (e == "ease") return latent::Easing::EaseInOut;
    if (e == "cubic") return latent::Easing::Cubic;
    throw UsageError{"--easing must be linear, ease or cubic, got '" + e + "'"};
}

export_::VideoSpec videoSpec(const Args& args, const model::LoadedModel& loaded) {
    export_::VideoSpec spec;
    spec.generator = loaded.generator;
    for (std::uint64_t seed : seedList(args.required("seeds")))
        spec.keyframes.push_back(latent::sampleLatent(seed, loaded.info.latentSize));
    spec.classIndex = classOption(args, loaded.info);
    spec.truncation = static_cast<float>(args.number("truncation", 1.0, 0.0, 2.0));
    spec.interpolation =
        args.flag("slerp") ? latent::Interpolation::Spherical : latent::Interpolation::Linear;
    spec.easing = easingOption(args);
    spec.loop = args.flag("loop");
    spec.framesPerSegment = static_cast<int>(args.integer("frames", 30, 1, 100000));
    spec.fps = args.number("fps", 30.0, 0.1, 1000.0);
    spec.crf = static_cast<int>(args.integer("crf", 20, 0, 51));
    spec.preset = args.text("preset", spec.preset);
    if (Status problem = export_::checkX264Preset(spec.preset); !problem)
        throw UsageError{"--preset: " + problem.error()};
    spec.upscale = scaleOption(args);
    spec.smooth = args.flag("smooth");
    spec.force = args.flag("force");
    spec.path = args.required("out");
    auto format = export_::videoFormatForPath(spec.path);
    if (!format) throw UsageError{format.error()};
    spec.format = *format;
    return spec;
}

const std::set<std::string> kVideoOptions = {"seeds",      "frames", "fps",    "easing",
                                             "scale",      "crf",    "preset", "class",
                                             "truncation", "out",    "device", "threads"};

}  // namespace

int commandInterpolate(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv, kVideoOptions, {"slerp", "loop", "smooth", "force"});
    args.expectPositionals(1, "latent interpolate MODEL --seeds 1,2,3 --out OUT.mp4|OUT.gif|DIR/");
    const auto format = export_::videoFormatForPath(args.required("out"));
    refuseExisting(args.required("out"), args.flag("force"),
                   format && *format == export_::VideoFormat::PngSequence);
    const model::LoadedModel loaded = openModel(args);
    const export_::VideoSpec spec = videoSpec(args, loaded);
    InterruptGuard guard;
    export_::ExportControl control;
    control.cancel = InterruptGuard::flag();
    return finish(export_::exportVideo(spec, control), "frames", out, err);
}

int commandGrid(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv,
              {"seeds", "truncation-sweep", "cols", "class", "truncation", "scale", "out", "device",
               "threads"},
              {"classes", "labels", "smooth", "force"});
    args.expectPositionals(
        1, "latent grid MODEL (--seeds A-B | --truncation-sweep A:B:N | --classes) --out FILE.png");
    const std::string outPath = args.required("out");
    refuseExisting(outPath, args.flag("force"), false);
    const int modes =
        args.flag("classes") + (args.has("truncation-sweep") ? 1 : 0) +
        (args.has("seeds") && !args.has("truncation-sweep") && !args.flag("classes") ? 1 : 0);
    if (modes != 1)
        throw UsageError{"give one of --seeds A-B, --truncation-sweep A:B:N or --classes"};
    const model::LoadedModel loaded = openModel(args);
    export_::GridSpec spec;
    spec.generator = loaded.generator;
    spec.info = loaded.info;
    // --seeds A-B (or one seed) is the seed range for every mode; default 0-7.
    const std::string range = args.text("seeds", "0-7");
    // Digits only on both sides: sscanf's %llu would read "-5" as 2^64 - 5.
    const std::size_t dash = range.find('-');
    std::uint64_t a = 0, b = 0;
    if (!parseSeed(range.substr(0, dash), &a) ||
        !parseSeed(dash == std::string::npos ? range : range.substr(dash + 1), &b) || b < a ||
        b - a >= 4096)
        throw UsageError{"--seeds must be A-B with A <= B (at most 4096 seeds), got '" + range +
                         "'"};
    char tail = 0;
    spec.firstSeed = a;
    spec.lastSeed = b;
    if (args.flag("classes")) {
        spec.mode = export_::GridMode::ClassesBySeeds;
        if (!args.has("seeds")) spec.lastSeed = spec.firstSeed + 7;
    } else if (args.has("truncation-sweep")) {
        spec.mode = export_::GridMode::TruncationSweep;
        if (!args.has("seeds")) spec.lastSeed = spec.firstSeed;
        const std::string sweep = args.text("truncation-sweep");
        double from = 0, to = 0;
        int steps = 0;
        if (std::sscanf(sweep.c_str(), "%lf:%lf:%d%c", &from, &to, &steps, &tail) != 3 ||
            steps < 1 || steps > 256 || from < 0 || to < 0 || from > 2 || to > 2)
            throw UsageError{"--truncation-sweep must be FROM:TO:STEPS (psi in 0..2), got '" +
                             sweep + "'"};
        spec.psiFrom = static_cast<float>(from);
        spec.psiTo = static_cast<float>(to);
        spec.psiSteps = steps;
    }
    if (!args.flag("classes")) spec.classIndex = classOption(args, loaded.info);
    spec.truncation = static_cast<float>(args.number("truncation", 1.0, 0.0, 2.0));
    spec.cols = static_cast<int>(args.integer("cols", 0, 1, 4096));
    spec.labels = args.flag("labels");
    spec.upscale = scaleOption(args);
    spec.smooth = args.flag("smooth");
    InterruptGuard guard;
    export_::ExportControl control;
    control.cancel = InterruptGuard::flag();
    const export_::ExportResult r = export_::exportGrid(spec, outPath, args.flag("force"), control);
    return finish(r, "images", out, err);
}

int commandDataset(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv, {"per-class", "seed", "truncation", "scale", "out", "device", "threads"},
              {"smooth", "force"});
    args.expectPositionals(1, "latent dataset MODEL --per-class N --out DIR");
    const std::string outPath = args.required("out");
    refuseExisting(outPath, args.flag("force"), true);
    const model::LoadedModel loaded = openModel(args);
    export_::DatasetSpec spec;
    spec.generator = loaded.generator;
    spec.info = loaded.info;
    spec.perClass = static_cast<int>(args.integer("per-class", 0, 1, 1000000));
    if (!args.has("per-class")) throw UsageError{"--per-class N is required"};
    spec.firstSeed = args.seed("seed", 0);
    spec.truncation = static_cast<float>(args.number("truncation", 1.0, 0.0, 2.0));
    spec.upscale = scaleOption(args);
    spec.smooth = args.flag("smooth");
    spec.folder = outPath;
    spec.force = args.flag("force");
    InterruptGuard guard;
    export_::ExportControl control;
    control.cancel = InterruptGuard::flag();
    return finish(export_::exportDataset(spec, control), "images", out, err);
}

int commandBenchExport(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv, {"frames", "scale", "batch", "preset", "device", "threads"}, {});
    args.expectPositionals(1, "latent bench-export MODEL [--frames 256] [--scale 4]");
    const model::LoadedModel loaded = openModel(args);
    if (!export_::videoExportAvailable())
        throw CommandFailure{"video export needs FFmpeg's libraries (not in this build)"};
    const int frames = static_cast<int>(args.integer("frames", 256, 2, 100000));
    export_::VideoSpec spec;
    spec.generator = loaded.generator;
    spec.keyframes = {latent::sampleLatent(1, loaded.info.latentSize),
                      latent::sampleLatent(2, loaded.info.latentSize)};
    spec.classIndex = loaded.info.conditional() ? 0 : -1;
    spec.framesPerSegment = frames - 1;
    spec.upscale = scaleOption(args, 4);
    spec.batch = static_cast<int>(args.integer("batch", 8, 1, 256));
    spec.preset = args.text("preset", spec.preset);
    if (Status problem = export_::checkX264Preset(spec.preset); !problem)
        throw UsageError{"--preset: " + problem.error()};
    spec.format = export_::VideoFormat::Mp4;
    spec.force = true;
    const auto dir = std::filesystem::temp_directory_path();
    spec.path = (dir / ("latent-bench-export-" + std::to_string(::getpid()) + ".mp4")).string();

    // Generator alone: the same frames in the same batches, on this thread.
    const std::vector<latent::Latent> latents =
        latent::KeyframePath(spec.keyframes).sample(spec.framesPerSegment);
    const std::size_t batch = static_cast<std::size_t>(spec.batch);
    auto renderBatch = [&](std::size_t start) {
        render::RenderRequest request;
        request.generator = spec.generator;
        const std::size_t end = std::min(latents.size(), start + batch);
        request.latents.assign(latents.begin() + static_cast<long>(start),
                               latents.begin() + static_cast<long>(end));
        if (spec.classIndex >= 0) request.classes.assign(request.latents.size(), spec.classIndex);
        render::RenderResult result = render::render(request);
        if (!result.ok()) throw CommandFailure{result.error};
        return result;
    };
    auto generate = [&] {
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t start = 0; start < latents.size(); start += batch) renderBatch(start);
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    generate();  // warm-up: first forwards allocate
    const double genSeconds = generate();
    // How much of a second core this machine gives us: two generator threads at once. Below ~2x
    // the pipelined export cannot reach the generator's rate either (a busy or shared machine).
    double secondsA = 0, secondsB = 0;
    std::thread a([&] { secondsA = generate(); }), b([&] { secondsB = generate(); });
    a.join();
    b.join();
    const double twoThreadFps =
        static_cast<double>(latents.size()) * (1.0 / secondsA + 1.0 / secondsB);

    // Encoder alone: the same frames, rendered and upscaled beforehand, through the MP4 sink.
    std::vector<image::ImageRGB8> rendered;
    for (std::size_t start = 0; start < latents.size(); start += batch) {
        for (const image::ImageRGB8& img : renderBatch(start).images)
            rendered.push_back(image::upscale(img, spec.upscale, false));
    }
    const auto e0 = std::chrono::steady_clock::now();
    {
        auto sink = export_::makeMp4Sink(spec.crf, spec.preset);
        Status s = sink->open(spec.path, rendered.front().width, rendered.front().height, spec.fps);
        for (std::size_t i = 0; s && i < rendered.size(); ++i) s = sink->write(rendered[i]);
        if (s) s = sink->finish();
        if (!s) throw CommandFailure{s.error()};
    }
    const double encSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - e0).count();
    rendered.clear();

    const export_::ExportResult r = export_::exportVideo(spec);
    std::error_code ec;
    std::filesystem::remove(spec.path, ec);
    if (!r.ok()) throw CommandFailure{r.message};
    const double n = static_cast<double>(latents.size());
    const double genFps = n / genSeconds, encFps = n / encSeconds;
    const double exportFps = static_cast<double>(r.items) / r.seconds;
    char line[512];
    std::snprintf(
        line, sizeof line,
        "frames %zu, %dx%d MP4 (x%d, crf %d, preset %s), batch %d\n"
        "generator only: %.1f frames/s\n"
        "encoder only (RGB -> yuv420p -> H.264): %.1f frames/s\n"
        "export (render + upscale | encode, pipelined): %.1f frames/s\n"
        "ratio export / generator: %.2f (pipelining bound min(gen, enc) / gen: %.2f)\n"
        "two generator threads at once: %.1f frames/s in all, %.2fx one (2x: a free second core)\n",
        latents.size(), loaded.info.resolution * spec.upscale,
        loaded.info.resolution * spec.upscale, spec.upscale, spec.crf, spec.preset.c_str(),
        spec.batch, genFps, encFps, exportFps, exportFps / genFps,
        std::min(genFps, encFps) / genFps, twoThreadFps, twoThreadFps / genFps);
    out << line;
    return 0;
}

}  // namespace latent::cli
