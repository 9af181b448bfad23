#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

namespace latent::test {

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "latent-test-XXXXXX").string();
        m_path = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

struct CommandRun {
    int code = -1;    // exit status, -1 if it did not exit normally
    std::string out;  // stdout and stderr, in order
};

// Runs a shell command line, as a user would type it, and collects its output.
inline CommandRun runCommand(const std::string& command) {
    CommandRun r;
    FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// Runs a shell command line with every "LATENT" replaced by the real `latent` binary, under
// `timeout SECONDS` when given (a command that blocks, on a FIFO say, then fails instead of
// hanging the test).
inline CommandRun runLatent(std::string command, int timeoutSeconds = 0) {
    const std::string binary = (timeoutSeconds > 0 ? "timeout " + std::to_string(timeoutSeconds) + " "
                                                   : std::string()) +
                               LATENT_CLI_PATH;
    for (auto at = command.find("LATENT"); at != std::string::npos;
         at = command.find("LATENT", at + binary.size())) {
        command.replace(at, 6, binary);
    }
    return runCommand(command);
}

// A whole file's bytes ("" when it cannot be read).
inline std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Lines in a command's output (a one-line error is 1).
inline int lineCount(const std::string& text) {
    int n = 0;
    for (const char ch : text) n += ch == '\n';
    return n;
}

// Polls `done` every millisecond for up to `seconds`.
inline bool waitFor(const std::function<bool()>& done, double seconds = 10) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!done()) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

}  // namespace latent::test
