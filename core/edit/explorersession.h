#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/edit/edit.h"
#include "core/edit/explorerstate.h"
#include "core/latent/latent.h"
#include "core/util/result.h"

namespace latent::edit {

// What a session file ends in; the app recognises sessions by it (Open dialog, drops).
inline constexpr const char* kSessionSuffix = ".latent-session.json";

// Everything needed to come back to the same view: which model (path for finding it, content hash
// for knowing it is the same weights), its directions, the current frame, A/B, the keyframes and
// the bookmarks.
struct ExplorerSession {
    std::string modelName;
    std::string modelPath;  // absolute when saved
    std::string modelHash;  // ModelInfo::contentHash
    int latentSize = 0;
    DirectionSet directions;
    ExplorerFrame current;
    // The A and B ends, whole frames (class, edits, morph); older files hold only their latents.
    std::optional<ExplorerFrame> a;
    std::optional<ExplorerFrame> b;
    float abPosition = 0.0f;
    std::vector<Keyframe> keyframes;
    std::vector<Bookmark> bookmarks;
};

// One frame alone as JSON text (drag and drop between panels carries it); latentSize checks it.
std::string frameToJson(const ExplorerFrame& frame);
Result<ExplorerFrame> frameFromJson(const std::string& json, int latentSize);

// The file's text; floats keep every bit (17 significant digits).
std::string sessionToJson(const ExplorerSession& session);
// Checks everything a restore relies on (types, latent sizes against latentSize, finite values),
// so a session that parses can be applied without further checks. Fails with a message in words.
Result<ExplorerSession> sessionFromJson(const std::string& json);

// Atomic (temporary file + rename): a failed save leaves an existing file untouched. Errors name
// the file. Thread-safe (no shared state).
Status saveSession(const std::string& path, const ExplorerSession& session);
// Errors name the file: missing, a folder, unreadable, not a session, or a broken one.
Result<ExplorerSession> readSession(const std::string& path);

// Where the session's model is: the saved path if it exists, else the same file name relative to
// the session file's folder (sessions moved together with their model), else the saved path (so an
// error names what was expected).
std::string resolveModelPath(const ExplorerSession& session, const std::string& sessionPath);

// Whether `modelPath` holds the session's model: the file exists and, when the session has a
// content hash, its bytes hash to it. Reads the whole file: call it off the UI thread.
Status checkSessionModel(const ExplorerSession& session, const std::string& modelPath);

// The name a bookmark of `frame` gets by default: frameLabel capitalised ("Seed 42",
// "Seed 42, edited", "Interpolated", "Projected").
std::string defaultBookmarkName(const ExplorerFrame& frame);

}  // namespace latent::edit
