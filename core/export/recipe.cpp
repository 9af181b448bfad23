#include "core/export/recipe.h"

#include <cfloat>
#include <climits>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/edit/directionjson.h"
#include "core/edit/directionset.h"
#include "core/image/png.h"
#include "core/model/modelinfo.h"
#include "core/render/renderer.h"
#include "core/util/json.h"

namespace latent::export_ {

using nlohmann::json;

namespace {
bool sameDirection(const edit::Direction& a, const edit::Direction& b) {
    return a.name == b.name && a.method == b.method && a.space == b.space && a.vector == b.vector &&
           a.sigma == b.sigma && a.firstLayer == b.firstLayer && a.lastLayer == b.lastLayer &&
           a.classFrom == b.classFrom && a.classTo == b.classTo;
}
}  // namespace

bool Recipe::operator==(const Recipe& o) const {
    auto sameEdits = [&] {
        if (edits.size() != o.edits.size()) return false;
        for (std::size_t i = 0; i < edits.size(); ++i) {
            if (!sameDirection(edits[i].direction, o.edits[i].direction) ||
                edits[i].amount != o.edits[i].amount)
                return false;
        }
        return true;
    };
    return modelName == o.modelName && modelHash == o.modelHash && seed == o.seed &&
           latent == o.latent && classIndex == o.classIndex && truncation == o.truncation &&
           sameEdits() && upscale == o.upscale && smooth == o.smooth;
}

namespace {
// More values than any model's latent; refused before they are copied.
constexpr std::size_t kMaxLatentValues = std::size_t{1} << 20;
}  // namespace

bool validUpscale(int factor) { return factor == 1 || factor == 2 || factor == 4 || factor == 8; }

std::string recipeToJson(const Recipe& r) {
    json edits = json::array();
    for (const RecipeEdit& e : r.edits)
        edits.push_back(
            {{"direction", edit::directionToJsonValue(e.direction)}, {"amount", e.amount}});
    // Floats go out as doubles with 17 significant digits, so the latent reads back bit-exact.
    json j{{"version", 1},
           {"model", r.modelName},
           {"model_hash", r.modelHash},
           {"seed", r.seed ? json(*r.seed) : json(nullptr)},
           {"latent", r.latent},
           {"class", r.classIndex},
           {"truncation", r.truncation},
           {"edits", edits},
           {"upscale", {{"factor", r.upscale}, {"smooth", r.smooth}}}};
    return j.dump();
}

Result<Recipe> recipeFromJson(const std::string& text) {
    auto parsed = util::parseJson(text);
    if (!parsed) return Error{"recipe is " + parsed.error()};
    const json& j = *parsed;
    if (!j.is_object()) return Error{"recipe is not a JSON object"};
    try {
        Recipe r;
        r.modelName = util::jsonString(j, "model");
        r.modelHash = util::jsonString(j, "model_hash");
        if (j.contains("seed") && !j["seed"].is_null()) r.seed = util::jsonUint(j["seed"], "seed");
        if (!j.contains("latent"))
            return Error{
                "recipe has no latent (written by an older version; only its seed is known)"};
        // Finite floats only: a value beyond float range would draw a black image.
        r.latent = util::jsonFloats(j["latent"], "latent", kMaxLatentValues);
        r.classIndex = static_cast<int>(util::jsonInt(j, "class", -1, -1, INT_MAX));
        r.truncation = util::jsonFloat(j, "truncation", 1.0f, -FLT_MAX, FLT_MAX);
        const json edits = j.contains("edits") ? j["edits"] : json::array();
        if (!edits.is_array()) return Error{"recipe's \"edits\" is not a list"};
        for (const json& e : edits) {
            const json& d = e.at("direction");
            if (d.is_string())
                return Error{"recipe edit '" + d.get<std::string>() +
                             "' has no direction vector (an older format); it cannot be redrawn"};
            auto direction = edit::directionFromJsonValue(d);
            if (!direction) return Error{"recipe edit: " + direction.error()};
            const float amount = util::jsonFloat(e.at("amount"), "amount", -FLT_MAX, FLT_MAX);
            r.edits.push_back({std::move(*direction), amount});
        }
        if (j.contains("upscale")) {
            if (!j["upscale"].is_object()) return Error{"recipe's \"upscale\" is not an object"};
            const json& factor = j["upscale"].contains("factor") ? j["upscale"]["factor"] : json(1);
            if (!factor.is_number_integer() || factor < 1 || factor > 8 ||
                !validUpscale(factor.get<int>()))
                return Error{"recipe has upscale factor " + factor.dump() + " (1, 2, 4 or 8)"};
            r.upscale = factor.get<int>();
            r.smooth = util::jsonBool(j["upscale"], "smooth", false);
        }
        if (!validUpscale(r.upscale))
            return Error{"recipe has upscale factor " + std::to_string(r.upscale) +
                         " (1, 2, 4 or 8)"};
        return r;
    } catch (const util::JsonFieldError& e) {
        return Error{std::string("recipe: ") + e.what()};
    } catch (const json::exception& e) {
        return Error{std::string("recipe has a field of the wrong type (") + e.what() + ")"};
    }
}

Result<Recipe> readRecipeFromPng(const std::string& path) {
    image::TextChunks text;
    auto img = image::readPng(path, &text);
    if (!img) return Error{img.error()};
    for (const auto& [key, value] : text) {
        if (key != kRecipeChunk) continue;
        auto r = recipeFromJson(value);
        if (!r) return Error{path + ": " + r.error()};
        return r;
    }
    for (const auto& [key, value] : text) {
        if (key == "latent-studio:grid")
            return Error{path + ": a grid of several images, not one image's recipe"};
    }
    return Error{path + ": no Latent Studio recipe in this PNG (only images saved with Save Image "
                        "or `latent sample` carry one)"};
}

namespace {
std::string shortHash(const std::string& hash) {
    return hash.size() > 12 ? hash.substr(0, 12) + "…" : hash;
}
}  // namespace

RecipeCheck checkRecipe(const Recipe& r, const model::ModelInfo& info) {
    RecipeCheck c;
    c.sameModel = !r.modelHash.empty() && r.modelHash == info.contentHash;
    std::string problem;
    if (static_cast<int>(r.latent.size()) != info.latentSize) {
        problem = "its latent has " + std::to_string(r.latent.size()) + " values, " + info.name +
                  " takes " + std::to_string(info.latentSize);
    } else if (r.classIndex >= 0 && !info.conditional()) {
        problem = "it has class " + std::to_string(r.classIndex) + " and " + info.name +
                  " is not class-conditional";
    } else if (r.classIndex < 0 && info.conditional()) {
        problem = info.name + " needs a class and the recipe has none";
    } else if (r.classIndex >= info.numClasses()) {
        problem = "its class " + std::to_string(r.classIndex) + " does not exist in " + info.name;
    }
    for (const RecipeEdit& e : r.edits) {
        if (!problem.empty()) break;
        if (Status why = edit::checkDirection(e.direction, info); !why)
            problem = "its edit " + why.error();
    }
    c.usable = problem.empty();
    if (!c.sameModel) {
        c.message = "made with another model (" + (r.modelName.empty() ? "unnamed" : r.modelName) +
                    ", hash " + shortHash(r.modelHash) + ")";
        c.message += c.usable ? "; its latent fits " + info.name + " and can be used with it"
                              : "; " + problem;
    } else if (!c.usable) {
        c.message = problem;
    }
    return c;
}

Recipe makeRecipe(const model::ModelInfo& info, std::optional<std::uint64_t> seed, latent::Latent z,
                  int classIndex, float truncation) {
    Recipe r;
    r.modelName = info.name;
    r.modelHash = info.contentHash;
    r.seed = seed;
    r.latent = std::move(z);
    r.classIndex = classIndex;
    r.truncation = truncation;
    return r;
}

Result<image::ImageRGB8> renderRecipe(const Recipe& recipe,
                                      const std::shared_ptr<const model::Generator>& generator) {
    if (!validUpscale(recipe.upscale))
        return Error{"upscale must be 1, 2, 4 or 8, got " + std::to_string(recipe.upscale)};
    render::RenderRequest request;
    request.generator = generator;
    request.latents = {recipe.latent};
    if (recipe.classIndex >= 0) request.classes = {recipe.classIndex};
    request.truncation = recipe.truncation;
    for (const RecipeEdit& e : recipe.edits) request.edits.push_back({e.direction, e.amount});
    render::RenderResult result = render::render(request);
    if (!result.ok()) return Error{result.error};
    return image::upscale(result.images.front(), recipe.upscale, recipe.smooth);
}

Status saveImage(const std::string& path, const image::ImageRGB8& image, const Recipe& recipe,
                 bool force) {
    std::error_code ec;
    if (!force && std::filesystem::exists(path, ec))
        return Error{path + " already exists (not overwritten)"};
    return image::writePng(path, image,
                           {{"Software", std::string("Latent Studio ") + LATENT_VERSION},
                            {kRecipeChunk, recipeToJson(recipe)}});
}

}  // namespace latent::export_
