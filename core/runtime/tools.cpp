// Apart from runtime.cpp: the source tree's tools folder comes in as a define, which must not
// reach the precompiled header the rest of core shares (as train/classifierpath.cpp).
#include "core/runtime/tools.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

namespace latent::runtime {

namespace fs = std::filesystem;

std::string toolsDirectory() {
    std::vector<fs::path> candidates;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(exe.parent_path() / "../share/latent-studio/tools");
#ifdef LATENT_TOOLS_DIR
    candidates.emplace_back(LATENT_TOOLS_DIR);
#endif
    for (const fs::path& dir : candidates) {
        if (fs::is_regular_file(dir / "export_torchscript.py", ec)) {
            return fs::weakly_canonical(dir, ec).string();
        }
    }
    return "";
}

std::string latentExecutable() {
    std::error_code ec;
    if (const char* given = std::getenv("LATENT_CLI"); given != nullptr && *given != '\0') {
        return fs::is_regular_file(given, ec) && ::access(given, X_OK) == 0 ? std::string(given)
                                                                            : std::string();
    }
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return "";
    const fs::path beside = exe.parent_path() / "latent";
    if (fs::is_regular_file(beside, ec) && ::access(beside.c_str(), X_OK) == 0) {
        return beside.string();
    }
    return "";
}

std::string pythonInterpreter() {
    if (::access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        const std::string dir = dirs.substr(start, end - start);
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/python3";
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
        start = end + 1;
    }
    return "";
}

std::string convertedModelPath(const std::string& pickle) {
    fs::path out(pickle);
    if (out.extension() == ".pt")
        return (out.parent_path() / (out.stem().string() + "-converted.pt")).string();
    return out.replace_extension(".pt").string();
}

std::string shellWord(const std::string& text) {
    bool plain = !text.empty();
    for (const char ch : text) {
        const bool safe = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                          (ch >= '0' && ch <= '9') ||
                          std::string("_-+./:@%,=").find(ch) != std::string::npos;
        plain = plain && safe;
    }
    if (plain) return text;
    std::string quoted = "'";
    for (const char ch : text) quoted += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return quoted + "'";
}

}  // namespace latent::runtime
