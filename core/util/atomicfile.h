#pragma once

#include <string>

#include "core/util/result.h"

namespace latent::util {

// A temporary file beside `target` that is renamed over it on commit() and removed otherwise, so a
// crash or error mid-write never leaves a partial file under the final name and never damages the
// file already there. Writers check their own writes; commit() fsyncs the temporary and refuses a
// target that is a device, pipe, socket or folder.
class AtomicFile {
public:
    explicit AtomicFile(std::string target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::string& tempPath() const { return m_temp; }
    const std::string& target() const { return m_target; }
    // Flushes the temporary to disk and renames it over the target. Returns false and fills
    // `error` (one line) on failure; the temporary is then removed by the destructor.
    bool commit(std::string* error = nullptr);

private:
    std::string m_target;
    std::string m_temp;
    bool m_committed = false;
};

// Writes `bytes` to `path` atomically: a temporary beside it, every write checked, fsync, close,
// rename. On any failure the temporary is removed, the old file is untouched and the message (one
// line, starting with the path) says why. Thread-safe for distinct paths.
Status writeFileAtomically(const std::string& path, const std::string& bytes);

// Why `path` cannot be replaced by an output file, or success when it can (it does not exist, or it is a
// regular file or a link to one). Devices, pipes, sockets and folders are refused, so an output
// never replaces /dev/full or a FIFO by a regular file.
Status checkOutputFile(const std::string& path);
// The same for an output folder: success when `path` does not exist or is a folder (not a link to one).
Status checkOutputFolder(const std::string& path);

// Whether `name` is one of AtomicFile's temporaries (".NAME.tmp-PID-N"); fills `pid`.
bool isTemporaryName(const std::string& name, long* pid = nullptr);
// Removes the temporaries in `dir` (not recursive) left by processes that no longer run, e.g.
// after a kill. Returns how many were removed. Never throws.
int removeStaleTemporaries(const std::string& dir);

// strerror(errno) as a std::string, thread-safe.
std::string errnoMessage(int err);

}  // namespace latent::util
