#include "core/runtime/process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <signal.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>

#include <optional>
#include <thread>

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

namespace {

int exitStatus(int status) {
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

// This process's environment with `extra` ("NAME=value") set on top.
std::vector<std::string> environmentWith(const std::vector<std::string>& extra) {
    std::map<std::string, std::string> vars;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        vars[entry.substr(0, entry.find('='))] = entry;
    }
    for (const std::string& entry : extra) vars[entry.substr(0, entry.find('='))] = entry;
    std::vector<std::string> out;
    out.reserve(vars.size());
    for (auto& [name, entry] : vars) out.push_back(std::move(entry));
    return out;
}

struct Member {
    pid_t pid = -1;
    Pipe out, err;
    bool running = false;
};

}  // namespace

Result<std::vector<int>> runProcessGroup(const std::vector<GroupMember>& members,
                                         const GroupEvents& events, double graceSeconds) {
    using Clock = std::chrono::steady_clock;
    std::vector<Member> group(members.size());
    std::vector<int> statuses(members.size(), -1);
    auto killAll = [&](int sig) {
        for (Member& m : group) {
            if (m.running) ::kill(m.pid, sig);
        }
    };
    auto reap = [&](std::size_t i, int status) {
        group[i].running = false;
        statuses[i] = exitStatus(status);
        if (events.exited) events.exited(i, statuses[i]);
    };
    for (std::size_t i = 0; i < members.size(); ++i) {
        const GroupMember& spec = members[i];
        Member& m = group[i];
        std::string problem;
        if (spec.argv.empty()) problem = "no program to run";
        if (problem.empty() &&
            (::pipe2(m.out.fds, O_CLOEXEC) != 0 || ::pipe2(m.err.fds, O_CLOEXEC) != 0)) {
            problem = spec.argv[0] + ": cannot start (" + util::errnoMessage(errno) + ")";
        }
        if (problem.empty()) {
            posix_spawn_file_actions_t actions;
            posix_spawn_file_actions_init(&actions);
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
            posix_spawn_file_actions_adddup2(&actions, m.out.fds[1], 1);
            posix_spawn_file_actions_adddup2(&actions, m.err.fds[1], 2);
            std::vector<char*> args;
            for (const std::string& a : spec.argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            const std::vector<std::string> env = environmentWith(spec.environment);
            std::vector<char*> envp;
            for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
            envp.push_back(nullptr);
            const int spawned = ::posix_spawn(&m.pid, spec.argv[0].c_str(), &actions, nullptr,
                                              args.data(), envp.data());
            posix_spawn_file_actions_destroy(&actions);
            Pipe::closeEnd(m.out.fds[1]);
            Pipe::closeEnd(m.err.fds[1]);
            if (spawned != 0) {
                problem = spec.argv[0] + ": cannot start (" + util::errnoMessage(spawned) + ")";
            } else {
                m.running = true;
            }
        }
        if (!problem.empty()) {
            killAll(SIGKILL);
            for (Member& started : group) {
                int status = 0;
                if (started.running) ::waitpid(started.pid, &status, 0);
            }
            return Error{problem};
        }
    }

    std::array<char, 4096> buffer{};
    std::optional<Clock::time_point> failedAt;
    bool killed = false;
    auto anyRunning = [&] {
        for (const Member& m : group) {
            if (m.running) return true;
        }
        return false;
    };
    for (;;) {
        std::vector<pollfd> watch;
        std::vector<std::pair<std::size_t, bool>> owner;  // member, is stderr
        for (std::size_t i = 0; i < group.size(); ++i) {
            for (int k = 0; k < 2; ++k) {
                const int fd = k == 0 ? group[i].out.fds[0] : group[i].err.fds[0];
                if (fd < 0) continue;
                watch.push_back({fd, POLLIN, 0});
                owner.emplace_back(i, k == 1);
            }
        }
        if (watch.empty() && !anyRunning()) break;
        if (!watch.empty()) {
            const int ready = ::poll(watch.data(), watch.size(), 100);
            if (ready < 0 && errno != EINTR) break;
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        for (std::size_t w = 0; w < watch.size(); ++w) {
            if (watch[w].revents == 0) continue;
            const ssize_t n = ::read(watch[w].fd, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR) continue;
            auto [i, isErr] = owner[w];
            if (n <= 0) {
                Pipe::closeEnd(isErr ? group[i].err.fds[0] : group[i].out.fds[0]);
                continue;
            }
            if (events.output)
                events.output(i, isErr, std::string(buffer.data(), static_cast<std::size_t>(n)));
        }
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (!group[i].running) continue;
            int status = 0;
            const pid_t done = ::waitpid(group[i].pid, &status, WNOHANG);
            if (done == group[i].pid) {
                reap(i, status);
                if (statuses[i] != 0 && !failedAt) failedAt = Clock::now();
            }
        }
        if (events.tick) {
            if (const int sig = events.tick(); sig != 0) killAll(sig);
        }
        if (failedAt && !killed && anyRunning() &&
            Clock::now() - *failedAt > std::chrono::duration<double>(graceSeconds)) {
            killAll(SIGKILL);
            killed = true;
        }
    }
    return statuses;
}

}  // namespace latent::runtime
