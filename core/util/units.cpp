#include "core/util/units.h"

#include <cstdio>

namespace latent::util {

std::string humanSize(std::uint64_t bytes) {
    if (bytes < 1000) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    const char* units[] = {"KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes) / 1000.0;
    int unit = 0;
    while (value >= 1000.0 && unit < 3) {
        value /= 1000.0;
        ++unit;
    }
    char buffer[32];
    // Whole numbers above 100 read better without a decimal ("300 KB", not "300.0 KB").
    std::snprintf(buffer, sizeof buffer, value >= 100.0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return buffer;
}

}  // namespace latent::util
