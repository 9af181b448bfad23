#pragma once

#include <string>

#include "core/edit/edit.h"
#include "core/latent/latent.h"
#include "core/util/result.h"

namespace latent::model {
struct ModelInfo;
}

namespace latent::edit {

struct Projection;

// A latent saved on its own (`latent project --out LATENT.json`): which model it belongs to, the
// space it lives in and the numbers. A value type. JSON fields: version, model, model_hash, space
// ("z" | "w+"), latent, num_ws, w_size, class, truncation, loss, psnr.
struct LatentFile {
    std::string modelName;
    std::string modelHash;
    Space space = Space::Z;  // Z or WPlus (plain-W models: WPlus with numWs 1)
    latent::Latent latent;   // z, or numWs x wSize floats row-major
    int numWs = 0;           // WPlus only
    int wSize = 0;           // WPlus only
    int classIndex = -1;
    float truncation = 1.0f;
    double loss = 0.0;  // of the projection that made it (0 when unknown)
    double psnr = 0.0;
};

inline constexpr int kLatentFileVersion = 1;

// The file for a projection result on the model described by `info`.
LatentFile latentFileFor(const Projection& projection, const model::ModelInfo& info);

std::string latentFileToJson(const LatentFile& file);
// Fails with a message naming the missing or mistyped field (or a size that does not add up).
Result<LatentFile> latentFileFromJson(const std::string& json);

// Atomic (temporary + rename). An existing file is kept and an error returned unless `force`.
Status saveLatentFile(const std::string& path, const LatentFile& file, bool force);
// Errors name the file: missing, unreadable, not JSON, wrong fields, newer version.
Result<LatentFile> loadLatentFile(const std::string& path);

// Success when `file` fits `info` (latent and class sizes); else what does not, in words.
Status checkLatentFile(const LatentFile& file, const model::ModelInfo& info);

}  // namespace latent::edit
