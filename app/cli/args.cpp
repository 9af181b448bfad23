#include "app/cli/args.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace latent::cli {

namespace {

// A bound as a person writes it: "1e-12", "0.5", "86400", not std::to_string's "0.500000".
std::string plain(double x) {
    char text[64];
    // Whole numbers in full ("1000000000", not "1e+09"); fractions as %g writes them.
    if (x == std::floor(x) && std::fabs(x) < 1e15) {
        std::snprintf(text, sizeof text, "%.0f", x);
    } else {
        std::snprintf(text, sizeof text, "%g", x);
    }
    return std::string(text);
}

// strtoll and friends skip leading spaces and take '+': " 5" is not a number a user typed on
// purpose, so the text must start with a digit (or '-' and a digit where negatives are allowed).
bool startsLikeNumber(const std::string& s, bool allowMinus) {
    const std::size_t at = allowMinus && !s.empty() && s[0] == '-' ? 1 : 0;
    return s.size() > at && std::isdigit(static_cast<unsigned char>(s[at]));
}

}  // namespace

bool parseSeed(const std::string& text, std::uint64_t* seed) {
    if (text.empty() || text.size() > 20) return false;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE) return false;
    *seed = v;
    return true;
}

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string name = a.substr(2);
            std::optional<std::string> value;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (flags.count(name)) {
                if (value) throw UsageError{"--" + name + " takes no value"};
                m_flags.insert(name);
            } else if (valueOptions.count(name)) {
                if (!value) {
                    if (i + 1 >= argv.size()) throw UsageError{"--" + name + " needs a value"};
                    value = argv[++i];
                }
                m_values[name] = *value;
                m_all[name].push_back(*value);
            } else {
                throw UsageError{"unknown option --" + name};
            }
        } else if (a.size() > 1 && a[0] == '-' && !std::isdigit(static_cast<unsigned char>(a[1]))) {
            throw UsageError{"unknown option " + a};
        } else {
            m_positionals.push_back(a);
        }
    }
}

std::string Args::positional(std::size_t i, const char* what) const {
    if (i >= m_positionals.size()) throw UsageError{std::string("missing ") + what};
    return m_positionals[i];
}

void Args::expectPositionals(std::size_t n, const char* usage) const {
    if (m_positionals.size() < n)
        throw UsageError{std::string("too few arguments; usage: ") + usage};
    if (m_positionals.size() > n) {
        throw UsageError{"unexpected argument '" + m_positionals[n] + "'; usage: " + usage};
    }
}

std::string Args::text(const std::string& name, const std::string& fallback) const {
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

std::vector<std::string> Args::all(const std::string& name) const {
    auto it = m_all.find(name);
    return it == m_all.end() ? std::vector<std::string>() : it->second;
}

std::string Args::required(const std::string& name) const {
    auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty()) throw UsageError{"--" + name + " is required"};
    return it->second;
}

std::int64_t Args::integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                           std::int64_t max) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) return fallback;
    const std::string& s = it->second;
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (!startsLikeNumber(s, true) || *end != '\0' || errno == ERANGE) {
        throw UsageError{"--" + name + " must be an integer, got '" + s + "'"};
    }
    if (v < min || v > max) {
        throw UsageError{"--" + name + " must be between " + plain(min) + " and " + plain(max) +
                         ", got " + s};
    }
    return v;
}

std::uint64_t Args::seed(const std::string& name, std::uint64_t fallback) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) return fallback;
    const std::string& s = it->second;
    std::uint64_t v = 0;
    if (!parseSeed(s, &v)) {
        throw UsageError{"--" + name + " must be an integer from 0 to 18446744073709551615, got '" +
                         s + "'"};
    }
    return v;
}

double Args::number(const std::string& name, double fallback, double min, double max) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) return fallback;
    const std::string& s = it->second;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    // "0.5", "-2", ".5", "-.5"; not " 5" or "+5".
    const bool dot = s.size() > 1 && (s[0] == '.' || (s[0] == '-' && s[1] == '.'));
    const std::size_t digit = dot ? s.find('.') + 1 : 0;
    if (!startsLikeNumber(s.substr(digit), digit == 0) || *end != '\0' || !std::isfinite(v)) {
        throw UsageError{"--" + name + " must be a number, got '" + s + "'"};
    }
    if (v < min || v > max) {
        throw UsageError{"--" + name + " must be between " + plain(min) + " and " + plain(max) +
                         ", got " + s};
    }
    return v;
}

}  // namespace latent::cli
