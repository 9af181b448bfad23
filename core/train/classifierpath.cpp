// findClassifier() lives apart from classifier.cpp: it needs the source tree's resource folder as a
// define, which must not reach the precompiled header the rest of core shares.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace latent::train {

std::string findClassifier() {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("LATENT_CLASSIFIER"); env && *env) candidates.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        candidates.push_back(exe.parent_path() /
                             "../share/latent-studio/models/fashion-classifier.ltm");
    }
#ifdef LATENT_RESOURCE_DIR
    candidates.push_back(fs::path(LATENT_RESOURCE_DIR) / "models/fashion-classifier.ltm");
#endif
    for (const auto& path : candidates) {
        if (fs::is_regular_file(path, ec)) return fs::weakly_canonical(path, ec).string();
    }
    return "";
}

}  // namespace latent::train
