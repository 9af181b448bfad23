// `latent faces`: the procedural cartoon faces (core/train/faces.h) as a folder of PNGs with
// labels.csv, or as one grid image.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

#include "app/cli/cli.h"
#include "app/cli/common.h"
#include "core/export/outputpath.h"
#include "core/image/png.h"
#include "core/render/tensorimage.h"
#include "core/train/faces.h"
#include "core/util/atomicfile.h"

namespace latent::cli {
namespace {

constexpr const char* kUsage =
    "latent faces (--out DIR | --grid FILE.png) [--count N] [--first I] [--resolution R] "
    "[--seed S] [--force]";
constexpr std::int64_t kBatch = 64;

struct FaceRange {
    std::uint64_t first = 0;
    std::int64_t count = 0;
    std::uint64_t seed = 0;
    int resolution = 64;
};

// Faces [first, first + count) drawn batch by batch; `each` gets (index, image). False when
// `cancel` (may be null) was set.
template <class Each>
bool drawFaces(const FaceRange& range, const std::atomic<bool>* cancel, const Each& each) {
    for (std::int64_t start = 0; start < range.count; start += kBatch) {
        if (cancel && cancel->load()) return false;
        const auto n = static_cast<std::size_t>(std::min(kBatch, range.count - start));
        const std::uint64_t first = range.first + static_cast<std::uint64_t>(start);
        const std::vector<image::ImageRGB8> images = render::toImages(
            train::renderFaces(train::faceAttributesRange(first, n, range.seed), range.resolution));
        for (std::size_t k = 0; k < n; ++k) each(first + k, images[k]);
    }
    return true;
}

// A float written with enough digits to read back the same float.
std::string exact(float v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", static_cast<double>(v));
    return text;
}

int writeFolder(const std::string& folder, const FaceRange& range, bool force, std::ostream& out,
                std::ostream& err) {
    checkOutputFolder(folder);
    const std::string target = export_::withoutTrailingSlash(folder);
    if (!force && export_::outputExists(target))
        throw UsageError{target + " already exists; add --force to overwrite it"};
    if (Status problem = export_::checkFolderExport(target); !problem)
        throw CommandFailure{problem.error()};

    const auto started = std::chrono::steady_clock::now();
    export_::AtomicDir dir(target);
    if (Status s = dir.create(); !s) throw CommandFailure{s.error()};
    std::string csv = "file";
    for (const std::string& name : train::faceAttributeNames()) csv += "," + name;
    csv += "\n";
    InterruptGuard guard;
    const bool finished = drawFaces(
        range, InterruptGuard::flag(), [&](std::uint64_t index, const image::ImageRGB8& img) {
            char name[48];
            std::snprintf(name, sizeof name, "face_%06llu.png",
                          static_cast<unsigned long long>(index));
            if (Status s = image::writePng(dir.tempPath() + "/" + name, img); !s)
                throw CommandFailure{s.error()};
            csv += name;
            for (float v : train::faceAttributesToVector(train::faceAttributes(index, range.seed)))
                csv += "," + exact(v);
            csv += "\n";
        });
    if (!finished) {
        err << "latent: interrupted; nothing written\n";
        return 130;
    }
    if (Status s = util::writeFileAtomically(dir.tempPath() + "/labels.csv", csv); !s)
        throw CommandFailure{s.error()};
    if (Status s = dir.commit(force); !s) throw CommandFailure{s.error()};
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char line[96];
    std::snprintf(line, sizeof line, " (%lld faces and labels.csv, %.1f s)",
                  static_cast<long long>(range.count), seconds);
    out << "wrote " << target << line << "\n";
    return 0;
}

int writeGrid(const std::string& path, const FaceRange& range, int cols, bool force,
              std::ostream& out) {
    checkNewOutputFile(path, force);
    std::vector<image::ImageRGB8> images;
    drawFaces(range, nullptr,
              [&](std::uint64_t, const image::ImageRGB8& img) { images.push_back(img); });
    if (Status s = image::writePng(path, image::makeGrid(images, cols)); !s)
        throw CommandFailure{s.error()};
    out << "wrote " << path << " (" << range.count << " faces)\n";
    return 0;
}

}  // namespace

int commandFaces(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv, {"out", "grid", "count", "first", "resolution", "seed", "cols", "threads"},
              {"force"});
    args.expectPositionals(0, kUsage);
    const bool folder = args.has("out"), grid = args.has("grid");
    if (folder && grid) throw UsageError{"--out and --grid cannot be used together"};
    if (!folder && !grid) throw UsageError{"--out DIR or --grid FILE.png is required"};
    FaceRange range;
    range.count = args.integer("count", folder ? 1000 : 64, 1, folder ? 100000 : 256);
    range.first = args.seed("first", 0);
    if (range.first >
        std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(range.count))
        throw UsageError{"--first is too large for --count " + std::to_string(range.count)};
    range.resolution = static_cast<int>(
        args.integer("resolution", 64, train::kMinFaceResolution, train::kMaxFaceResolution));
    range.seed = args.seed("seed", 0);
    if (folder && args.has("cols")) throw UsageError{"--cols goes with --grid"};
    const auto squareCols = static_cast<std::int64_t>(std::ceil(std::sqrt(range.count)));
    const int cols = static_cast<int>(args.integer("cols", squareCols, 1, range.count));
    applyThreads(args);
    if (folder) return writeFolder(args.required("out"), range, args.flag("force"), out, err);
    return writeGrid(args.required("grid"), range, cols, args.flag("force"), out);
}

}  // namespace latent::cli
