// Fuzz target: a run's config.json (configFromJson, what `latent train --resume` and the Training
// panel read from a run folder), then what the trainer does with it before starting (resolveConfig,
// checkConfig). A config that reads must write out as JSON that reads back to the same text.

#include <cstdint>
#include <string>

#include "core/train/trainconfig.h"
#include "tests/fuzz/fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ::latent;
    auto config = train::configFromJson(fuzz::bytesOf(data, size));
    if (!config) {
        fuzz::require(!config.error().empty(), "a config error has a message");
        return 0;
    }
    const train::TrainConfig resolved = train::resolveConfig(config.value());
    (void)train::checkConfig(resolved);
    const std::string text = train::configToJson(config.value());
    auto again = train::configFromJson(text);
    fuzz::require(again.ok(), "a config that reads is written as one that reads back");
    fuzz::require(train::configToJson(again.value()) == text, "a config reads back unchanged");
    return 0;
}
