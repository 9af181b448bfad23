#pragma once

// Shared by the fuzz targets (tests/fuzz/*_fuzz.cpp). Readers whose API takes a path get the input
// through a file in one private temporary folder, made on first use and removed at exit; nothing
// is written anywhere else.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace latent::fuzz {

inline std::string bytesOf(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// The process's private temporary folder ($TMPDIR or /tmp, latent-fuzz-XXXXXX). Never destroyed:
// the exit handler that removes the folder runs after static destructors may have run.
inline const std::string& tempDir() {
    static const std::string* const dir = [] {
        const char* base = std::getenv("TMPDIR");
        auto* made = new std::string(std::string(base && *base ? base : "/tmp") + "/latent-fuzz-XXXXXX");
        if (!mkdtemp(made->data())) {
            std::perror("latent fuzz: mkdtemp");
            std::abort();
        }
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(tempDir(), ignored);
        });
        return made;
    }();
    return *dir;
}

// Writes `bytes` to tempDir()/name (replacing it) and returns the path.
inline std::string writeTemp(const std::string& name, std::string_view bytes) {
    const std::string path = tempDir() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        std::fprintf(stderr, "latent fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
    return path;
}

// A broken promise of the reader under test (a value it accepted does not read back, a result
// that breaks its documented contract): a finding, reported like a crash.
inline void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "latent fuzz: invariant failed: %s\n", what);
        std::abort();
    }
}

}  // namespace latent::fuzz
