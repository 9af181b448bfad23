#pragma once

#include <cstdint>
#include <vector>

namespace latent::latent {

// A latent vector z (or w), plain floats so it crosses threads and the ui boundary freely.
using Latent = std::vector<float>;

// Draws z ~ N(0, I) of size `dim` from our own seeded generator (SplitMix64 + Box-Muller in double
// precision), so a seed gives the same latent on every run, machine and LibTorch version.
Latent sampleLatent(std::uint64_t seed, int dim);

// Sub-stream for seed `seed` and index `i`, e.g. the i-th image of a seeded batch.
std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t i);

// (1 - t) a + t b. Sizes must match (else returns a).
Latent lerp(const Latent& a, const Latent& b, float t);

// Spherical interpolation on the great circle through a and b, with the norm interpolated
// linearly; falls back to lerp when a and b are (anti-)parallel. slerp(a,b,0)=a, slerp(a,b,1)=b.
Latent slerp(const Latent& a, const Latent& b, float t);

// mean + psi (z - mean); with an empty mean the mean is the origin (the mean of N(0, I)).
Latent truncate(const Latent& z, float psi, const Latent& mean = {});

float norm(const Latent& z);

enum class Interpolation { Linear, Spherical };
enum class Easing { Linear, EaseInOut, Cubic };

// A path through N >= 1 keyframes. t in [0, 1] covers all segments evenly (segment k spans
// [k/(N-1), (k+1)/(N-1)]); with loop = true a last segment returns to the first keyframe.
// Cubic easing uses a Catmull-Rom spline through the keyframes (C1 across keyframes).
class KeyframePath {
public:
    KeyframePath(std::vector<Latent> keyframes, Interpolation interpolation = Interpolation::Linear,
                 Easing easing = Easing::Linear, bool loop = false);

    int segmentCount() const;
    Latent at(float t) const;
    // `framesPerSegment` frames per segment, the last keyframe included once at the end
    // (unless looping, where the path closes on the first frame without repeating it).
    std::vector<Latent> sample(int framesPerSegment) const;

private:
    Latent segmentAt(int segment, float u) const;

    std::vector<Latent> m_keyframes;
    Interpolation m_interpolation;
    Easing m_easing;
    bool m_loop;
};

}  // namespace latent::latent
