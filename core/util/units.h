#pragma once

#include <cstdint>
#include <string>

namespace latent::util {

// "12 bytes", "300 KB", "4.1 MB", "1.2 GB" (decimal units, as file managers show them): sizes in
// messages a user reads. No torch here. Thread-safe.
std::string humanSize(std::uint64_t bytes);

}  // namespace latent::util
