// `latent project MODEL IMAGE --steps N --out LATENT.json [--png OUT.png]`: fits a latent to a real
// image (core/edit/projection.h) and saves it, optionally with the reconstruction as a PNG.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "app/cli/common.h"
#include "app/cli/projectcommand.h"
#include "core/edit/latentfile.h"
#include "core/edit/projection.h"
#include "core/export/recipe.h"
#include "core/image/png.h"

namespace latent::cli {
namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the SIGINT handler needs a lock-free flag");
extern "C" void onProjectInterrupt(int) { g_stop = true; }

// Ctrl-C cancels the projection; the previous handler comes back afterwards.
class InterruptGuard {
public:
    InterruptGuard() : m_previous(std::signal(SIGINT, onProjectInterrupt)) { g_stop = false; }
    ~InterruptGuard() { std::signal(SIGINT, m_previous); }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    void (*m_previous)(int);
};

void refuseExisting(const std::string& path, bool force) {
    std::error_code ec;
    if (!force && std::filesystem::exists(path, ec))
        throw UsageError{path + " already exists; add --force to overwrite it"};
}

// A z result carries a recipe like any sampled image. A W+ result cannot: a recipe is redrawn from
// z, so its PNG is a plain picture and LATENT.json is the way back to the latent.
void writePng(const std::string& path, const edit::Projection& p, const model::ModelInfo& info,
              std::ostream& out) {
    Status saved = success();
    if (p.space == edit::Space::Z) {
        saved = export_::saveImage(
            path, p.image, export_::makeRecipe(info, std::nullopt, p.latent, p.classIndex, 1.0f),
            true);
    } else {
        saved = image::writePng(path, p.image,
                                {{"Software", std::string("Latent Studio ") + LATENT_VERSION}});
    }
    if (!saved) throw CommandFailure{saved.error()};
    out << "wrote " << path
        << (p.space == edit::Space::Z
                ? " (with its recipe)\n"
                : " (no recipe: a W+ latent cannot be redrawn from z; use the .json)\n");
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
        &g_stop);
    if (!result && g_stop) {
        err << "latent: interrupted; nothing written\n";
        return 130;
    }
    if (!result) throw CommandFailure{result.error()};
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (Status saved = edit::saveLatentFile(outPath, edit::latentFileFor(*result, info), true);
        !saved)
        throw CommandFailure{saved.error()};
    char summary[160];
    std::snprintf(summary, sizeof summary, "(%s, %d steps, %.1f s, MSE %.5f, PSNR %.2f dB",
                  result->space == edit::Space::Z ? "z" : "w+", result->steps, seconds, result->mse,
                  result->psnr);
    out << "wrote " << outPath << " " << summary << ", " << result->featureLoss << " feature loss";
    if (result->classIndex >= 0)
        out << ", class " << info.classNames[static_cast<std::size_t>(result->classIndex)];
    out << ")\n";
    if (!pngPath.empty()) writePng(pngPath, *result, info, out);
    return 0;
}

}  // namespace latent::cli
