// Fuzz target: PNG recipes. Inputs that start with the PNG signature are PNG files, read as the
// app reads a dropped or opened image (readRecipeFromPng: libpng through image::readPng, then the
// "latent-studio:recipe" text chunk); anything else is the chunk's JSON text (recipeFromJson).
// A recipe that reads must write out as JSON that reads back to the same text.

#include <cstdint>
#include <string>

#include "core/export/recipe.h"
#include "tests/fuzz/fuzzinput.h"

namespace {

using namespace ::latent;

void checkRecipe(const Result<export_::Recipe>& recipe) {
    if (!recipe) {
        fuzz::require(!recipe.error().empty(), "a recipe error has a message");
        return;
    }
    const std::string text = export_::recipeToJson(recipe.value());
    auto again = export_::recipeFromJson(text);
    fuzz::require(again.ok(), "a recipe that reads is written as one that reads back");
    fuzz::require(export_::recipeToJson(again.value()) == text, "a recipe reads back unchanged");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string kPngSignature("\x89PNG\r\n\x1a\n", 8);
    const std::string bytes = ::latent::fuzz::bytesOf(data, size);
    if (bytes.compare(0, kPngSignature.size(), kPngSignature) == 0) {
        checkRecipe(::latent::export_::readRecipeFromPng(::latent::fuzz::writeTemp("recipe.png", bytes)));
    } else {
        checkRecipe(::latent::export_::recipeFromJson(bytes));
    }
    return 0;
}
