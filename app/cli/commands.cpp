// `latent info` and `latent sample` (seeds, grids, or a recipe saved in a PNG).
#include <cmath>
#include <ostream>

#include <nlohmann/json.hpp>

#include "app/cli/cli.h"
#include "app/cli/common.h"
#include "app/cli/directionscommand.h"
#include "app/cli/mixoption.h"
#include "core/export/recipe.h"
#include "core/image/png.h"
#include "core/latent/latent.h"
#include "core/render/renderer.h"
#include "core/util/json.h"

namespace latent::cli {

int commandInfo(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv, {"device", "threads"}, {});
    args.expectPositionals(1, "latent info MODEL");
    const model::LoadedModel loaded = openModel(args);
    const model::ModelInfo& info = loaded.info;
    nlohmann::json j;
    j["name"] = info.name;
    j["format"] = info.format;
    j["architecture"] = info.architecture;
    j["latent_size"] = info.latentSize;
    j["channels"] = info.channels;
    j["resolution"] = info.resolution;
    j["class_names"] = info.classNames;
    j["style_based"] = info.styleBased();
    if (info.hasMapping) j["w_size"] = info.wSize;
    if (info.hasMapping) j["num_ws"] = info.numWs;
    if (info.wAvgSource != model::WAvgSource::None) j["w_avg"] = wAvgText(info);
    if (!info.previewResolutions.empty()) {
        j["preview_resolutions"] = info.previewResolutions;
        j["preview_costs"] = info.previewCosts;
    }
    j["device"] = info.device;
    j["content_hash"] = info.contentHash;
    j["path"] = info.path;
    // The loader parsed this text already; parse it the bounded way again all the same.
    auto metadata = util::parseJson(info.metadataJson.empty() ? "{}" : info.metadataJson);
    j["metadata"] = metadata ? std::move(metadata.value()) : nlohmann::json(nullptr);
    out << j.dump(2) << "\n";
    return 0;
}

namespace {

// --scale K (1, 2, 4, 8) or `fallback`.
int scaleOption(const Args& args, int fallback) {
    const int k = static_cast<int>(args.integer("scale", fallback, 1, 8));
    if (!export_::validUpscale(k)) throw UsageError{"--scale must be 1, 2, 4 or 8"};
    return k;
}

// `latent sample MODEL --from-png FILE.png --out OUT.png`: draws a saved recipe again.
int sampleFromPng(const Args& args, std::ostream& out, std::ostream& err) {
    for (const char* option : {"seed", "count", "cols", "truncation", "class", "edit"}) {
        if (args.has(option))
            throw UsageError{std::string("--") + option +
                             " comes from the recipe; drop it with --from-png"};
    }
    const std::string source = args.required("from-png");
    const std::string outPath = args.required("out");
    checkNewOutputFile(outPath, args.flag("force"));
    auto recipe = export_::readRecipeFromPng(source);
    if (!recipe) throw CommandFailure{recipe.error()};
    const model::LoadedModel loaded = openModel(args);
    const export_::RecipeCheck check = export_::checkRecipe(*recipe, loaded.info);
    if (!check.usable) throw CommandFailure{source + ": " + check.message};
    if (!check.sameModel) err << "latent: warning: " << source << " was " << check.message << "\n";
    recipe->upscale = scaleOption(args, recipe->upscale);
    if (args.flag("smooth")) recipe->smooth = true;
    auto picture = export_::renderRecipe(*recipe, loaded.generator);
    if (!picture) throw CommandFailure{picture.error()};
    // The new file's recipe names the model that drew it.
    recipe->modelName = loaded.info.name;
    recipe->modelHash = loaded.info.contentHash;
    if (Status saved = export_::saveImage(outPath, *picture, *recipe, true); !saved)
        throw CommandFailure{saved.error()};
    out << "wrote " << outPath << " (" << picture->width << "x" << picture->height << ", from "
        << source << ")\n";
    return 0;
}

}  // namespace

int commandSample(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv,
              {"seed", "count", "cols", "truncation", "class", "device", "threads", "out",
               "from-png", "scale", "edit", "mix-seed", "mix-layers"},
              {"smooth", "force"});
    args.expectPositionals(1, "latent sample MODEL --seed S --out FILE.png");
    if (args.has("from-png")) return sampleFromPng(args, out, err);
    const std::string outPath = args.required("out");
    checkNewOutputFile(outPath, args.flag("force"));
    const std::uint64_t seed = args.seed("seed", 0);
    const int count = static_cast<int>(args.integer("count", 1, 1, 4096));
    const float psi = static_cast<float>(args.number("truncation", 1.0, 0.0, 2.0));
    const int cols = static_cast<int>(args.integer(
        "cols", static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count)))), 1, 4096));
    const int scale = scaleOption(args, 1);
    const bool smooth = args.flag("smooth");
    const model::LoadedModel loaded = openModel(args);
    const model::ModelInfo& info = loaded.info;
    const int cls = classOption(args, info);
    const std::vector<edit::Edit> edits = editOptions(args.all("edit"), info, err);
    const MixOption mixing = mixOption(args, info);

    // Recipes do not record style mixing, so a mixed image takes the grid way (its PNG says so).
    if (count == 1 && mixing.mix.z.empty()) {
        export_::Recipe recipe =
            export_::makeRecipe(info, seed, latent::sampleLatent(seed, info.latentSize), cls, psi);
        recipe.upscale = scale;
        recipe.smooth = smooth;
        for (const edit::Edit& e : edits) recipe.edits.push_back({e.direction, e.amount});
        auto picture = export_::renderRecipe(recipe, loaded.generator);
        if (!picture) throw CommandFailure{picture.error()};
        if (Status saved = export_::saveImage(outPath, *picture, recipe, true); !saved)
            throw CommandFailure{saved.error()};
        out << "wrote " << outPath << " (" << picture->width << "x" << picture->height
            << ", 1 image)\n";
        return 0;
    }

    // Image i of a grid is seed S + i, as in the Explorer's nearby-seeds strip.
    render::RenderRequest request;
    request.generator = loaded.generator;
    request.truncation = psi;
    request.edits = edits;
    request.mix = mixing.mix;
    for (int i = 0; i < count; ++i) {
        request.latents.push_back(
            latent::sampleLatent(seed + static_cast<std::uint64_t>(i), info.latentSize));
    }
    if (cls >= 0) request.classes = {cls};
    // Large grids go through in chunks so memory stays bounded.
    constexpr int kChunk = 64;
    std::vector<image::ImageRGB8> images;
    for (int start = 0; start < count; start += kChunk) {
        render::RenderRequest chunk = request;
        const int end = std::min(count, start + kChunk);
        chunk.latents.assign(request.latents.begin() + start, request.latents.begin() + end);
        render::RenderResult result = render::render(chunk);
        if (!result.ok()) {
            err << "latent: " << result.error << "\n";
            return 1;
        }
        for (auto& img : result.images) images.push_back(image::upscale(img, scale, smooth));
    }
    const image::ImageRGB8 picture = count == 1 ? images.front() : image::makeGrid(images, cols);

    nlohmann::json grid{{"model", info.name},
                        {"model_hash", info.contentHash},
                        {"seed", seed},
                        {"count", count},
                        {"truncation", psi},
                        {"class", cls},
                        {"upscale", {{"factor", scale}, {"smooth", smooth}}}};
    if (!mixing.mix.z.empty()) {
        grid["mix"] = {{"seed", mixing.seed},
                       {"first_layer", mixing.mix.firstLayer},
                       {"last_layer", mixing.mix.lastLayer}};
    }
    // The grid note names its edits (a single image's recipe carries them whole).
    for (const edit::Edit& e : edits)
        grid["edits"].push_back({{"direction", e.direction.name}, {"amount", e.amount}});
    auto saved = image::writePng(outPath, picture,
                                 {{"Software", std::string("Latent Studio ") + LATENT_VERSION},
                                  {"latent-studio:grid", grid.dump()}});
    if (!saved) {
        err << "latent: " << saved.error() << "\n";
        return 1;
    }
    out << "wrote " << outPath << " (" << picture.width << "x" << picture.height << ", " << count
        << (count == 1 ? " image)\n" : " images)\n");
    return 0;
}

}  // namespace latent::cli
