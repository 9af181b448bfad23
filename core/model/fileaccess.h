#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/util/result.h"
#include "core/util/units.h"

namespace latent::model {

// Core-internal file helpers shared by the model reader, writer and loader. All report failures
// as messages that start with the path, in words a user understands.

// Checks with stat() before anything opens the file, so directories, FIFOs (which would block an
// open) and devices are refused up front. Fails on missing, non-regular, unreadable or empty files.
Result<std::uint64_t> checkModelFile(const std::string& path);

// Reads the whole file, or its first `maxBytes` (after checkModelFile). Fails with a message if it
// shrinks to nothing or errors.
Result<std::string> readFileBytes(const std::string& path,
                                  std::size_t maxBytes = static_cast<std::size_t>(-1));

// Writes `bytes` to `path` atomically (util::writeFileAtomically: every write, fsync and close
// checked before the rename; devices and FIFOs refused). Readers see either the old file or the
// complete new one, never a partial write.
Status writeFileAtomically(const std::string& path, const std::string& bytes);

using util::humanSize;  // core/util/units.h

}  // namespace latent::model
