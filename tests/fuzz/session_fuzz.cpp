// Fuzz target: session files (sessionFromJson, what readSession and session restore read) and a
// single frame as dragged between panels (frameFromJson). A session that reads must write out as
// JSON that reads back to the same text, and its frames must fit its latent size (the restore
// applies a session that parsed without further checks).

#include <cstdint>
#include <string>

#include "core/edit/explorersession.h"
#include "tests/fuzz/fuzzinput.h"

namespace {

using namespace ::latent;

void checkFrame(const edit::ExplorerFrame& frame, int latentSize, const char* what) {
    fuzz::require(static_cast<int>(frame.z.size()) == latentSize, what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ::latent;
    const std::string bytes = fuzz::bytesOf(data, size);
    auto session = edit::sessionFromJson(bytes);
    if (session) {
        const int n = session->latentSize;
        checkFrame(session->current, n, "the current frame fits the session's latent size");
        for (const auto& b : session->bookmarks) checkFrame(b.frame, n, "bookmarks fit the latent size");
        for (const auto& k : session->keyframes)
            fuzz::require(static_cast<int>(k.z.size()) == n, "keyframes fit the latent size");
        const std::string text = edit::sessionToJson(session.value());
        auto again = edit::sessionFromJson(text);
        fuzz::require(again.ok(), "a session that reads is written as one that reads back");
        fuzz::require(edit::sessionToJson(again.value()) == text, "a session reads back unchanged");
    } else {
        fuzz::require(!session.error().empty(), "a session error has a message");
    }
    // The same bytes as one dragged frame, for a latent size taken from the input's length.
    const int latentSize = 1 + static_cast<int>(size % 8);
    auto frame = edit::frameFromJson(bytes, latentSize);
    if (frame) {
        checkFrame(frame.value(), latentSize, "a dropped frame fits the latent size");
        const std::string text = edit::frameToJson(frame.value());
        auto again = edit::frameFromJson(text, latentSize);
        fuzz::require(again.ok() && again.value() == frame.value(), "a frame reads back unchanged");
    }
    return 0;
}
