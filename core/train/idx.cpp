#include "core/train/idx.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "core/util/atomicfile.h"
#include "core/util/inputfile.h"

namespace latent::train {

namespace {

// IDX magic: two zero bytes, a type code (0x08 = unsigned byte) and the number of dimensions.
constexpr std::uint8_t kUnsignedByte = 0x08;
// Fashion-MNIST's train set is 47 MB; a bound stops a corrupt header from asking for terabytes.
constexpr std::int64_t kMaxElements = std::int64_t(1) << 30;
// The data is read in steps of this size and the buffer grows only as data arrives: the header's
// sizes are a claim, and a 57-byte file must not allocate the 4 GB it declares.
constexpr std::size_t kReadStep = std::size_t(16) << 20;

struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

std::uint32_t bigEndian(const std::uint8_t* b) {
    return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) |
           b[3];
}

// Reads exactly n bytes; false on a short read or a zlib error (corrupt stream).
bool readExactly(gzFile f, void* buffer, std::size_t n) {
    auto* out = static_cast<std::uint8_t*>(buffer);
    while (n > 0) {
        const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n, 1u << 30));
        const int got = gzread(f, out, chunk);
        if (got <= 0) return false;
        out += got;
        n -= static_cast<std::size_t>(got);
    }
    return true;
}

std::string zlibProblem(gzFile f) {
    int code = Z_OK;
    const char* message = gzerror(f, &code);
    if (code != Z_OK && code != Z_STREAM_END && message && *message)
        return std::string(" (") + message + ")";
    return "";
}

}  // namespace

Result<IdxArray> readIdx(const std::string& path, int expectedRank) {
    // gzopen would block on a FIFO: only regular files are read.
    if (Status problem = util::checkInputFile(path, "a dataset file"); !problem)
        return Error{problem.error()};
    GzFile file(gzopen(path.c_str(), "rb"));
    if (!file) {
        return Error{path + ": cannot open (" + util::errnoMessage(errno) + ")"};
    }
    std::uint8_t magic[4];
    if (!readExactly(file.get(), magic, 4)) {
        return Error{path + ": not an IDX file (too short or not gzip)" + zlibProblem(file.get())};
    }
    if (magic[0] != 0 || magic[1] != 0 || magic[2] != kUnsignedByte) {
        return Error{path + ": not an unsigned-byte IDX file (bad magic number)"};
    }
    if (magic[3] != expectedRank) {
        return Error{path + ": expected an IDX array of " + std::to_string(expectedRank) +
                     " dimensions, found " + std::to_string(magic[3])};
    }
    IdxArray array;
    std::int64_t total = 1;
    for (int i = 0; i < expectedRank; ++i) {
        std::uint8_t b[4];
        if (!readExactly(file.get(), b, 4)) return Error{path + ": truncated IDX header"};
        const std::int64_t dim = bigEndian(b);
        if (dim == 0 || total * dim > kMaxElements) {
            return Error{path + ": implausible IDX dimension " + std::to_string(dim)};
        }
        total *= dim;
        array.dims.push_back(dim);
    }
    const auto expected = static_cast<std::size_t>(total);
    while (array.data.size() < expected) {
        const std::size_t at = array.data.size();
        const std::size_t step = std::min(kReadStep, expected - at);
        array.data.resize(at + step);
        if (!readExactly(file.get(), array.data.data() + at, step)) {
            return Error{path + ": truncated or corrupt data (expected " + std::to_string(total) +
                         " bytes after the header)" + zlibProblem(file.get())};
        }
    }
    std::uint8_t extra;
    if (gzread(file.get(), &extra, 1) != 0) {
        return Error{path + ": unexpected bytes after the IDX data (wrong sizes in the header?)"};
    }
    return array;
}

Status writeIdxGz(const std::string& path, const IdxArray& array) {
    GzFile file(gzopen(path.c_str(), "wb"));
    if (!file) return Error{path + ": cannot create (" + util::errnoMessage(errno) + ")"};
    std::vector<std::uint8_t> header = {0, 0, kUnsignedByte,
                                        static_cast<std::uint8_t>(array.dims.size())};
    for (std::int64_t d : array.dims) {
        const auto v = static_cast<std::uint32_t>(d);
        header.insert(header.end(), {std::uint8_t(v >> 24), std::uint8_t(v >> 16),
                                     std::uint8_t(v >> 8), std::uint8_t(v)});
    }
    const bool ok = gzwrite(file.get(), header.data(), static_cast<unsigned>(header.size())) > 0 &&
                    (array.data.empty() || gzwrite(file.get(), array.data.data(),
                                                   static_cast<unsigned>(array.data.size())) > 0);
    if (!ok) return Error{path + ": write failed"};
    if (gzclose(file.release()) != Z_OK) return Error{path + ": write failed"};
    return success();
}

}  // namespace latent::train
