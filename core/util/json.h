#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace latent::util {

// Every JSON text Latent Studio reads (model headers, TorchScript meta.json, sessions, latents,
// directions, PNG recipes, training configs) may come from a stranger's file. Parse it with
// parseJson, never with nlohmann::json::parse directly: nlohmann copies, compares, dumps and
// destroys values recursively, so 200 000 nested brackets crash the process (stack overflow) and
// 20 000 print 800 MB; and a DOM costs ~10-20x the text, so size must be bounded too.

constexpr int kMaxJsonDepth = 64;                             // our deepest format nests 5 levels
constexpr std::size_t kMaxJsonBytes = std::size_t{16} << 20;  // 16 MiB: sessions are ~1 MB

struct JsonLimits {
    std::size_t maxBytes = kMaxJsonBytes;
    int maxDepth = kMaxJsonDepth;  // arrays and objects; a scalar at the top is depth 0
};

// Parses `text` as one JSON value. A linear pre-scan (string contents and escapes skipped) refuses
// text over limits.maxBytes or nested deeper than limits.maxDepth before nlohmann sees it. The
// error is one line without a file name, for the caller to prefix:
//   "too large (20.0 MB; at most 16.0 MB)", "nested more than 64 levels deep",
//   "not valid JSON at line 3, column 7 (syntax error while parsing value - invalid literal)".
// Never throws; thread-safe.
Result<nlohmann::json> parseJson(std::string_view text, const JsonLimits& limits = {});

// The pre-scan alone: success when `text` is within `limits`, else an Error with parseJson's message.
Status checkJsonLimits(std::string_view text, const JsonLimits& limits = {});

// ---- Typed field readers for parsed JSON --------------------------------------------------------
// nlohmann's get<int>() silently wraps (2^32 + 32 becomes 32) and get<float>() turns 1e39 into
// infinity; these check instead. They throw JsonFieldError with a one-line message naming the field
// and the allowed range; readers catch it (with nlohmann::json::exception) at their boundary and
// return the message as their Error.
struct JsonFieldError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// `value` (called `name` in messages) as an integer in [min, max]. Refuses booleans, strings,
// fractions and values outside the range: "\"class\" must be an integer from 0 to 99 (got 3.5)".
std::int64_t jsonInt(const nlohmann::json& value, const std::string& name, std::int64_t min,
                     std::int64_t max);
// object[key] via jsonInt, or `fallback` when the key is absent. Throws if `object` is no object.
std::int64_t jsonInt(const nlohmann::json& object, const char* key, std::int64_t fallback,
                     std::int64_t min, std::int64_t max);
// A non-negative integer of the full 64-bit range (seeds, hashes of seeds).
std::uint64_t jsonUint(const nlohmann::json& value, const std::string& name);
std::uint64_t jsonUint(const nlohmann::json& object, const char* key, std::uint64_t fallback);
// A number that is finite as a float, in [min, max].
float jsonFloat(const nlohmann::json& value, const std::string& name, float min, float max);
float jsonFloat(const nlohmann::json& object, const char* key, float fallback, float min,
                float max);
// A finite double in [min, max].
double jsonDouble(const nlohmann::json& object, const char* key, double fallback, double min,
                  double max);
// A list of numbers, each finite as a float, at most `maxSize` of them.
std::vector<float> jsonFloats(const nlohmann::json& value, const std::string& name,
                              std::size_t maxSize);
// A string (`fallback` when absent).
std::string jsonString(const nlohmann::json& object, const char* key,
                       const std::string& fallback = {});
// A boolean (`fallback` when absent).
bool jsonBool(const nlohmann::json& object, const char* key, bool fallback);

}  // namespace latent::util
