#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace latent::model {

// FNV-1a 64: tiny, dependency-free and fast enough (~1 GB/s) for model-sized buffers. It guards
// against corruption and identifies exact weights; it is not meant to resist tampering.
class Fnv1a64 {
public:
    void update(const void* data, std::size_t size) {
        const auto* bytes = static_cast<const unsigned char*>(data);
        std::uint64_t h = m_state;
        for (std::size_t i = 0; i < size; ++i) {
            h ^= bytes[i];
            h *= kPrime;
        }
        m_state = h;
    }
    std::uint64_t digest() const { return m_state; }
    std::string hex() const { return toHex(m_state); }

    static std::string toHex(std::uint64_t value) {
        static const char kDigits[] = "0123456789abcdef";
        std::string out(16, '0');
        for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = kDigits[value & 0xf];
        return out;
    }

private:
    static constexpr std::uint64_t kOffset = 14695981039346656037ull;
    static constexpr std::uint64_t kPrime = 1099511628211ull;
    std::uint64_t m_state = kOffset;
};

inline std::string fnv1a64Hex(const void* data, std::size_t size) {
    Fnv1a64 h;
    h.update(data, size);
    return h.hex();
}

}  // namespace latent::model
