#include "core/edit/directionset.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/edit/apply.h"
#include "core/edit/directionjson.h"
#include "core/model/modelinfo.h"
#include "core/util/atomicfile.h"
#include "core/util/inputfile.h"
#include "core/util/json.h"

namespace latent::edit {

using nlohmann::json;

namespace {

constexpr const char* kFormatName = "latent-studio-directions";
// Bounds far above any model (StyleGAN's w+ has 16 x 512 values, 18 layers), below int overflow.
constexpr std::int64_t kMaxVectorSize = std::int64_t{1} << 20;

bool allFinite(const latent::Latent& v) {
    for (float x : v) {
        if (!std::isfinite(x)) return false;
    }
    return true;
}

std::string quoted(const Direction& d, std::size_t index) {
    return d.name.empty() ? "direction " + std::to_string(index) : "'" + d.name + "'";
}

// Size the vector of `d` must have in a set with these sizes; 0 for class morphs (no vector).
int expectedSize(const Direction& d, int latentSize, int wSize) {
    if (d.method == "class-morph") return 0;
    return d.space == Space::Z ? latentSize : wSize;
}

std::string shortHash(const std::string& hash) {
    return hash.size() > 12 ? hash.substr(0, 12) + "…" : hash;
}

}  // namespace

const char* spaceName(Space space) {
    switch (space) {
        case Space::Z:
            return "z";
        case Space::W:
            return "w";
        case Space::WPlus:
            return "w+";
    }
    return "z";
}

json directionToJsonValue(const Direction& d) {
    // Floats go out as doubles with 17 significant digits, so vectors read back bit-exact.
    return {{"name", d.name},
            {"method", d.method},
            {"space", spaceName(d.space)},
            {"vector", d.vector},
            {"sigma", d.sigma},
            {"first_layer", d.firstLayer},
            {"last_layer", d.lastLayer},
            {"class_from", d.classFrom},
            {"class_to", d.classTo}};
}

Result<Direction> directionFromJsonValue(const json& j) {
    if (!j.is_object()) return Error{"a direction is not a JSON object"};
    Direction d;
    try {
        if (!j.contains("name") || !j["name"].is_string()) return Error{"a direction has no name"};
        d.name = j["name"].get<std::string>();
        const std::string who = "direction '" + d.name + "'";
        d.method = util::jsonString(j, "method", "user");
        const std::string space = util::jsonString(j, "space", "z");
        if (space == "z") {
            d.space = Space::Z;
        } else if (space == "w") {
            d.space = Space::W;
        } else if (space == "w+") {
            d.space = Space::WPlus;
        } else {
            return Error{who + " has space '" + space + "' (z, w or w+)"};
        }
        if (!j.contains("vector") || !j["vector"].is_array())
            return Error{who + " has no vector (an array of numbers)"};
        if (j["vector"].size() > static_cast<std::size_t>(kMaxVectorSize))
            return Error{who + " has a vector of " + std::to_string(j["vector"].size()) +
                         " values (at most " + std::to_string(kMaxVectorSize) + ")"};
        for (const json& x : j["vector"]) {
            if (!x.is_number())
                return Error{
                    who + ": its vector holds a value that is not a number (NaN is saved as null)"};
            // Beyond float range a value would turn into infinity: refuse it as such.
            if (!(std::fabs(x.get<double>()) <= FLT_MAX))
                return Error{who + ": its vector holds NaN or infinite values"};
            d.vector.push_back(x.get<float>());
        }
        if (!allFinite(d.vector)) return Error{who + ": its vector holds NaN or infinite values"};
        if (j.contains("sigma") &&
            (!j["sigma"].is_number() || !(j["sigma"].get<double>() > 0.0) ||
             !(j["sigma"].get<double>() <= FLT_MAX)))
            return Error{who + " has sigma " + j["sigma"].dump() + " (must be > 0)"};
        d.sigma = util::jsonFloat(j, "sigma", 1.0f, FLT_MIN, FLT_MAX);
        d.firstLayer = static_cast<int>(util::jsonInt(j, "first_layer", 0, 0, kMaxLayer));
        d.lastLayer = static_cast<int>(util::jsonInt(j, "last_layer", -1, -1, kMaxLayer));
        d.classFrom = static_cast<int>(util::jsonInt(j, "class_from", -1, -1, INT_MAX));
        d.classTo = static_cast<int>(util::jsonInt(j, "class_to", -1, -1, INT_MAX));
        if (d.method == "class-morph" && (d.classFrom < 0 || d.classTo < 0))
            return Error{who + " is a class morph without class_from and class_to"};
        if (d.method != "class-morph" && d.vector.empty())
            return Error{who + " has an empty vector"};
        return d;
    } catch (const util::JsonFieldError& e) {
        return Error{"direction '" + d.name + "': " + e.what()};
    } catch (const json::exception& e) {
        return Error{"direction '" + d.name + "' has a field of the wrong type (" + e.what() + ")"};
    }
}

DirectionSet directionSetFor(const model::ModelInfo& info) {
    DirectionSet set;
    set.modelName = info.name;
    set.modelHash = info.contentHash;
    set.latentSize = info.latentSize;
    set.wSize = info.hasMapping ? info.wSize : 0;
    return set;
}

void appendNumbered(DirectionSet& set, const std::string& label, const std::string& method,
                    Space space, std::vector<latent::Latent> vectors,
                    const std::vector<float>& sigmas) {
    for (std::size_t i = 0; i < vectors.size(); ++i) {
        Direction d;
        d.name = label + " " + std::to_string(i + 1);
        d.method = method;
        d.space = space;
        d.vector = std::move(vectors[i]);
        d.sigma = std::max(sigmas[i], 1e-6f);
        set.directions.push_back(std::move(d));
    }
}

std::string directionsToJson(const DirectionSet& set) {
    json directions = json::array();
    for (const Direction& d : set.directions) directions.push_back(directionToJsonValue(d));
    const json j{{"format", kFormatName},         {"version", kDirectionFormatVersion},
                 {"model", set.modelName},        {"model_hash", set.modelHash},
                 {"latent_size", set.latentSize}, {"w_size", set.wSize},
                 {"directions", directions}};
    return j.dump(1);
}

Result<DirectionSet> directionsFromJson(const std::string& text) {
    auto parsed = util::parseJson(text);
    if (!parsed) return Error{"not a direction file: " + parsed.error()};
    const json& j = *parsed;
    const auto format = j.is_object() ? j.find("format") : j.end();
    if (!j.is_object() || format == j.end() || !format->is_string() ||
        format->get<std::string>() != kFormatName)
        return Error{"not a Latent Studio direction file (no \"format\": \"" +
                     std::string(kFormatName) + "\")"};
    DirectionSet set;
    try {
        if (!j.contains("version") || !j["version"].is_number_integer())
            return Error{"direction file has no version"};
        if (j["version"] != kDirectionFormatVersion)
            return Error{"direction file version " + j["version"].dump() +
                         " (this build reads version " + std::to_string(kDirectionFormatVersion) +
                         ")"};
        set.modelName = util::jsonString(j, "model");
        set.modelHash = util::jsonString(j, "model_hash");
        if (j.contains("latent_size") && j["latent_size"].is_number_integer() &&
            j["latent_size"] <= 0)
            return Error{"direction file has no positive latent_size"};
        set.latentSize = static_cast<int>(util::jsonInt(j, "latent_size", 0, 1, kMaxVectorSize));
        set.wSize = static_cast<int>(util::jsonInt(j, "w_size", 0, 0, kMaxVectorSize));
        if (set.latentSize <= 0) return Error{"direction file has no positive latent_size"};
        if (!j.contains("directions") || !j["directions"].is_array())
            return Error{"direction file has no \"directions\" list"};
    } catch (const util::JsonFieldError& e) {
        return Error{std::string("direction file: ") + e.what()};
    } catch (const json::exception& e) {
        return Error{std::string("direction file has a field of the wrong type (") + e.what() +
                     ")"};
    }
    for (const json& item : j["directions"]) {
        auto d = directionFromJsonValue(item);
        if (!d) return Error{d.error()};
        const int expected = expectedSize(*d, set.latentSize, set.wSize);
        if (static_cast<int>(d->vector.size()) != expected) {
            const std::string what = d->space == Space::Z ? "latent size" : "w size";
            return Error{"vector of " + quoted(*d, set.directions.size()) + " has " +
                         std::to_string(d->vector.size()) + " values, the set's " + what + " is " +
                         std::to_string(expected)};
        }
        set.directions.push_back(std::move(*d));
    }
    return set;
}

Status saveDirections(const std::string& path, const DirectionSet& set, bool force) {
    std::error_code ec;
    if (!force && std::filesystem::exists(path, ec))
        return Error{path + " already exists (not overwritten; use --force)"};
    return util::writeFileAtomically(path, directionsToJson(set) + "\n");
}

Result<DirectionSet> loadDirections(const std::string& path) {
    auto text = util::readInputFile(path, "a direction file", util::kMaxJsonBytes);
    if (!text) return Error{text.error()};
    auto set = directionsFromJson(*text);
    if (!set) return Error{path + ": " + set.error()};
    return set;
}

Status checkDirection(const Direction& d, const model::ModelInfo& info) {
    // The same rule a render applies (checkEdits): one place decides what fits a model.
    return checkEdits(info, {Edit{d, 0.0f}});
}

DirectionCheck checkDirections(const DirectionSet& set, const model::ModelInfo& info) {
    DirectionCheck c;
    c.sameModel = !set.modelHash.empty() && set.modelHash == info.contentHash;
    std::string problem;
    for (const Direction& d : set.directions) {
        if (Status fits = checkDirection(d, info); !fits) {
            problem = fits.error();
            break;
        }
    }
    c.usable = problem.empty();
    if (!c.sameModel) {
        c.message = "made for another model (" +
                    (set.modelName.empty() ? std::string("unnamed") : set.modelName) + ", hash " +
                    shortHash(set.modelHash) + ")";
        c.message += c.usable ? "; its sizes fit " + info.name + ", so it can be used with it"
                              : "; unusable: " + problem;
    } else if (!c.usable) {
        c.message = "unusable: " + problem;
    }
    return c;
}

int findDirection(const DirectionSet& set, const std::string& key) {
    const int n = static_cast<int>(set.directions.size());
    for (int i = 0; i < n; ++i) {
        if (set.directions[static_cast<std::size_t>(i)].name == key) return i;
    }
    if (key.empty() || key.find_first_not_of("0123456789") != std::string::npos) return -1;
    if (key.size() > 9) return -1;
    const int index = std::stoi(key);
    return index < n ? index : -1;
}

std::string directionCachePath(const model::ModelInfo& info, const std::string& method) {
    namespace fs = std::filesystem;
    if (!info.path.empty()) {
        const fs::path model(info.path);
        const fs::path folder = model.has_parent_path() ? model.parent_path() : fs::path(".");
        if (::access(folder.c_str(), W_OK) == 0) return info.path + "." + method + ".json";
    }
    if (info.contentHash.empty()) return "";
    fs::path cache;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
        cache = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        cache = fs::path(home) / ".cache";
    } else {
        return "";
    }
    return (cache / "latent-studio" / (info.contentHash + "." + method + ".json")).string();
}

std::optional<DirectionSet> loadCachedDirections(const model::ModelInfo& info,
                                                 const std::string& method) {
    const std::string path = directionCachePath(info, method);
    std::error_code ec;
    if (path.empty() || !std::filesystem::exists(path, ec)) return std::nullopt;
    auto set = loadDirections(path);
    if (!set || set->modelHash.empty() || set->modelHash != info.contentHash) return std::nullopt;
    if (!checkDirections(*set, info).usable) return std::nullopt;
    return std::move(set).value();
}

Status saveCachedDirections(const DirectionSet& set, const model::ModelInfo& info,
                            const std::string& method) {
    const std::string path = directionCachePath(info, method);
    if (path.empty()) return Error{"no place to cache directions for " + info.name};
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) return Error{"cannot create the cache folder for " + path + ": " + ec.message()};
    return saveDirections(path, set, /*force=*/true);
}

}  // namespace latent::edit
