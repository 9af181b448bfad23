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
#include <cstdint>
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

// Bytes of hand-made files, as a hostile (or just different) writer would make them.
inline std::string be32(std::uint32_t v) {
    std::string s;
    for (int i = 3; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return s;
}

inline std::uint32_t crc32(const std::string& bytes) {
    std::uint32_t crc = 0xffffffffu;
    for (unsigned char c : bytes) {
        crc ^= c;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

inline std::string pngChunk(const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

// An 8-bit grey PNG (colour type 0) of `size` x `size` pixels all `value`, stored uncompressed
// (zlib's "stored" blocks): what other programs write for greyscale images, which writePng
// (always RGB) does not.
inline std::string greyPng(int size, std::uint8_t value) {
    std::string raw;
    for (int y = 0; y < size; ++y) {
        raw.push_back('\0');  // filter: none
        raw.append(static_cast<std::size_t>(size), static_cast<char>(value));
    }
    std::uint32_t a = 1, b = 0;  // Adler-32
    for (unsigned char c : raw) {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    const auto len = static_cast<std::uint16_t>(raw.size());
    std::string zlib("\x78\x01\x01", 3);
    zlib += static_cast<char>(len & 0xff);
    zlib += static_cast<char>(len >> 8);
    zlib += static_cast<char>(~len & 0xff);
    zlib += static_cast<char>((~len >> 8) & 0xff);
    zlib += raw + be32((b << 16) | a);
    const std::string ihdr = be32(static_cast<std::uint32_t>(size)) +
                             be32(static_cast<std::uint32_t>(size)) +
                             std::string("\x08\x00\x00\x00\x00", 5);
    return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", zlib) +
           pngChunk("IEND", "");
}

}  // namespace latent::test
