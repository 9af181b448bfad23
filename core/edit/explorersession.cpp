#include "core/edit/explorersession.h"

#include <cctype>
#include <cfloat>
#include <climits>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/edit/directionjson.h"
#include "core/edit/directionset.h"
#include "core/model/checksum.h"
#include "core/util/atomicfile.h"
#include "core/util/inputfile.h"
#include "core/util/json.h"

namespace latent::edit {

using nlohmann::json;

namespace {
constexpr int kVersion = 1;
constexpr const char* kKind = "latent-studio-session";

json amountsToJson(const std::vector<DirectionAmount>& amounts) {
    json out = json::array();
    for (const DirectionAmount& a : amounts)
        out.push_back({{"name", a.name}, {"amount", a.amount}});
    return out;
}

json frameObject(const ExplorerFrame& f) {
    json j{{"seed", f.seed},
           {"latent", f.z},
           {"edited", f.edited},
           {"origin", originName(f.origin)},
           {"class", f.classIndex},
           {"truncation", f.truncation},
           {"directions", amountsToJson(f.amounts)}};
    if (!f.wPlus.empty()) j["w_plus"] = f.wPlus;
    if (!f.classMorph.method.empty()) {
        j["class_morph"] = {{"direction", directionToJsonValue(f.classMorph)},
                            {"amount", f.classMorphAmount}};
    }
    if (f.mix.enabled) {
        j["style_mix"] = {{"seed", f.mix.seed},
                          {"first_layer", f.mix.firstLayer},
                          {"last_layer", f.mix.lastLayer}};
    }
    return j;
}

json keyframeObject(const Keyframe& k) {
    return {{"seed", k.seed},
            {"latent", k.z},
            {"edited", k.edited},
            {"origin", originName(k.origin)}};
}

// A z or w+ of more values than any model takes is refused before it is copied.
constexpr std::size_t kMaxLatentValues = std::size_t{1} << 20;

bool finite(const latent::Latent& z) {
    for (float v : z) {
        if (!std::isfinite(v)) return false;
    }
    return true;
}

// Throws a std::runtime_error with a message for people; sessionFromJson turns it into an Error.
struct Invalid : std::runtime_error {
    using std::runtime_error::runtime_error;
};

latent::Latent readLatent(const json& j, const char* key, int size, const std::string& where) {
    if (!j.contains(key)) throw Invalid(where + " has no \"" + key + "\"");
    const json& values = j.at(key);
    if (!values.is_array()) throw Invalid(where + "'s \"" + key + "\" is not a list of numbers");
    if (values.size() > kMaxLatentValues)
        throw Invalid(where + " has a latent of " + std::to_string(values.size()) + " values");
    latent::Latent z;
    z.reserve(values.size());
    for (const json& v : values) {
        // NaN and infinity are written as null: name them rather than a type error.
        if (!v.is_number()) throw Invalid(where + " has a latent with values that are not numbers");
        // Beyond float range a value would become infinity (a black image).
        const double d = v.get<double>();
        if (!(std::fabs(d) <= FLT_MAX))
            throw Invalid(where + " has a latent with NaN or infinite values");
        z.push_back(static_cast<float>(d));
    }
    if (size > 0 && static_cast<int>(z.size()) != size)
        throw Invalid(where + " has a latent of " + std::to_string(z.size()) +
                      " values, but the model takes " + std::to_string(size));
    if (!finite(z)) throw Invalid(where + " has a latent with NaN or infinite values");
    return z;
}

ExplorerFrame frameFields(const json& j, int latentSize, const std::string& where) {
    if (!j.is_object()) throw Invalid(where + " is not an object");
    ExplorerFrame f;
    f.seed = util::jsonUint(j, "seed", 0);
    f.z = readLatent(j, "latent", latentSize, where);
    f.edited = util::jsonBool(j, "edited", false);
    // Sessions before "origin" said "projected" or nothing.
    f.origin = j.contains("origin") ? originFromName(util::jsonString(j, "origin"))
               : util::jsonBool(j, "projected", false) ? Origin::Projected
                                                        : Origin::Seed;
    if (j.contains("class") && j["class"].is_number_integer() && j["class"].get<std::int64_t>() < 0)
        throw Invalid(where + " has class " + j["class"].dump());
    f.classIndex = static_cast<int>(util::jsonInt(j, "class", 0, 0, INT_MAX));
    f.truncation = util::jsonFloat(j, "truncation", 1.0f, -FLT_MAX, FLT_MAX);
    const json directions = j.contains("directions") ? j["directions"] : json::array();
    if (!directions.is_array()) throw Invalid(where + "'s \"directions\" is not a list");
    for (const json& a : directions) {
        if (!a.is_object()) throw Invalid(where + " has a direction amount that is not an object");
        const std::string name = util::jsonString(a, "name");
        if (!a.contains("amount")) throw Invalid(where + " moves along \"" + name + "\" by nothing");
        if (!a["amount"].is_number() || !(std::fabs(a["amount"].get<double>()) <= FLT_MAX))
            throw Invalid(where + " moves along \"" + name + "\" by a non-number");
        f.amounts.push_back(DirectionAmount{name, a["amount"].get<float>()});
    }
    if (j.contains("w_plus")) {
        const json& w = j.at("w_plus");
        if (!w.is_array() || w.size() > kMaxLatentValues)
            throw Invalid(where + "'s \"w_plus\" is not a list of numbers");
        for (const json& v : w) {
            if (!v.is_number() || !(std::fabs(v.get<double>()) <= FLT_MAX))
                throw Invalid(where + " has a w+ latent with NaN or infinite values");
            f.wPlus.push_back(v.get<float>());
        }
    }
    if (j.contains("class_morph")) {
        const json& m = j.at("class_morph");
        auto morph = directionFromJsonValue(m.at("direction"));
        if (!morph) throw Invalid(where + "'s class morph: " + morph.error());
        f.classMorph = std::move(morph.value());
        if (!m.contains("amount") || !m["amount"].is_number() ||
            !(std::fabs(m["amount"].get<double>()) <= FLT_MAX))
            throw Invalid(where + " has a class morph amount that is not a number");
        f.classMorphAmount = m["amount"].get<float>();
    }
    if (j.contains("style_mix")) {
        const json& m = j.at("style_mix");
        f.mix.enabled = true;
        f.mix.seed = util::jsonUint(m.at("seed"), "seed");
        f.mix.firstLayer = static_cast<int>(util::jsonInt(m, "first_layer", 0, 0, kMaxLayer));
        f.mix.lastLayer = static_cast<int>(util::jsonInt(m, "last_layer", -1, -1, kMaxLayer));
    }
    return f;
}

// Field errors (wrong type, out of range) name the frame they are in.
ExplorerFrame frameFromObject(const json& j, int latentSize, const std::string& where) {
    try {
        return frameFields(j, latentSize, where);
    } catch (const util::JsonFieldError& e) {
        throw Invalid(where + ": " + e.what());
    }
}

Keyframe keyframeFromObject(const json& j, int latentSize, const std::string& where) {
    if (!j.is_object()) throw Invalid(where + " is not an object");
    try {
        Keyframe k{readLatent(j, "latent", latentSize, where), util::jsonUint(j, "seed", 0),
                   util::jsonBool(j, "edited", false)};
        if (j.contains("origin")) k.origin = originFromName(util::jsonString(j, "origin"));
        return k;
    } catch (const util::JsonFieldError& e) {
        throw Invalid(where + ": " + e.what());
    }
}
}  // namespace

std::string frameToJson(const ExplorerFrame& frame) { return frameObject(frame).dump(); }

Result<ExplorerFrame> frameFromJson(const std::string& text, int latentSize) {
    auto parsed = util::parseJson(text);
    if (!parsed) return Error{parsed.error()};
    try {
        return frameFromObject(*parsed, latentSize, "the frame");
    } catch (const Invalid& e) {
        return Error{e.what()};
    } catch (const json::exception& e) {
        return Error{std::string("a field is missing or of the wrong type (") + e.what() + ")"};
    } catch (const std::exception& e) {
        return Error{std::string("cannot read the frame (") + e.what() + ")"};
    }
}

std::string sessionToJson(const ExplorerSession& s) {
    DirectionSet directions = s.directions;
    if (directions.latentSize <= 0) directions.latentSize = s.latentSize;
    json keyframes = json::array();
    for (const Keyframe& k : s.keyframes) keyframes.push_back(keyframeObject(k));
    json bookmarks = json::array();
    for (const Bookmark& b : s.bookmarks)
        bookmarks.push_back({{"name", b.name}, {"frame", frameObject(b.frame)}});
    json j{{"kind", kKind},
           {"version", kVersion},
           {"model",
            {{"name", s.modelName},
             {"path", s.modelPath},
             {"hash", s.modelHash},
             {"latent_size", s.latentSize}}},
           {"directions", json::parse(directionsToJson(directions))},
           {"current", frameObject(s.current)},
           {"a", s.a ? frameObject(*s.a) : json(nullptr)},
           {"b", s.b ? frameObject(*s.b) : json(nullptr)},
           {"ab_position", s.abPosition},
           {"keyframes", keyframes},
           {"bookmarks", bookmarks}};
    return j.dump(1);
}

Result<ExplorerSession> sessionFromJson(const std::string& text) {
    auto parsed = util::parseJson(text);
    if (!parsed) return Error{"not a session file: " + parsed.error()};
    const json& j = *parsed;
    if (!j.is_object()) return Error{"not a session file (not a JSON object)"};
    const auto kind = j.find("kind");
    if (kind == j.end() || !kind->is_string() || kind->get<std::string>() != kKind)
        return Error{"not a Latent Studio session (no \"kind\": \"" + std::string(kKind) + "\")"};
    const auto versionField = j.find("version");
    if (versionField == j.end() || !versionField->is_number_integer())
        return Error{"session \"version\" must be an integer (got " +
                     (versionField == j.end() ? std::string("none") : versionField->dump()) + ")"};
    if (versionField->get<std::int64_t>() < 1 || versionField->get<std::int64_t>() > kVersion)
        return Error{"session version " + versionField->dump() +
                     " is not one this version of Latent Studio reads (" +
                     std::to_string(kVersion) + ")"};
    try {
        ExplorerSession s;
        const json& model = j.at("model");
        s.modelName = util::jsonString(model, "name");
        s.modelPath = model.at("path").get<std::string>();
        s.modelHash = util::jsonString(model, "hash");
        if (!model.contains("latent_size")) return Error{"the session's model has no latent size"};
        s.latentSize = static_cast<int>(
            util::jsonInt(model["latent_size"], "latent_size", 1,
                          static_cast<std::int64_t>(kMaxLatentValues)));
        if (s.modelPath.empty()) return Error{"the session names no model file"};
        if (s.latentSize <= 0) return Error{"the session's model has no latent size"};
        if (j.contains("directions") && !j["directions"].is_null()) {
            auto directions = directionsFromJson(j["directions"].dump());
            if (!directions) return Error{"its directions: " + directions.error()};
            s.directions = std::move(directions.value());
        }
        s.current = frameFromObject(j.at("current"), s.latentSize, "the current frame");
        if (j.contains("a") && !j["a"].is_null())
            s.a = frameFromObject(j["a"], s.latentSize, "keyframe A");
        if (j.contains("b") && !j["b"].is_null())
            s.b = frameFromObject(j["b"], s.latentSize, "keyframe B");
        const json& ab = j.contains("ab_position") ? j["ab_position"] : json(0.0);
        if (!ab.is_number() || !(ab.get<double>() >= 0.0 && ab.get<double>() <= 1.0))
            return Error{"the A/B position is not between 0 and 1"};
        s.abPosition = ab.get<float>();
        int index = 1;
        const json keyframes = j.contains("keyframes") ? j["keyframes"] : json::array();
        const json bookmarks = j.contains("bookmarks") ? j["bookmarks"] : json::array();
        if (!keyframes.is_array() || !bookmarks.is_array())
            return Error{"the session's keyframes or bookmarks are not a list"};
        for (const json& k : keyframes) {
            s.keyframes.push_back(
                keyframeFromObject(k, s.latentSize, "keyframe " + std::to_string(index++)));
        }
        index = 1;
        for (const json& b : bookmarks) {
            const std::string where = "bookmark " + std::to_string(index++);
            if (!b.is_object()) return Error{where + " is not an object"};
            s.bookmarks.push_back(Bookmark{util::jsonString(b, "name"),
                                           frameFromObject(b.at("frame"), s.latentSize, where)});
        }
        return s;
    } catch (const Invalid& e) {
        return Error{e.what()};
    } catch (const util::JsonFieldError& e) {
        return Error{e.what()};
    } catch (const json::exception& e) {
        return Error{std::string("a field is missing or of the wrong type (") + e.what() + ")"};
    } catch (const std::exception& e) {
        return Error{std::string("cannot read the session (") + e.what() + ")"};
    }
}

Status saveSession(const std::string& path, const ExplorerSession& session) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return Error{path + ": is a folder"};
    const std::string text = sessionToJson(session);
    return util::writeFileAtomically(path, text + "\n");
}

Result<ExplorerSession> readSession(const std::string& path) {
    auto text = util::readInputFile(path, "a session", util::kMaxJsonBytes);
    if (!text) return Error{text.error()};
    auto parsed = sessionFromJson(*text);
    if (!parsed) return Error{path + ": " + parsed.error()};
    return parsed;
}

std::string resolveModelPath(const ExplorerSession& session, const std::string& sessionPath) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_regular_file(session.modelPath, ec)) return session.modelPath;
    const fs::path beside =
        fs::path(sessionPath).parent_path() / fs::path(session.modelPath).filename();
    if (fs::is_regular_file(beside, ec)) return beside.string();
    return session.modelPath;
}

Status checkSessionModel(const ExplorerSession& session, const std::string& modelPath) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(modelPath, ec))
        return Error{"its model " + modelPath + " is missing"};
    if (session.modelHash.empty()) return success();
    std::ifstream in(modelPath, std::ios::binary);
    if (!in)
        return Error{"its model " + modelPath + " cannot be read (" + util::errnoMessage(errno) +
                     ")"};
    model::Fnv1a64 hash;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        hash.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (hash.hex() != session.modelHash)
        return Error{"its model " + modelPath +
                     " has changed since the session was saved (the weights differ), so its "
                     "latents would not show the same images"};
    return success();
}

std::string defaultBookmarkName(const ExplorerFrame& frame) {
    std::string name = frameLabel(frame);
    if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
}

}  // namespace latent::edit
