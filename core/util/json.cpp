#include "core/util/json.h"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/util/units.h"

namespace latent::util {

namespace {

using nlohmann::json;

// A short rendering of an offending value for messages; never the whole of a huge one.
std::string shown(const json& value) {
    if (value.is_array()) return "a list";
    if (value.is_object()) return "an object";
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return text;
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

[[noreturn]] void fail(const std::string& name, const std::string& what, const json& got) {
    throw JsonFieldError(quoted(name) + " must be " + what + " (got " + shown(got) + ")");
}

const json* member(const json& object, const char* key) {
    if (!object.is_object()) throw JsonFieldError("expected an object holding " + quoted(key));
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::string rangeText(std::int64_t min, std::int64_t max) {
    return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

std::string rangeText(double min, double max) {
    char text[96];
    std::snprintf(text, sizeof text, "a number from %g to %g", min, max);
    return text;
}

}  // namespace

Status checkJsonLimits(std::string_view text, const JsonLimits& limits) {
    if (text.size() > limits.maxBytes) {
        return Error{"too large (" + humanSize(text.size()) + "; at most " + humanSize(limits.maxBytes) +
               ")"};
    }
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i;  // the escaped character cannot end the string (\uXXXX continues as plain
                      // text)
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limits.maxDepth) {
                return Error{"nested more than " + std::to_string(limits.maxDepth) + " levels deep"};
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;  // unbalanced brackets are the parser's to report
        }
    }
    return success();
}

Result<json> parseJson(std::string_view text, const JsonLimits& limits) {
    if (Status problem = checkJsonLimits(text, limits); !problem) {
        return Error{problem.error()};
    }
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        // what(): "[json.exception.parse_error.101] parse error at line 1, column 3: syntax error
        // while parsing value - invalid literal; last read: '...'". Keep position and reason.
        std::string what = e.what();
        const std::string at = "parse error at ";
        std::string detail;
        if (auto start = what.find(at); start != std::string::npos) {
            what = what.substr(start + at.size());
            const auto colon = what.find(": ");
            detail = " at " + what.substr(0, colon);
            if (colon != std::string::npos) {
                std::string reason = what.substr(colon + 2);
                reason = reason.substr(0, reason.find("; last read"));
                if (reason.size() > 120) reason = reason.substr(0, 117) + "...";
                detail += " (" + reason + ")";
            }
        }
        return Error{"not valid JSON" + detail};
    } catch (const std::bad_alloc&) {
        return Error{"not enough memory to read the JSON"};
    } catch (const std::exception& e) {
        return Error{std::string("not valid JSON (") + e.what() + ")"};
    }
}

std::int64_t jsonInt(const json& value, const std::string& name, std::int64_t min,
                     std::int64_t max) {
    if (value.is_number_unsigned()) {
        const auto v = value.get<std::uint64_t>();
        if (max >= 0 && v <= static_cast<std::uint64_t>(max) && static_cast<std::int64_t>(v) >= min)
            return static_cast<std::int64_t>(v);
    } else if (value.is_number_integer()) {
        const auto v = value.get<std::int64_t>();
        if (v >= min && v <= max) return v;
    }
    fail(name, rangeText(min, max), value);
}

std::int64_t jsonInt(const json& object, const char* key, std::int64_t fallback, std::int64_t min,
                     std::int64_t max) {
    const json* value = member(object, key);
    return value ? jsonInt(*value, key, min, max) : fallback;
}

std::uint64_t jsonUint(const json& value, const std::string& name) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0)
        return static_cast<std::uint64_t>(value.get<std::int64_t>());
    fail(name, "an integer from 0 to " + std::to_string(std::numeric_limits<std::uint64_t>::max()),
         value);
}

std::uint64_t jsonUint(const json& object, const char* key, std::uint64_t fallback) {
    const json* value = member(object, key);
    return value ? jsonUint(*value, key) : fallback;
}

float jsonFloat(const json& value, const std::string& name, float min, float max) {
    if (value.is_number()) {
        const double v = value.get<double>();
        // Compare as double: a value beyond float range must not become infinity first.
        if (std::isfinite(v) && v >= static_cast<double>(min) && v <= static_cast<double>(max))
            return static_cast<float>(v);
    }
    fail(name, rangeText(static_cast<double>(min), static_cast<double>(max)), value);
}

float jsonFloat(const json& object, const char* key, float fallback, float min, float max) {
    const json* value = member(object, key);
    return value ? jsonFloat(*value, key, min, max) : fallback;
}

double jsonDouble(const json& object, const char* key, double fallback, double min, double max) {
    const json* value = member(object, key);
    if (!value) return fallback;
    if (value->is_number()) {
        const double v = value->get<double>();
        if (std::isfinite(v) && v >= min && v <= max) return v;
    }
    fail(key, rangeText(min, max), *value);
}

std::vector<float> jsonFloats(const json& value, const std::string& name, std::size_t maxSize) {
    if (!value.is_array()) fail(name, "a list of numbers", value);
    if (value.size() > maxSize)
        throw JsonFieldError(quoted(name) + " has " + std::to_string(value.size()) +
                             " values (at most " + std::to_string(maxSize) + ")");
    std::vector<float> out;
    out.reserve(value.size());
    for (const json& v : value) {
        // NaN and infinity are saved as null by nlohmann; 1e39 overflows a float.
        if (!v.is_number()) fail(name, "a list of numbers", v);
        const double d = v.get<double>();
        if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(FLT_MAX))
            throw JsonFieldError(quoted(name) + " holds " + shown(v) +
                                 ", which is not a finite float");
        out.push_back(static_cast<float>(d));
    }
    return out;
}

std::string jsonString(const json& object, const char* key, const std::string& fallback) {
    const json* value = member(object, key);
    if (!value) return fallback;
    if (!value->is_string()) fail(key, "a string", *value);
    return value->get<std::string>();
}

bool jsonBool(const json& object, const char* key, bool fallback) {
    const json* value = member(object, key);
    if (!value) return fallback;
    if (!value->is_boolean()) fail(key, "true or false", *value);
    return value->get<bool>();
}

}  // namespace latent::util
