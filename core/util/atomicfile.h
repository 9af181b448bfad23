#pragma once

#include <string>

namespace latent::util {

// A temporary file beside `target` that is renamed over it on commit() and removed otherwise, so a
// crash or error mid-write never leaves a partial file under the final name and never damages the
// file already there.
class AtomicFile {
public:
    explicit AtomicFile(std::string target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::string& tempPath() const { return m_temp; }
    const std::string& target() const { return m_target; }
    // Renames the temporary over the target. Returns false and fills `error` on failure.
    bool commit(std::string* error = nullptr);

private:
    std::string m_target;
    std::string m_temp;
    bool m_committed = false;
};

// strerror(errno) as a std::string, thread-safe.
std::string errnoMessage(int err);

}  // namespace latent::util
