// findClassifier() lives apart from classifier.cpp: it needs the source tree's resource folder as a
// define, which must not reach the precompiled header the rest of core shares.
#include "core/train/shippedmodels.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace latent::train {

namespace {

// $`envVar`, then the installed ../share/latent-studio/models/ next to the executable, then the
// source tree's resources/models/; "" when none exists.
std::string findShippedModel(const char* envVar, const char* file) {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv(envVar); env && *env) candidates.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(exe.parent_path() / "../share/latent-studio/models" / file);
#ifdef LATENT_RESOURCE_DIR
    candidates.push_back(fs::path(LATENT_RESOURCE_DIR) / "models" / file);
#endif
    for (const auto& path : candidates) {
        if (fs::is_regular_file(path, ec)) return fs::weakly_canonical(path, ec).string();
    }
    return "";
}

}  // namespace

std::string findClassifier() { return findShippedModel("LATENT_CLASSIFIER", "fashion-classifier.ltm"); }

std::string findFaceRegressor() {
    return findShippedModel("LATENT_FACE_REGRESSOR", "face-regressor.ltm");
}

}  // namespace latent::train
