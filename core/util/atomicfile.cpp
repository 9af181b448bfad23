#include "core/util/atomicfile.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace latent::util {
namespace {
std::atomic<unsigned> g_counter{0};
}

std::string errnoMessage(int err) {
    char buf[256];
    // GNU strerror_r returns the message pointer (which may not be buf).
    const char* msg = strerror_r(err, buf, sizeof buf);
    return msg ? std::string(msg) : std::string("error ") + std::to_string(err);
}

AtomicFile::AtomicFile(std::string target) : m_target(std::move(target)) {
    const std::filesystem::path p(m_target);
    m_temp = (p.parent_path() / ("." + p.filename().string() + ".tmp-" +
                                 std::to_string(::getpid()) + "-" +
                                 std::to_string(g_counter.fetch_add(1))))
                 .string();
}

AtomicFile::~AtomicFile() {
    if (!m_committed) std::remove(m_temp.c_str());
}

bool AtomicFile::commit(std::string* error) {
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        if (error) *error = "cannot rename " + m_temp + " to " + m_target + ": " + errnoMessage(errno);
        return false;
    }
    m_committed = true;
    return true;
}

}  // namespace latent::util
