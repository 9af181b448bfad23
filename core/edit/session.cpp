#include "core/edit/session.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/edit/directionjson.h"
#include "core/edit/directionset.h"
#include "core/model/checksum.h"
#include "core/util/atomicfile.h"

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

json frameObject(const SessionFrame& f) {
    json j{{"seed", f.seed},
           {"latent", f.z},
           {"edited", f.edited},
           {"projected", f.projected},
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

json keyframeObject(const SessionKeyframe& k) {
    return {{"seed", k.seed}, {"latent", k.z}, {"edited", k.edited}};
}

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
    for (const json& v : values) {
        // NaN and infinity are written as null: name them rather than a type error.
        if (!v.is_number()) throw Invalid(where + " has a latent with values that are not numbers");
    }
    latent::Latent z = values.get<latent::Latent>();
    if (size > 0 && static_cast<int>(z.size()) != size)
        throw Invalid(where + " has a latent of " + std::to_string(z.size()) +
                      " values, but the model takes " + std::to_string(size));
    if (!finite(z)) throw Invalid(where + " has a latent with NaN or infinite values");
    return z;
}

SessionFrame frameFromObject(const json& j, int latentSize, const std::string& where) {
    if (!j.is_object()) throw Invalid(where + " is not an object");
    SessionFrame f;
    f.seed = j.value("seed", std::uint64_t{0});
    f.z = readLatent(j, "latent", latentSize, where);
    f.edited = j.value("edited", false);
    f.projected = j.value("projected", false);
    f.classIndex = j.value("class", 0);
    if (f.classIndex < 0) throw Invalid(where + " has class " + std::to_string(f.classIndex));
    f.truncation = j.value("truncation", 1.0f);
    if (!std::isfinite(f.truncation))
        throw Invalid(where + " has a truncation that is not a number");
    for (const json& a : j.value("directions", json::array())) {
        DirectionAmount amount{a.at("name").get<std::string>(), a.at("amount").get<float>()};
        if (!std::isfinite(amount.amount))
            throw Invalid(where + " moves along \"" + amount.name + "\" by a non-number");
        f.amounts.push_back(std::move(amount));
    }
    if (j.contains("w_plus")) {
        f.wPlus = j.at("w_plus").get<latent::Latent>();
        if (!finite(f.wPlus)) throw Invalid(where + " has a w+ latent with NaN or infinite values");
    }
    if (j.contains("class_morph")) {
        const json& m = j.at("class_morph");
        auto morph = directionFromJsonValue(m.at("direction"));
        if (!morph) throw Invalid(where + "'s class morph: " + morph.error());
        f.classMorph = std::move(morph.value());
        f.classMorphAmount = m.at("amount").get<float>();
        if (!std::isfinite(f.classMorphAmount))
            throw Invalid(where + " has a class morph amount that is not a number");
    }
    if (j.contains("style_mix")) {
        const json& m = j.at("style_mix");
        f.mix.enabled = true;
        f.mix.seed = m.at("seed").get<std::uint64_t>();
        f.mix.firstLayer = m.value("first_layer", 0);
        f.mix.lastLayer = m.value("last_layer", -1);
    }
    return f;
}

SessionKeyframe keyframeFromObject(const json& j, int latentSize, const std::string& where) {
    if (!j.is_object()) throw Invalid(where + " is not an object");
    return SessionKeyframe{readLatent(j, "latent", latentSize, where),
                           j.value("seed", std::uint64_t{0}), j.value("edited", false)};
}
}  // namespace

std::string frameToJson(const SessionFrame& frame) { return frameObject(frame).dump(); }

Result<SessionFrame> frameFromJson(const std::string& text, int latentSize) {
    const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return Error{"not JSON"};
    try {
        return frameFromObject(j, latentSize, "the frame");
    } catch (const Invalid& e) {
        return Error{e.what()};
    } catch (const json::exception& e) {
        return Error{std::string("a field is missing or of the wrong type (") + e.what() + ")"};
    }
}

bool SessionFrame::operator==(const SessionFrame& o) const {
    return seed == o.seed && z == o.z && edited == o.edited && projected == o.projected &&
           classIndex == o.classIndex && truncation == o.truncation && amounts == o.amounts &&
           wPlus == o.wPlus && classMorph.method == o.classMorph.method &&
           classMorph.vector == o.classMorph.vector &&
           classMorph.classFrom == o.classMorph.classFrom &&
           classMorph.classTo == o.classMorph.classTo && classMorphAmount == o.classMorphAmount &&
           mix == o.mix;
}

std::string sessionToJson(const Session& s) {
    DirectionSet directions = s.directions;
    if (directions.latentSize <= 0) directions.latentSize = s.latentSize;
    json keyframes = json::array();
    for (const SessionKeyframe& k : s.keyframes) keyframes.push_back(keyframeObject(k));
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
           {"a", s.a ? keyframeObject(*s.a) : json(nullptr)},
           {"b", s.b ? keyframeObject(*s.b) : json(nullptr)},
           {"ab_position", s.abPosition},
           {"keyframes", keyframes},
           {"bookmarks", bookmarks}};
    return j.dump(1);
}

Result<Session> sessionFromJson(const std::string& text) {
    const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return Error{"not a session file (not JSON)"};
    if (j.value("kind", std::string()) != kKind)
        return Error{"not a Latent Studio session (no \"kind\": \"" + std::string(kKind) + "\")"};
    const int version = j.value("version", 0);
    if (version < 1 || version > kVersion)
        return Error{"session version " + std::to_string(version) +
                     " is not one this version of Latent Studio reads (" +
                     std::to_string(kVersion) + ")"};
    try {
        Session s;
        const json& model = j.at("model");
        s.modelName = model.value("name", std::string());
        s.modelPath = model.at("path").get<std::string>();
        s.modelHash = model.value("hash", std::string());
        s.latentSize = model.at("latent_size").get<int>();
        if (s.modelPath.empty()) return Error{"the session names no model file"};
        if (s.latentSize <= 0) return Error{"the session's model has no latent size"};
        if (j.contains("directions") && !j["directions"].is_null()) {
            auto directions = directionsFromJson(j["directions"].dump());
            if (!directions) return Error{"its directions: " + directions.error()};
            s.directions = std::move(directions.value());
        }
        s.current = frameFromObject(j.at("current"), s.latentSize, "the current frame");
        if (j.contains("a") && !j["a"].is_null())
            s.a = keyframeFromObject(j["a"], s.latentSize, "keyframe A");
        if (j.contains("b") && !j["b"].is_null())
            s.b = keyframeFromObject(j["b"], s.latentSize, "keyframe B");
        s.abPosition = j.value("ab_position", 0.0f);
        if (!(s.abPosition >= 0.0f && s.abPosition <= 1.0f))
            return Error{"the A/B position is not between 0 and 1"};
        int index = 1;
        for (const json& k : j.value("keyframes", json::array())) {
            s.keyframes.push_back(
                keyframeFromObject(k, s.latentSize, "keyframe " + std::to_string(index++)));
        }
        index = 1;
        for (const json& b : j.value("bookmarks", json::array())) {
            const std::string where = "bookmark " + std::to_string(index++);
            if (!b.is_object()) return Error{where + " is not an object"};
            s.bookmarks.push_back(Bookmark{b.value("name", std::string()),
                                           frameFromObject(b.at("frame"), s.latentSize, where)});
        }
        return s;
    } catch (const Invalid& e) {
        return Error{e.what()};
    } catch (const json::exception& e) {
        return Error{std::string("a field is missing or of the wrong type (") + e.what() + ")"};
    }
}

Status saveSession(const std::string& path, const Session& session) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return Error{path + ": is a folder"};
    const std::string text = sessionToJson(session);
    util::AtomicFile out(path);
    {
        std::ofstream stream(out.tempPath(), std::ios::binary | std::ios::trunc);
        if (!stream) return Error{path + ": cannot write (" + util::errnoMessage(errno) + ")"};
        stream << text << '\n';
        stream.flush();
        if (!stream) return Error{path + ": cannot write (" + util::errnoMessage(errno) + ")"};
    }
    std::string error;
    if (!out.commit(&error)) return Error{path + ": " + error};
    return success();
}

Result<Session> readSession(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Error{path + ": no such file"};
    if (std::filesystem::is_directory(path, ec))
        return Error{path + ": is a folder, not a session"};
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path + ": cannot read (" + util::errnoMessage(errno) + ")"};
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto parsed = sessionFromJson(text);
    if (!parsed) return Error{path + ": " + parsed.error()};
    return parsed;
}

std::string resolveModelPath(const Session& session, const std::string& sessionPath) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_regular_file(session.modelPath, ec)) return session.modelPath;
    const fs::path beside =
        fs::path(sessionPath).parent_path() / fs::path(session.modelPath).filename();
    if (fs::is_regular_file(beside, ec)) return beside.string();
    return session.modelPath;
}

Status checkSessionModel(const Session& session, const std::string& modelPath) {
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

std::string defaultBookmarkName(const SessionFrame& frame) {
    if (frame.projected) return "Projected";
    const std::string seed = std::to_string(frame.seed);
    return frame.edited || !frame.amounts.empty() ? "Edited seed " + seed : "Seed " + seed;
}

}  // namespace latent::edit
