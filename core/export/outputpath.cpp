#include "core/export/outputpath.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <vector>

#include "core/util/atomicfile.h"

namespace latent::export_ {
namespace {

namespace fs = std::filesystem;

std::atomic<unsigned> g_counter{0};
constexpr const char* kManifestHeader = "latent-export 1";
// A manifest lists file names; anything larger is not one of ours.
constexpr std::uintmax_t kMaxManifestBytes = 64u << 20;

std::string sibling(const std::string& target, const char* tag) {
    const fs::path p(target);
    const std::string name = "." + p.filename().string() + tag + std::to_string(::getpid()) + "-" +
                             std::to_string(g_counter.fetch_add(1));
    return (p.parent_path().empty() ? fs::path(name) : p.parent_path() / name).string();
}

// A name the manifest may list: one plain entry of the folder, never a path out of it.
bool plainName(const std::string& name) {
    return !name.empty() && name != "." && name != ".." && name != kExportManifest &&
           name.find('/') == std::string::npos && name.find('\0') == std::string::npos;
}

// The folder's entries by name, sorted; nullopt if it cannot be listed.
std::optional<std::vector<std::string>> entries(const std::string& folder) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        names.push_back(it->path().filename().string());
    if (ec) return std::nullopt;
    std::sort(names.begin(), names.end());
    return names;
}

// The files an earlier export wrote, from its manifest; nullopt if there is no manifest of ours.
// The manifest is read as untrusted: only plain names of this folder count.
std::optional<std::set<std::string>> readManifest(const std::string& folder) {
    const std::string path = folder + "/" + kExportManifest;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::uintmax_t>(st.st_size) > kMaxManifestBytes) {
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!std::getline(in, line) || line != kManifestHeader) return std::nullopt;
    std::set<std::string> names;
    while (std::getline(in, line)) {
        if (plainName(line)) names.insert(line);
    }
    return names;
}

std::string manifestText(const std::set<std::string>& names) {
    std::string text = std::string(kManifestHeader) + "\n";
    for (const std::string& name : names) text += name + "\n";
    return text;
}

bool isRegularFile(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

bool outputExists(const std::string& path) {
    std::error_code ec;
    return fs::symlink_status(withoutTrailingSlash(path), ec).type() != fs::file_type::not_found;
}

std::string withoutTrailingSlash(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

Status checkFolderExport(const std::string& path) {
    const std::string target = withoutTrailingSlash(path);
    if (Status problem = util::checkOutputFolder(target); !problem) return Error{problem.error()};
    if (!outputExists(target)) return success();
    const auto names = entries(target);
    if (!names) return Error{target + ": cannot read the folder (not overwritten)"};
    if (names->empty() || readManifest(target)) return success();
    return Error{target +
           " is a folder with other files in it, not an earlier export (not overwritten; choose a "
           "new or empty folder)"};
}

AtomicDir::AtomicDir(std::string target)
    : m_target(withoutTrailingSlash(std::move(target))), m_temp(sibling(m_target, ".tmp-")) {}

AtomicDir::~AtomicDir() {
    if (m_created && !m_committed) {
        std::error_code ec;
        fs::remove_all(m_temp, ec);
    }
}

Status AtomicDir::create() {
    std::error_code ec;
    if (!fs::create_directory(m_temp, ec)) {
        const fs::path parent = fs::path(m_target).parent_path();
        return Error{"cannot create a folder in " +
                     (parent.empty() ? std::string(".") : parent.string()) + ": " +
                     (ec ? ec.message() : std::string("already exists"))};
    }
    m_created = true;
    return success();
}

Status AtomicDir::commit(bool force) {
    const auto written = entries(m_temp);
    if (!written) return Error{"cannot read " + m_temp};
    std::set<std::string> names;
    for (const std::string& name : *written) {
        if (plainName(name)) names.insert(name);
    }
    if (Status s = util::writeFileAtomically(m_temp + "/" + kExportManifest, manifestText(names));
        !s) {
        return s;
    }
    if (outputExists(m_target)) {
        if (!force) return Error{m_target + " already exists (not overwritten)"};
        if (Status problem = checkFolderExport(m_target); !problem)
            return Error{problem.error()};
        return replaceExisting();
    }
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0)
        return Error{"cannot rename " + m_temp + " to " + m_target + ": " +
                     util::errnoMessage(errno)};
    m_committed = true;
    return success();
}

Status AtomicDir::replaceExisting() {
    // An empty folder: the new one takes its place whole.
    if (::rmdir(m_target.c_str()) == 0) {
        if (std::rename(m_temp.c_str(), m_target.c_str()) != 0)
            return Error{"cannot rename " + m_temp + " to " + m_target + ": " +
                         util::errnoMessage(errno)};
        m_committed = true;
        return success();
    }
    // An earlier export: replace its files one by one and keep everything else in the folder.
    const std::set<std::string> old = readManifest(m_target).value_or(std::set<std::string>{});
    std::set<std::string> fresh;
    for (const std::string& name : entries(m_temp).value_or(std::vector<std::string>{})) {
        if (plainName(name)) fresh.insert(name);
    }
    for (const std::string& name : fresh) {
        const std::string there = m_target + "/" + name;
        if (outputExists(there) && (!old.count(name) || !isRegularFile(there)))
            return Error{there + " is not from an earlier export (not overwritten)"};
    }
    // Every file of ours stays listed while files move, so an interrupted replace is still ours.
    std::set<std::string> both = old;
    both.insert(fresh.begin(), fresh.end());
    if (Status s = util::writeFileAtomically(m_target + "/" + kExportManifest, manifestText(both));
        !s) {
        return s;
    }
    for (const std::string& name : fresh) {
        const std::string from = m_temp + "/" + name, to = m_target + "/" + name;
        if (std::rename(from.c_str(), to.c_str()) != 0)
            return Error{"cannot move " + from + " to " + to + ": " + util::errnoMessage(errno)};
    }
    for (const std::string& name : old) {
        const std::string stale = m_target + "/" + name;
        if (!fresh.count(name) && isRegularFile(stale)) std::remove(stale.c_str());
    }
    const std::string manifest = std::string("/") + kExportManifest;
    if (std::rename((m_temp + manifest).c_str(), (m_target + manifest).c_str()) != 0)
        return Error{"cannot write " + m_target + manifest + ": " + util::errnoMessage(errno)};
    m_committed = true;
    std::error_code ec;
    fs::remove_all(m_temp, ec);
    return success();
}

}  // namespace latent::export_
