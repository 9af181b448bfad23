#include "core/latent/latent.h"

#include <algorithm>
#include <cmath>

namespace latent::latent {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::uint64_t splitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Uniform in (0, 1]: 53 random bits, never 0 so log() below is finite.
double uniform(std::uint64_t& state) {
    return (static_cast<double>(splitMix64(state) >> 11) + 1.0) * (1.0 / 9007199254740992.0);
}

double dot(const Latent& a, const Latent& b) {
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
    return s;
}

float ease(Easing easing, float u) {
    if (easing == Easing::EaseInOut) return u * u * (3.0f - 2.0f * u);
    return u;
}

}  // namespace

std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t i) {
    std::uint64_t state = seed ^ (0xD1B54A32D192ED03ull * (i + 1));
    return splitMix64(state);
}

Latent sampleLatent(std::uint64_t seed, int dim) {
    Latent z(static_cast<std::size_t>(std::max(dim, 0)));
    std::uint64_t state = seed;
    for (std::size_t i = 0; i < z.size(); i += 2) {
        // Box-Muller: two independent normals per pair of uniforms.
        const double r = std::sqrt(-2.0 * std::log(uniform(state)));
        const double theta = 2.0 * kPi * uniform(state);
        z[i] = static_cast<float>(r * std::cos(theta));
        if (i + 1 < z.size()) z[i + 1] = static_cast<float>(r * std::sin(theta));
    }
    return z;
}

Latent lerp(const Latent& a, const Latent& b, float t) {
    if (a.size() != b.size()) return a;
    Latent out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) out[i] = a[i] + t * (b[i] - a[i]);
    return out;
}

Latent slerp(const Latent& a, const Latent& b, float t) {
    if (a.size() != b.size()) return a;
    if (t <= 0.0f) return a;
    if (t >= 1.0f) return b;
    const double na = std::sqrt(dot(a, a));
    const double nb = std::sqrt(dot(b, b));
    if (na < 1e-12 || nb < 1e-12) return lerp(a, b, t);
    const double cosOmega = std::clamp(dot(a, b) / (na * nb), -1.0, 1.0);
    const double omega = std::acos(cosOmega);
    const double sinOmega = std::sin(omega);
    if (sinOmega < 1e-6) return lerp(a, b, t);  // (anti-)parallel: the great circle is undefined
    const double wa = std::sin((1.0 - t) * omega) / sinOmega;
    const double wb = std::sin(t * omega) / sinOmega;
    // The unit directions move on the great circle; the norm moves linearly between the two.
    const double n = (1.0 - t) * na + t * nb;
    Latent out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        out[i] = static_cast<float>(n * (wa * a[i] / na + wb * b[i] / nb));
    }
    return out;
}

Latent truncate(const Latent& z, float psi, const Latent& mean) {
    Latent out(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        const float m = i < mean.size() ? mean[i] : 0.0f;
        out[i] = m + psi * (z[i] - m);
    }
    return out;
}

float norm(const Latent& z) { return static_cast<float>(std::sqrt(dot(z, z))); }

KeyframePath::KeyframePath(std::vector<Latent> keyframes, Interpolation interpolation,
                           Easing easing, bool loop)
    : m_keyframes(std::move(keyframes)),
      m_interpolation(interpolation),
      m_easing(easing),
      m_loop(loop && m_keyframes.size() > 1) {}

int KeyframePath::segmentCount() const {
    const int n = static_cast<int>(m_keyframes.size());
    if (n < 2) return 0;
    return m_loop ? n : n - 1;
}

Latent KeyframePath::segmentAt(int segment, float u) const {
    const int n = static_cast<int>(m_keyframes.size());
    auto key = [&](int i) -> const Latent& {
        if (m_loop) return m_keyframes[static_cast<std::size_t>(((i % n) + n) % n)];
        return m_keyframes[static_cast<std::size_t>(std::clamp(i, 0, n - 1))];
    };
    const Latent& p1 = key(segment);
    const Latent& p2 = key(segment + 1);
    if (m_easing == Easing::Cubic) {
        // Catmull-Rom through p0..p3: passes through every keyframe with continuous velocity.
        const Latent& p0 = key(segment - 1);
        const Latent& p3 = key(segment + 2);
        const float u2 = u * u, u3 = u2 * u;
        Latent out(p1.size());
        for (std::size_t i = 0; i < p1.size(); ++i) {
            out[i] = 0.5f * ((2.0f * p1[i]) + (-p0[i] + p2[i]) * u +
                             (2.0f * p0[i] - 5.0f * p1[i] + 4.0f * p2[i] - p3[i]) * u2 +
                             (-p0[i] + 3.0f * p1[i] - 3.0f * p2[i] + p3[i]) * u3);
        }
        return out;
    }
    const float e = ease(m_easing, u);
    return m_interpolation == Interpolation::Spherical ? slerp(p1, p2, e) : lerp(p1, p2, e);
}

Latent KeyframePath::at(float t) const {
    if (m_keyframes.empty()) return {};
    const int segments = segmentCount();
    if (segments == 0) return m_keyframes.front();
    const float x = std::clamp(t, 0.0f, 1.0f) * static_cast<float>(segments);
    const int segment = std::min(static_cast<int>(x), segments - 1);
    return segmentAt(segment, x - static_cast<float>(segment));
}

std::vector<Latent> KeyframePath::sample(int framesPerSegment) const {
    std::vector<Latent> frames;
    if (m_keyframes.empty() || framesPerSegment <= 0) return frames;
    const int segments = segmentCount();
    if (segments == 0) return {m_keyframes.front()};
    frames.reserve(static_cast<std::size_t>(segments) * static_cast<std::size_t>(framesPerSegment) + 1);
    for (int s = 0; s < segments; ++s) {
        for (int f = 0; f < framesPerSegment; ++f) {
            frames.push_back(segmentAt(s, static_cast<float>(f) / framesPerSegment));
        }
    }
    if (!m_loop) frames.push_back(m_keyframes.back());
    return frames;
}

}  // namespace latent::latent
