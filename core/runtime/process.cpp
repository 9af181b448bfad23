#include "core/runtime/process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "core/util/atomicfile.h"

extern char** environ;  // NOLINT: POSIX declares it nowhere

namespace latent::runtime {

namespace {

// Closes its descriptors on every way out.
struct Pipe {
    int fds[2] = {-1, -1};
    ~Pipe() {
        for (int& fd : fds) closeEnd(fd);
    }
    static void closeEnd(int& fd) {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

}  // namespace

Result<int> runProcess(const std::vector<std::string>& argv, const OutputFn& onStdout,
                       const OutputFn& onStderr) {
    if (argv.empty()) return Error{"no program to run"};
    Pipe out, err;
    if (::pipe2(out.fds, O_CLOEXEC) != 0 || ::pipe2(err.fds, O_CLOEXEC) != 0) {
        return Error{argv[0] + ": cannot start (" + util::errnoMessage(errno) + ")"};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // dup2 clears close-on-exec on the child's 1 and 2; every other pipe end closes at exec.
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out.fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err.fds[1], 2);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int spawned =
        ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    Pipe::closeEnd(out.fds[1]);
    Pipe::closeEnd(err.fds[1]);
    if (spawned != 0)
        return Error{argv[0] + ": cannot start (" + util::errnoMessage(spawned) + ")"};

    std::array<pollfd, 2> watch{{{out.fds[0], POLLIN, 0}, {err.fds[0], POLLIN, 0}}};
    std::array<char, 4096> buffer{};
    int open = 2;
    while (open > 0) {
        if (::poll(watch.data(), watch.size(), -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (std::size_t i = 0; i < watch.size(); ++i) {
            if (watch[i].fd < 0 || watch[i].revents == 0) continue;
            const ssize_t n = ::read(watch[i].fd, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {  // end of file (or an error): stop watching this one
                watch[i].fd = -1;
                --open;
                continue;
            }
            const OutputFn& sink = i == 0 ? onStdout : onStderr;
            if (sink) sink(std::string(buffer.data(), static_cast<std::size_t>(n)));
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return Error{argv[0] + ": lost track of the process"};
    }
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

}  // namespace latent::runtime
