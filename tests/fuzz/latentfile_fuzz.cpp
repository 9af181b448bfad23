// Fuzz target: latent files (latentFileFromJson, what loadLatentFile reads). A latent file that
// reads must write out as JSON that reads back to the same text.

#include <cstdint>
#include <string>

#include "core/edit/latentfile.h"
#include "tests/fuzz/fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ::latent;
    auto file = edit::latentFileFromJson(fuzz::bytesOf(data, size));
    if (!file) {
        fuzz::require(!file.error().empty(), "a latent file error has a message");
        return 0;
    }
    const std::string text = edit::latentFileToJson(file.value());
    auto again = edit::latentFileFromJson(text);
    fuzz::require(again.ok(), "a latent file that reads is written as one that reads back");
    fuzz::require(edit::latentFileToJson(again.value()) == text, "a latent file reads back unchanged");
    return 0;
}
