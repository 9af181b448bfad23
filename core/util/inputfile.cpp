#include "core/util/inputfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "core/util/atomicfile.h"
#include "core/util/units.h"

namespace latent::util {

namespace {

std::string openProblem(const std::string& path, int err) {
    if (err == ENOENT || err == ENOTDIR) return path + ": no such file";
    if (err == EACCES) return path + ": cannot read file (permission denied)";
    return path + ": cannot open file (" + errnoMessage(err) + ")";
}

std::string typeProblem(const std::string& path, const struct stat& st, const std::string& noun) {
    if (S_ISDIR(st.st_mode)) return path + ": is a folder, not " + noun;
    if (!S_ISREG(st.st_mode))
        return path + ": not a regular file (a pipe, socket or device cannot be " + noun + ")";
    return "";
}

}  // namespace

Status checkInputFile(const std::string& path, const std::string& noun) {
    if (path.empty()) return Error{"no file given for " + noun};
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return Error{openProblem(path, errno)};
    if (std::string problem = typeProblem(path, st, noun); !problem.empty()) return Error{problem};
    if (::access(path.c_str(), R_OK) != 0) return Error{openProblem(path, errno)};
    return success();
}

Result<std::string> readInputFile(const std::string& path, const std::string& noun,
                                  std::size_t maxBytes) {
    if (Status problem = checkInputFile(path, noun); !problem) return Error{problem.error()};
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return Error{openProblem(path, errno)};
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return Error{openProblem(path, err)};
    }
    if (std::string problem = typeProblem(path, st, noun); !problem.empty()) {
        ::close(fd);
        return Error{problem};
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > maxBytes) {
        ::close(fd);
        return Error{path + ": too large for " + noun + " (" + humanSize(size) + "; at most " +
                     humanSize(maxBytes) + ")"};
    }
    std::string bytes(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (true) {
        if (done == bytes.size()) {
            // Grown since the stat: read on, in steps, up to the limit.
            if (bytes.size() >= maxBytes) {
                char probe;
                const ssize_t more = ::read(fd, &probe, 1);
                if (more > 0) {
                    ::close(fd);
                    return Error{path + ": too large for " + noun + " (more than " +
                                 humanSize(maxBytes) + ")"};
                }
                break;
            }
            bytes.resize(std::min(maxBytes, bytes.size() + 65536));
        }
        const ssize_t n = ::read(fd, &bytes[done], bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            return Error{path + ": read error (" + errnoMessage(err) + ")"};
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    bytes.resize(done);
    return bytes;
}

}  // namespace latent::util
