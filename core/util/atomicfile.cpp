#include "core/util/atomicfile.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace latent::util {
namespace {
std::atomic<unsigned> g_counter{0};

bool allDigits(const std::string& s, std::size_t from, std::size_t to) {
    if (from >= to || to > s.size()) return false;
    for (std::size_t i = from; i < to; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
}

// fsync through a fresh descriptor: it flushes the file's data whichever descriptor wrote it, and
// reports a write error the kernel deferred (a full disk on NFS, an I/O error).
int syncFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return errno;
    int err = ::fsync(fd) == 0 ? 0 : errno;
    if (::close(fd) != 0 && err == 0) err = errno;
    return err;
}
}  // namespace

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
    if (Status problem = checkOutputFile(m_target); !problem) {
        if (error) *error = problem.error();
        return false;
    }
    if (const int err = syncFile(m_temp); err != 0) {
        if (error) *error = "cannot write " + m_temp + ": " + errnoMessage(err);
        return false;
    }
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        if (error)
            *error = "cannot rename " + m_temp + " to " + m_target + ": " + errnoMessage(errno);
        return false;
    }
    m_committed = true;
    return true;
}

Status writeFileAtomically(const std::string& path, const std::string& bytes) {
    if (Status problem = checkOutputFile(path); !problem) return Error{problem.error()};
    AtomicFile out(path);  // removes the temporary on every early return
    const int fd = ::open(out.tempPath().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return Error{path + ": cannot write file (" + errnoMessage(errno) + ")"};
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            // write() returning 0 for a non-empty buffer is as good as no space left.
            const int err = n == 0 ? ENOSPC : errno;
            ::close(fd);
            return Error{path + ": write failed (" + errnoMessage(err) + ")"};
        }
        done += static_cast<std::size_t>(n);
    }
    // fsync before rename: otherwise a crash can leave the new name pointing at empty blocks.
    const int syncErr = ::fsync(fd) == 0 ? 0 : errno;
    const int closeErr = ::close(fd) == 0 ? 0 : errno;
    if (syncErr != 0 || closeErr != 0)
        return Error{path + ": write failed (" + errnoMessage(syncErr ? syncErr : closeErr) + ")"};
    std::string error;
    if (!out.commit(&error)) return Error{path + ": cannot replace file (" + error + ")"};
    return success();
}

Status checkOutputFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return success();  // absent (or a dangling link): created anew
    if (S_ISREG(st.st_mode)) return success();
    if (S_ISDIR(st.st_mode)) return Error{path + ": is a folder, not a file (not overwritten)"};
    return Error{path + ": not a regular file (a device, pipe or socket cannot be an output)"};
}

Status checkOutputFolder(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return success();
    if (S_ISDIR(st.st_mode)) return success();
    if (S_ISREG(st.st_mode)) return Error{path + ": is a file, not a folder (not overwritten)"};
    if (S_ISLNK(st.st_mode)) return Error{path + ": is a link, not a folder (not overwritten)"};
    return Error{path + ": not a folder (a device, pipe or socket cannot be an output)"};
}

bool isTemporaryName(const std::string& name, long* pid) {
    // ".NAME.tmp-PID-N" with a non-empty NAME.
    const std::size_t tag = name.rfind(".tmp-");
    if (name.size() < 2 || name[0] != '.' || tag == std::string::npos || tag < 2) return false;
    const std::size_t dash = name.find('-', tag + 5);
    if (dash == std::string::npos || !allDigits(name, tag + 5, dash) ||
        !allDigits(name, dash + 1, name.size()) || dash - (tag + 5) > 9) {
        return false;
    }
    if (pid) *pid = std::stol(name.substr(tag + 5, dash - (tag + 5)));
    return true;
}

int removeStaleTemporaries(const std::string& dir) {
    int removed = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        long pid = 0;
        if (!isTemporaryName(it->path().filename().string(), &pid)) continue;
        std::error_code typeError;
        if (!it->is_regular_file(typeError) || it->is_symlink(typeError)) continue;
        // A live writer (another process, or this one) keeps its temporary; EPERM means alive.
        if (pid > 0 &&
            (pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)) {
            continue;
        }
        std::error_code removeError;
        if (std::filesystem::remove(it->path(), removeError)) ++removed;
    }
    return removed;
}

}  // namespace latent::util
