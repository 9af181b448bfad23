// `latent project MODEL IMAGE --steps N --out LATENT.json [--png OUT.png]`: fits a latent to a real
// image (core/edit/projection.h) and saves it, optionally with the reconstruction as a PNG.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <ostream>

#include <unistd.h>

#include "app/cli/common.h"
#include "app/cli/projectcommand.h"
#include "core/edit/latentfile.h"
#include "core/edit/projection.h"
#include "core/export/recipe.h"
#include "core/image/png.h"
#include "core/util/atomicfile.h"

namespace latent::cli {
namespace {

void refuseExisting(const std::string& path, bool force) {
    checkNewOutputFile(path, force);
    // Both outputs are checked before either is written: a folder we cannot write to fails now,
    // not after the projection and one of the two files.
    std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (folder.empty()) folder = ".";
    if (::access(folder.c_str(), W_OK) != 0)
        throw CommandFailure{"cannot write " + path + ": " + util::errnoMessage(errno)};
}

// `text` with every `from` replaced by `to`: a message about a temporary names the real output.
std::string renamed(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// A z result carries a recipe like any sampled image. A W+ result cannot: a recipe is redrawn from
// z, so its PNG is a plain picture and LATENT.json is the way back to the latent.
// Writes the PNG to `file`'s temporary; the caller commits it once LATENT.json is written.
void writePng(const util::AtomicFile& file, const edit::Projection& p,
              const model::ModelInfo& info) {
    Status saved = success();
    if (p.space == edit::Space::Z) {
        saved = export_::saveImage(
            file.tempPath(), p.image,
            export_::makeRecipe(info, std::nullopt, p.latent, p.classIndex, 1.0f), true);
    } else {
        saved = image::writePng(file.tempPath(), p.image,
                                {{"Software", std::string("Latent Studio ") + LATENT_VERSION}});
    }
    if (!saved) throw CommandFailure{renamed(saved.error(), file.tempPath(), file.target())};
}

}  // namespace

int commandProject(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv, {"steps", "out", "png", "class", "seed", "threads", "device"}, {"force"});
    args.expectPositionals(
        2, "latent project MODEL IMAGE --steps N --out LATENT.json [--png OUT.png]");
    const std::string outPath = args.required("out");
    const std::string pngPath = args.text("png");
    const bool force = args.flag("force");
    edit::ProjectionOptions options;
    options.steps = static_cast<int>(args.integer("steps", 200, 0, 100000));
    options.seed = args.seed("seed", 0);
    refuseExisting(outPath, force);
    if (!pngPath.empty()) refuseExisting(pngPath, force);

    // The image first: a bad one is reported before the model costs any time.
    auto target = edit::readImageFile(args.positional(1, "IMAGE"));
    if (!target) throw CommandFailure{target.error()};
    const model::LoadedModel loaded = openModel(args);
    const model::ModelInfo& info = loaded.info;
    if (args.has("class")) options.classIndex = classOption(args, info);  // else: picked

    const int every = std::max(1, options.steps / 10);
    const auto started = std::chrono::steady_clock::now();
    InterruptGuard interrupt;
    auto result = edit::project(
        *loaded.generator, *target, options,
        [&](const edit::ProjectionProgress& p) {
            if (p.step % every == 0 || p.step == p.steps) {
                char line[96];
                std::snprintf(line, sizeof line, "step %d/%d  loss %.5f", p.step, p.steps, p.loss);
                out << line << "\n" << std::flush;
            }
        },
        InterruptGuard::flag());
    if (!result && interrupt.requested()) {
        err << "latent: interrupted; nothing written\n";
        return 130;
    }
    if (!result) throw CommandFailure{result.error()};
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // Both files or neither: the PNG waits in a temporary beside it until LATENT.json is written,
    // and is removed with it if that fails.
    std::optional<util::AtomicFile> png;
    if (!pngPath.empty()) {
        png.emplace(pngPath);
        writePng(*png, *result, info);
    }
    std::error_code ec;
    const bool latentExisted = std::filesystem::exists(outPath, ec);
    if (Status saved = edit::saveLatentFile(outPath, edit::latentFileFor(*result, info), true);
        !saved)
        throw CommandFailure{saved.error()};
    if (std::string error; png && !png->commit(&error)) {
        if (!latentExisted) std::filesystem::remove(outPath, ec);
        throw CommandFailure{pngPath + ": " + error};
    }
    char summary[160];
    std::snprintf(summary, sizeof summary, "(%s, %d steps, %.1f s, MSE %.5f, PSNR %.2f dB",
                  result->space == edit::Space::Z ? "z" : "w+", result->steps, seconds, result->mse,
                  result->psnr);
    out << "wrote " << outPath << " " << summary << ", " << result->featureLoss << " feature loss";
    if (result->classIndex >= 0)
        out << ", class " << info.classNames[static_cast<std::size_t>(result->classIndex)];
    out << ")\n";
    if (png) {
        out << "wrote " << pngPath
            << (result->space == edit::Space::Z
                    ? " (with its recipe)\n"
                    : " (no recipe: a W+ latent cannot be redrawn from z; use the .json)\n");
    }
    return 0;
}

}  // namespace latent::cli
