#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace latent::runtime {

using OutputFn = std::function<void(const std::string& chunk)>;

// Runs the program at argv[0] (a path: no shell, no PATH search) with the arguments argv[1..],
// stdin from /dev/null, and hands what it writes to stdout and stderr to the callbacks as it
// arrives, on the calling thread. Blocks until the program exits. Returns its exit status
// (128 + N when signal N killed it), or an Error naming the program when it cannot be started.
// Thread-safe (the callbacks run on the caller's thread).
Result<int> runProcess(const std::vector<std::string>& argv, const OutputFn& onStdout,
                       const OutputFn& onStderr);

}  // namespace latent::runtime
