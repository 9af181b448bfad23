#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/edit/edit.h"
#include "core/util/result.h"

namespace latent::edit {

// One direction as a JSON object, shared by direction files (directionset.cpp) and image recipes
// (core/export/recipe.cpp), so an edit saved in a PNG carries everything needed to redraw it.
nlohmann::json directionToJsonValue(const Direction& direction);
// Errors name the field that is missing, mistyped or invalid (non-finite values, sigma <= 0,
// unknown space); they do not check the vector against a model (see checkDirection()).
Result<Direction> directionFromJsonValue(const nlohmann::json& value);

}  // namespace latent::edit
