#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/edit/edit.h"
#include "core/latent/latent.h"
#include "core/util/result.h"

namespace latent::edit {

// What a session file ends in; the app recognises sessions by it (Open dialog, drops).
inline constexpr const char* kSessionSuffix = ".latent-session.json";

// How far the frame is moved along one named direction, in slider units.
struct DirectionAmount {
    std::string name;
    float amount = 0.0f;

    bool operator==(const DirectionAmount& o) const { return name == o.name && amount == o.amount; }
};

// Style mixing as set in the explorer (style-based models): layers [firstLayer, lastLayer] take
// their w from the latent of `seed`.
struct SessionMix {
    bool enabled = false;
    std::uint64_t seed = 0;
    int firstLayer = 0;
    int lastLayer = -1;

    bool operator==(const SessionMix& o) const {
        return enabled == o.enabled && seed == o.seed && firstLayer == o.firstLayer &&
               lastLayer == o.lastLayer;
    }
};

// One frame of the explorer: the seed it was drawn from and the latent as it is now (hand edits,
// interpolation), class, truncation and the direction amounts. A value type.
struct SessionFrame {
    std::uint64_t seed = 0;
    latent::Latent z;        // latentSize values
    bool edited = false;     // z is no longer sampleLatent(seed)
    bool projected = false;  // z came from projecting an image, not from a seed
    int classIndex = 0;      // 0 for unconditional models
    float truncation = 1.0f;
    std::vector<DirectionAmount> amounts;  // non-zero amounts only, in the directions' order
    latent::Latent wPlus;  // style-based projections: numWs x wSize values; empty: map z
    Direction classMorph;  // conditional models; method empty: no morph
    float classMorphAmount = 0.0f;
    SessionMix mix;

    bool operator==(const SessionFrame& o) const;
};

// A keyframe of the interpolation video or an A/B end.
struct SessionKeyframe {
    latent::Latent z;
    std::uint64_t seed = 0;
    bool edited = false;

    bool operator==(const SessionKeyframe& o) const {
        return z == o.z && seed == o.seed && edited == o.edited;
    }
};

// A latent the user kept, with the name shown in the Bookmarks panel.
struct Bookmark {
    std::string name;
    SessionFrame frame;

    bool operator==(const Bookmark& o) const { return name == o.name && frame == o.frame; }
};

// Everything needed to come back to the same view: which model (path for finding it, content hash
// for knowing it is the same weights), its directions, the current frame, A/B, the keyframes and
// the bookmarks.
struct Session {
    std::string modelName;
    std::string modelPath;  // absolute when saved
    std::string modelHash;  // ModelInfo::contentHash
    int latentSize = 0;
    DirectionSet directions;
    SessionFrame current;
    std::optional<SessionKeyframe> a;
    std::optional<SessionKeyframe> b;
    float abPosition = 0.0f;
    std::vector<SessionKeyframe> keyframes;
    std::vector<Bookmark> bookmarks;
};

// One frame alone as JSON text (drag and drop between panels carries it); latentSize checks it.
std::string frameToJson(const SessionFrame& frame);
Result<SessionFrame> frameFromJson(const std::string& json, int latentSize);

// The file's text; floats keep every bit (17 significant digits).
std::string sessionToJson(const Session& session);
// Checks everything a restore relies on (types, latent sizes against latentSize, finite values),
// so a session that parses can be applied without further checks. Fails with a message in words.
Result<Session> sessionFromJson(const std::string& json);

// Atomic (temporary file + rename): a failed save leaves an existing file untouched. Errors name
// the file. Thread-safe (no shared state).
Status saveSession(const std::string& path, const Session& session);
// Errors name the file: missing, a folder, unreadable, not a session, or a broken one.
Result<Session> readSession(const std::string& path);

// Where the session's model is: the saved path if it exists, else the same file name relative to
// the session file's folder (sessions moved together with their model), else the saved path (so an
// error names what was expected).
std::string resolveModelPath(const Session& session, const std::string& sessionPath);

// Whether `modelPath` holds the session's model: the file exists and, when the session has a
// content hash, its bytes hash to it. Reads the whole file: call it off the UI thread.
Status checkSessionModel(const Session& session, const std::string& modelPath);

// The name a bookmark of `frame` gets by default: "Seed 42", "Edited seed 42" or "Projected".
std::string defaultBookmarkName(const SessionFrame& frame);

}  // namespace latent::edit
