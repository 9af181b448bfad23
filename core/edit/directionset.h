#pragma once

#include <optional>
#include <string>

#include "core/edit/edit.h"
#include "core/util/result.h"

namespace latent::model {
struct ModelInfo;
}

namespace latent::edit {

// Direction sets as JSON files (docs/model-format.md, "Direction files"):
//   {"format": "latent-studio-directions", "version": 1, "model": NAME, "model_hash": HASH,
//    "latent_size": D, "w_size": W, "directions": [{"name", "method", "space": "z"|"w"|"w+",
//    "vector": [...], "sigma", "first_layer", "last_layer", "class_from", "class_to"}, ...]}
inline constexpr int kDirectionFormatVersion = 1;

// How a space is written in files and shown to people: "z", "w", "w+".
const char* spaceName(Space space);

// An empty set for a model: its name, content hash, latent size and w size filled in.
DirectionSet directionSetFor(const model::ModelInfo& info);

// Appends computed directions named "<label> 1", "<label> 2", … (SeFa's and PCA's), each with its
// sigma (kept above 1e-6 so a slider always moves). `sigmas` has one value per vector.
void appendNumbered(DirectionSet& set, const std::string& label, const std::string& method,
                    Space space, std::vector<latent::Latent> vectors,
                    const std::vector<float>& sigmas);

std::string directionsToJson(const DirectionSet& set);
// Errors name the problem: not JSON, not a direction file, a version this build cannot read, a
// missing or mistyped field (naming the direction), a vector of the wrong size for its space, a
// NaN/infinite value, a sigma <= 0. Pure and thread-safe.
Result<DirectionSet> directionsFromJson(const std::string& json);

// Writes the set atomically (temporary file + rename); an existing file is kept and an error
// returned unless `force`. Errors name the path.
Status saveDirections(const std::string& path, const DirectionSet& set, bool force = true);
// Reads a direction file; errors start with the path ("dirs.json: vector of 'PCA 2' has 99 values,
// the set's latent size is 100").
Result<DirectionSet> loadDirections(const std::string& path);

// How a direction set relates to a loaded model. A set made for another model (hash differs) is
// usable when every direction's size fits this model (latent size for Z, w size for W / W+; class
// morphs need the classes).
struct DirectionCheck {
    bool sameModel = false;
    bool usable = false;
    std::string message;  // empty when sameModel && usable; otherwise says what differs
};
DirectionCheck checkDirections(const DirectionSet& set, const model::ModelInfo& info);

// Success when `direction` can be applied to the model, else why not (wrong vector size for its space,
// W edit on a model that is not style-based, W+ layers the model does not have, class morph on an
// unconditional model or an unknown class). The rule is checkEdits' (core/edit/apply.h): what
// the app accepts as a direction is exactly what a render can draw.
Status checkDirection(const Direction& direction, const model::ModelInfo& info);

// The direction named by `key`: a 0-based index ("3") or a direction name ("PCA 4"). -1 if none.
int findDirection(const DirectionSet& set, const std::string& key);

// Where computed directions for `method` ("pca", "sefa") are cached: "<model path>.<method>.json"
// when the model's folder is writable, else ~/.cache/latent-studio/<contentHash>.<method>.json
// (XDG_CACHE_HOME honoured). Creates no files. Empty when neither is possible (no path, no home).
std::string directionCachePath(const model::ModelInfo& info, const std::string& method);
// The cached set when the cache file exists, reads cleanly and was made for exactly this model
// (same content hash and sizes); nullopt otherwise (a stale or damaged cache is simply ignored).
std::optional<DirectionSet> loadCachedDirections(const model::ModelInfo& info,
                                                 const std::string& method);
// Saves `set` to directionCachePath(info, method), creating the cache folder when needed.
Status saveCachedDirections(const DirectionSet& set, const model::ModelInfo& info,
                            const std::string& method);

}  // namespace latent::edit
