#include "core/model/fileaccess.h"

#include "core/util/atomicfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace latent::model {

namespace {

// strerror is not thread-safe; models load on worker threads.
std::string errnoText(int err) { return util::errnoMessage(err); }

}  // namespace

Result<std::uint64_t> checkModelFile(const std::string& path) {
    if (path.empty()) return Error{"no model file given"};
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR) return Error{path + ": file not found"};
        if (err == EACCES) return Error{path + ": cannot read file (permission denied)"};
        return Error{path + ": cannot open file (" + errnoText(err) + ")"};
    }
    if (S_ISDIR(st.st_mode)) return Error{path + ": is a directory, not a model file"};
    if (!S_ISREG(st.st_mode)) {
        return Error{path + ": not a regular file (a pipe, socket or device cannot be a model)"};
    }
    if (::access(path.c_str(), R_OK) != 0) {
        return Error{path + ": cannot read file (permission denied)"};
    }
    if (st.st_size == 0) return Error{path + ": file is empty (0 bytes)"};
    return static_cast<std::uint64_t>(st.st_size);
}

Result<std::string> readFileBytes(const std::string& path, std::size_t maxBytes) {
    auto size = checkModelFile(path);
    if (!size) return Error{size.error()};
    // O_NONBLOCK: should the path be swapped for a FIFO after the stat, open must not block.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        if (err == EACCES) return Error{path + ": cannot read file (permission denied)"};
        return Error{path + ": cannot open file (" + errnoText(err) + ")"};
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Error{path + ": not a regular file (a pipe, socket or device cannot be a model)"};
    }
    std::string bytes(std::min(static_cast<std::size_t>(st.st_size), maxBytes), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, &bytes[done], bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            if (err == EISDIR) return Error{path + ": is a directory, not a model file"};
            return Error{path + ": read error (" + errnoText(err) + ")"};
        }
        if (n == 0) break;  // shrank while reading: keep what is there, validation reports it
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    bytes.resize(done);
    if (bytes.empty()) return Error{path + ": file is empty (0 bytes)"};
    return bytes;
}

Status writeFileAtomically(const std::string& path, const std::string& bytes) {
    return util::writeFileAtomically(path, bytes);
}

}  // namespace latent::model
