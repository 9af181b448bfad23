// The shipped-model search lives apart from classifier.cpp: it needs the source tree's resource
// folder as a define, which must not reach the precompiled header the rest of core shares.
#include "core/train/shippedmodels.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace latent::train {

std::vector<std::string> shippedModelDirectories() {
    namespace fs = std::filesystem;
    std::vector<std::string> dirs;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back((exe.parent_path() / "../share/latent-studio/models").string());
#ifdef LATENT_RESOURCE_DIR
    dirs.push_back((fs::path(LATENT_RESOURCE_DIR) / "models").string());
#endif
    return dirs;
}

std::string findShippedModel(const std::string& file, const char* envVar) {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char* env = envVar ? std::getenv(envVar) : nullptr; env && *env) {
        candidates.emplace_back(env);
    }
    for (const std::string& dir : shippedModelDirectories()) candidates.push_back(fs::path(dir) / file);
    std::error_code ec;
    for (const auto& path : candidates) {
        if (fs::is_regular_file(path, ec)) return fs::weakly_canonical(path, ec).string();
    }
    return "";
}

std::string findClassifier() { return findShippedModel("fashion-classifier.ltm", "LATENT_CLASSIFIER"); }

std::string findFaceRegressor() {
    return findShippedModel("face-regressor.ltm", "LATENT_FACE_REGRESSOR");
}

}  // namespace latent::train
