#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/edit/edit.h"
#include "core/image/image.h"
#include "core/latent/latent.h"
#include "core/util/result.h"

namespace latent::model {
class Generator;
struct ModelInfo;
}  // namespace latent::model

namespace latent::export_ {

// The PNG text chunk (iTXt, UTF-8) that carries a recipe.
inline constexpr const char* kRecipeChunk = "latent-studio:recipe";

// One edit along a semantic direction, stored whole (vector, sigma, space, layers, classes) so the
// image is redrawn identically without the direction file it came from. Recipes written before
// edits existed have an empty list and read unchanged.
struct RecipeEdit {
    edit::Direction direction;
    float amount = 0.0f;  // slider units, as in edit::Edit
};

// Everything needed to draw one image again: which model (name for people, content hash for
// identity), the full latent (the seed alone is not enough once a latent is edited or
// interpolated), class, truncation, edits and the upscale it was saved with. A value type.
struct Recipe {
    std::string modelName;
    std::string modelHash;
    std::optional<std::uint64_t> seed;  // absent for latents that did not come from a seed
    latent::Latent latent;
    int classIndex = -1;  // -1: unconditional
    float truncation = 1.0f;
    std::vector<RecipeEdit> edits;
    int upscale = 1;  // 1, 2, 4 or 8
    bool smooth = false;

    bool operator==(const Recipe& o) const;
};

std::string recipeToJson(const Recipe& recipe);
// Fails with a message on malformed JSON or missing/mistyped fields.
Result<Recipe> recipeFromJson(const std::string& json);

// The recipe stored in a PNG written by saveImage (or `latent sample`). Errors name the file:
// not a PNG, no recipe in it, or a recipe that cannot be read.
Result<Recipe> readRecipeFromPng(const std::string& path);

// How a recipe relates to a loaded model. A recipe from another model (hash differs) is still
// usable when the latent size matches (and its class, if any, exists in this model).
struct RecipeCheck {
    bool sameModel = false;
    bool usable = false;
    std::string message;  // empty when sameModel && usable; otherwise says what differs
};
RecipeCheck checkRecipe(const Recipe& recipe, const model::ModelInfo& info);

// A recipe for `seed` (or an explicit latent) on the given model.
Recipe makeRecipe(const model::ModelInfo& info, std::optional<std::uint64_t> seed, latent::Latent z,
                  int classIndex, float truncation);

// Draws the recipe's image on the calling thread: batch of one, then its upscale. Errors (wrong
// latent size, class out of range, LibTorch failure) come back as messages. Thread-safe.
Result<image::ImageRGB8> renderRecipe(const Recipe& recipe,
                                      const std::shared_ptr<const model::Generator>& generator);

// Writes `image` as a PNG carrying `recipe` (atomic: temporary file + rename). An existing file is
// kept and an error returned unless `force`.
Status saveImage(const std::string& path, const image::ImageRGB8& image, const Recipe& recipe,
                 bool force);

// Upscale factors we offer: 1, 2, 4 and 8.
bool validUpscale(int factor);

}  // namespace latent::export_
