// Fuzz target: direction files (directionsFromJson, what loadDirections and the direction cache
// read). A set that reads must write out as JSON that reads back to the same text, and looking a
// direction up by index or name must stay in range.

#include <cstdint>
#include <string>

#include "core/edit/directionset.h"
#include "tests/fuzz/fuzzinput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ::latent;
    auto set = edit::directionsFromJson(fuzz::bytesOf(data, size));
    if (!set) {
        fuzz::require(!set.error().empty(), "a direction file error has a message");
        return 0;
    }
    const std::string text = edit::directionsToJson(set.value());
    auto again = edit::directionsFromJson(text);
    fuzz::require(again.ok(), "a direction set that reads is written as one that reads back");
    fuzz::require(edit::directionsToJson(again.value()) == text, "a direction set reads back unchanged");
    const int count = static_cast<int>(set->directions.size());
    for (const auto& d : set->directions) {
        const int found = edit::findDirection(set.value(), d.name);
        fuzz::require(found >= 0 && found < count, "findDirection finds a name of the set");
    }
    fuzz::require(edit::findDirection(set.value(), std::to_string(count)) == -1 || count == 0 ||
                      edit::findDirection(set.value(), std::to_string(count)) < count,
                  "findDirection stays in range");
    return 0;
}
