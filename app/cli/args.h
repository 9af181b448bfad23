#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace latent::cli {

// Thrown for anything the user typed wrong; main prints it as one line and exits with 2.
struct UsageError {
    std::string message;
};

// A seed as typed: digits only (no sign, no spaces), at most 2^64 - 1. False for anything else,
// so "-1" is refused rather than wrapped to 18446744073709551615.
bool parseSeed(const std::string& text, std::uint64_t* seed);

// `--name value` options, `--flag` switches and positionals. Every option must be known to the
// command (unknown ones are a UsageError naming them); values are validated when read.
class Args {
public:
    Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
         const std::set<std::string>& flags);

    const std::vector<std::string>& positionals() const { return m_positionals; }
    std::string positional(std::size_t i, const char* what) const;
    void expectPositionals(std::size_t n, const char* usage) const;

    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::string text(const std::string& name, const std::string& fallback = {}) const;
    // Every value a repeatable option was given, in order (text() returns the last one).
    std::vector<std::string> all(const std::string& name) const;
    std::string required(const std::string& name) const;
    std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) const;
    std::uint64_t seed(const std::string& name, std::uint64_t fallback) const;
    double number(const std::string& name, double fallback, double min, double max) const;

private:
    std::vector<std::string> m_positionals;
    std::map<std::string, std::string> m_values;
    std::map<std::string, std::vector<std::string>> m_all;
    std::set<std::string> m_flags;
};

}  // namespace latent::cli
