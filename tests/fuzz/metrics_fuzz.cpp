// Fuzz target: a run's metrics.csv, read as the CLI and the Training panel read it (readMetrics,
// through train::readRun) and cut back as resume does (truncateMetrics, which rewrites the file
// atomically: inside this process's temporary folder). After the cut every row must read, in ascending step order, none past the
// checkpoint's step. The step resume continues from comes from the input's length.

#include <climits>
#include <cstdint>
#include <string>

#include "core/train/metrics.h"
#include "tests/fuzz/fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ::latent;
    const std::string path = fuzz::writeTemp("metrics.csv", fuzz::bytesOf(data, size));
    auto rows = train::readMetrics(path);
    if (!rows) fuzz::require(!rows.error().empty(), "a metrics error has a message");
    const std::int64_t maxStep = static_cast<std::int64_t>(size % 64) * 10;
    auto cut = train::truncateMetrics(path, maxStep);
    if (!cut) return 0;
    auto after = train::readMetrics(path);
    fuzz::require(after.ok(), "metrics.csv reads after truncateMetrics");
    std::int64_t previous = INT64_MIN;
    for (const auto& row : after.value()) {
        fuzz::require(row.step <= maxStep, "truncateMetrics drops rows past the step");
        fuzz::require(row.step >= previous, "truncateMetrics keeps rows in step order");
        previous = row.step;
    }
    return 0;
}
