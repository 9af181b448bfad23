#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace latent {

// Returned by core functions that can fail on user input: a value, or a message in words a user
// understands ("model.ltm: truncated file (expected 1.2 MB, found 300 KB)"). Never throws.
struct Error {
    std::string message;
};

// Thrown when the value of a failed Result is read: a programming error (the caller did not check
// ok()), reported with the failure it ignored instead of reading an empty optional.
class BadResultAccess : public std::logic_error {
public:
    explicit BadResultAccess(const std::string& error)
        : std::logic_error("a failed result was used as a value (" + error + ")") {}
};

// Access to the value is checked: value(), * and -> throw BadResultAccess on a failed Result.
template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : m_error(std::move(error.message)) {}  // NOLINT

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    T& value() & { return checked(); }
    const T& value() const& { return checked(); }
    T&& value() && { return std::move(checked()); }
    T* operator->() { return &checked(); }
    const T* operator->() const { return &checked(); }
    T& operator*() & { return checked(); }
    const T& operator*() const& { return checked(); }
    T&& operator*() && { return std::move(checked()); }

    const std::string& error() const { return m_error; }

private:
    T& checked() {
        if (!m_value) throw BadResultAccess(m_error);
        return *m_value;
    }
    const T& checked() const {
        if (!m_value) throw BadResultAccess(m_error);
        return *m_value;
    }

    std::optional<T> m_value;
    std::string m_error;
};

// For operations with nothing to return but success.
struct Ok {};
using Status = Result<Ok>;
inline Status success() { return Ok{}; }

}  // namespace latent
