#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace latent::train {

// An IDX array (the MNIST file format): unsigned bytes with its dimensions, e.g. 60000 x 28 x 28
// images or 60000 labels.
struct IdxArray {
    std::vector<std::int64_t> dims;
    std::vector<std::uint8_t> data;  // product(dims) bytes, row-major
};

// Reads a (gzipped or plain) IDX file of unsigned bytes with `expectedRank` dimensions. Checks the
// magic number, the rank, that the sizes are sane and that the payload is exactly the promised
// length; every Error names the file. Never throws; thread-safe.
Result<IdxArray> readIdx(const std::string& path, int expectedRank);

// Writes a gzipped IDX file of unsigned bytes (for tests and tools). Not atomic.
Status writeIdxGz(const std::string& path, const IdxArray& array);

}  // namespace latent::train
