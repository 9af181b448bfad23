#pragma once

#include <cstddef>
#include <string>

#include "core/util/result.h"

namespace latent::util {

// The one check every reader of a user's file goes through before opening it. open() on a FIFO
// blocks until a writer appears (`latent sample --edit FIFO:0=1` hung), and a device can be read
// forever, so only regular files are read. `noun` names what the file should be, with its article
// ("a session", "an image"), in the messages, which are one line and start with the path:
//   "x.json: no such file", "x: is a folder, not a session",
//   "x: not a regular file (a pipe, socket or device cannot be a session)",
//   "x: cannot read file (permission denied)". Returns success when the file can be read. Thread-safe.
Status checkInputFile(const std::string& path, const std::string& noun);

// Reads a whole regular file (after checkInputFile) of at most `maxBytes`; a larger one fails
// with "x: too large for a session (20.0 MB; at most 16.0 MB)" before anything is allocated. Opens
// with O_NONBLOCK and re-checks the opened file, so a path swapped for a FIFO cannot block.
// Never throws; thread-safe.
Result<std::string> readInputFile(const std::string& path, const std::string& noun,
                                  std::size_t maxBytes);

}  // namespace latent::util
