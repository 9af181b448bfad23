#include "core/export/outputpath.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "core/util/atomicfile.h"

namespace latent::export_ {
namespace {
std::atomic<unsigned> g_counter{0};

std::string sibling(const std::string& target, const char* tag) {
    const std::filesystem::path p(target);
    const std::string name = "." + p.filename().string() + tag + std::to_string(::getpid()) + "-" +
                             std::to_string(g_counter.fetch_add(1));
    return (p.parent_path().empty() ? std::filesystem::path(name) : p.parent_path() / name)
        .string();
}
}  // namespace

bool outputExists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::symlink_status(withoutTrailingSlash(path), ec).type() !=
           std::filesystem::file_type::not_found;
}

std::string withoutTrailingSlash(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

AtomicDir::AtomicDir(std::string target)
    : m_target(withoutTrailingSlash(std::move(target))), m_temp(sibling(m_target, ".tmp-")) {}

AtomicDir::~AtomicDir() {
    if (m_created && !m_committed) {
        std::error_code ec;
        std::filesystem::remove_all(m_temp, ec);
    }
}

Status AtomicDir::create() {
    std::error_code ec;
    if (!std::filesystem::create_directory(m_temp, ec)) {
        const std::filesystem::path parent = std::filesystem::path(m_target).parent_path();
        return Error{"cannot create a folder in " +
                     (parent.empty() ? std::string(".") : parent.string()) + ": " +
                     (ec ? ec.message() : std::string("already exists"))};
    }
    m_created = true;
    return success();
}

Status AtomicDir::commit(bool force) {
    std::string aside;
    if (outputExists(m_target)) {
        if (!force) return Error{m_target + " already exists (not overwritten)"};
        // rename() cannot replace a non-empty folder: move the old one aside, then drop it.
        aside = sibling(m_target, ".old-");
        if (std::rename(m_target.c_str(), aside.c_str()) != 0)
            return Error{"cannot replace " + m_target + ": " + util::errnoMessage(errno)};
    }
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        const std::string why = util::errnoMessage(errno);
        if (!aside.empty()) std::rename(aside.c_str(), m_target.c_str());
        return Error{"cannot rename " + m_temp + " to " + m_target + ": " + why};
    }
    m_committed = true;
    if (!aside.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(aside, ec);
    }
    return success();
}

}  // namespace latent::export_
