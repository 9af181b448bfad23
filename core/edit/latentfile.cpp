#include "core/edit/latentfile.h"

#include <cfloat>
#include <climits>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/edit/projection.h"
#include "core/model/modelinfo.h"
#include "core/util/atomicfile.h"
#include "core/util/inputfile.h"
#include "core/util/json.h"

namespace latent::edit {

using nlohmann::json;

LatentFile latentFileFor(const Projection& projection, const model::ModelInfo& info) {
    LatentFile f;
    f.modelName = info.name;
    f.modelHash = info.contentHash;
    f.space = projection.space == Space::Z ? Space::Z : Space::WPlus;
    f.latent = projection.latent;
    f.numWs = f.space == Space::Z ? 0 : projection.numWs;
    f.wSize = f.space == Space::Z ? 0 : projection.wSize;
    f.classIndex = projection.classIndex;
    f.loss = projection.loss;
    f.psnr = projection.psnr;
    return f;
}

std::string latentFileToJson(const LatentFile& f) {
    const json j{{"version", kLatentFileVersion},
                 {"model", f.modelName},
                 {"model_hash", f.modelHash},
                 {"space", f.space == Space::Z ? "z" : "w+"},
                 {"latent", f.latent},
                 {"num_ws", f.numWs},
                 {"w_size", f.wSize},
                 {"class", f.classIndex},
                 {"truncation", f.truncation},
                 {"loss", f.loss},
                 {"psnr", f.psnr}};
    return j.dump(2) + "\n";
}

namespace {
// More values than any model's z or w+ (StyleGAN3 at 1024 px: 16 x 512).
constexpr std::int64_t kMaxValues = std::int64_t{1} << 20;
}  // namespace

Result<LatentFile> latentFileFromJson(const std::string& text) {
    auto parsed = util::parseJson(text);
    if (!parsed) return Error{parsed.error()};
    const json& j = *parsed;
    if (!j.is_object()) return Error{"not a JSON object"};
    if (!j.contains("version") || !j["version"].is_number_integer())
        return Error{"no \"version\": not a Latent Studio latent file"};
    if (j["version"].is_number_unsigned() && j["version"].get<std::uint64_t>() > kLatentFileVersion)
        return Error{"written by a newer Latent Studio (version " + j["version"].dump() + ")"};
    if (j["version"].get<std::int64_t>() < 1)
        return Error{"\"version\" must be " + std::to_string(kLatentFileVersion) + " (got " +
                     j["version"].dump() + ")"};
    for (const char* key : {"space", "latent"})
        if (!j.contains(key)) return Error{std::string("has no \"") + key + "\""};
    LatentFile f;
    try {
        const std::string space = j["space"].get<std::string>();
        if (space != "z" && space != "w+")
            return Error{"\"space\" must be \"z\" or \"w+\", got \"" + space + "\""};
        f.space = space == "z" ? Space::Z : Space::WPlus;
        f.latent = util::jsonFloats(j["latent"], "latent", kMaxValues);
        f.modelName = util::jsonString(j, "model");
        f.modelHash = util::jsonString(j, "model_hash");
        f.numWs = static_cast<int>(util::jsonInt(j, "num_ws", 0, 0, kMaxValues));
        f.wSize = static_cast<int>(util::jsonInt(j, "w_size", 0, 0, kMaxValues));
        f.classIndex = static_cast<int>(util::jsonInt(j, "class", -1, -1, INT_MAX));
        f.truncation = util::jsonFloat(j, "truncation", 1.0f, -FLT_MAX, FLT_MAX);
        f.loss = util::jsonDouble(j, "loss", 0.0, -DBL_MAX, DBL_MAX);
        f.psnr = util::jsonDouble(j, "psnr", 0.0, -DBL_MAX, DBL_MAX);
    } catch (const util::JsonFieldError& e) {
        return Error{std::string("has a field of the wrong type or range: ") + e.what()};
    } catch (const json::exception& e) {
        return Error{std::string("has a field of the wrong type (") + e.what() + ")"};
    }
    if (f.latent.empty()) return Error{"\"latent\" is empty"};
    if (f.space == Space::WPlus &&
        (f.numWs < 1 || f.wSize < 1 ||
         static_cast<std::size_t>(f.numWs) * static_cast<std::size_t>(f.wSize) != f.latent.size()))
        return Error{"a w+ latent needs num_ws x w_size values (" + std::to_string(f.numWs) +
                     " x " + std::to_string(f.wSize) + "), found " +
                     std::to_string(f.latent.size())};
    return f;
}

Status saveLatentFile(const std::string& path, const LatentFile& file, bool force) {
    std::error_code ec;
    if (!force && std::filesystem::exists(path, ec))
        return Error{path + " already exists (not overwritten)"};
    return util::writeFileAtomically(path, latentFileToJson(file));
}

Result<LatentFile> loadLatentFile(const std::string& path) {
    auto text = util::readInputFile(path, "a latent file", util::kMaxJsonBytes);
    if (!text) return Error{text.error()};
    auto parsed = latentFileFromJson(*text);
    if (!parsed) return Error{path + ": " + parsed.error()};
    return parsed;
}

Status checkLatentFile(const LatentFile& f, const model::ModelInfo& info) {
    if (f.space == Space::Z) {
        if (static_cast<int>(f.latent.size()) != info.latentSize)
            return Error{"a z of " + std::to_string(f.latent.size()) + " values, but the model takes " +
                   std::to_string(info.latentSize)};
    } else {
        if (!info.styleBased()) return Error{"a w+ latent, but the model is not style-based"};
        if (f.wSize != info.wSize)
            return Error{"w of size " + std::to_string(f.wSize) + ", but the model's is " +
                   std::to_string(info.wSize)};
        if (info.numWs > 1 && f.numWs != info.numWs)
            return Error{std::to_string(f.numWs) + " w inputs, but the model takes " +
                   std::to_string(info.numWs)};
    }
    if (f.classIndex >= info.numClasses() || (info.conditional() && f.classIndex < 0))
        return Error{"class " + std::to_string(f.classIndex) + " does not exist in the model"};
    return success();
}

}  // namespace latent::edit
