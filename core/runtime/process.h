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

// One program of a group run together (the ranks of `latent train --nproc`).
struct GroupMember {
    std::vector<std::string> argv;         // argv[0] is a path, as for runProcess
    std::vector<std::string> environment;  // "NAME=value" set on top of this process's own
};

struct GroupEvents {
    // Output as it arrives: the member's index and whether it is its stderr.
    std::function<void(std::size_t member, bool isStderr, const std::string& chunk)> output;
    // A member ended with `status` (as runProcess returns it).
    std::function<void(std::size_t member, int status)> exited;
    // Called about every 100 ms: a signal to send every member still running, or 0.
    std::function<int()> tick;
};

// Runs the members at once, stdin from /dev/null, until all have ended, and returns their exit
// statuses in order. Once a member fails (a non-zero status), those still running after
// `graceSeconds` are killed (SIGKILL), so one crashed rank cannot leave the others hanging. Events
// run on the calling thread. An Error when a member cannot be started (those already started
// are killed and waited for).
Result<std::vector<int>> runProcessGroup(const std::vector<GroupMember>& members,
                                         const GroupEvents& events, double graceSeconds);

}  // namespace latent::runtime
