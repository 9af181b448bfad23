#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace latent::train {

// 2-D toy distributions for watching a GAN cover (or miss) modes.
enum class ToyKind { Ring8, Grid25, Spiral, Moons };

// "ring8" -> Ring8 etc.; false for an unknown name.
bool parseToyKind(const std::string& name, ToyKind* kind);
const std::vector<std::string>& toyKindNames();

// n points, n x 2 float32 on the CPU, roughly within [-2, 2]^2, drawn from a CPU generator seeded
// with `seed` (never the global RNG): the same seed gives the same points. Thread-safe.
torch::Tensor sampleToy(ToyKind kind, std::int64_t n, std::uint64_t seed);

// What a toy distribution is made of, for counting the modes a generator covers: reference points
// on each mode's centre line (the centre of each Gaussian of ring8 / grid25; closely spaced points
// along the curve of spiral and moons, cut into equal arcs), each labelled with its mode.
struct ToyModes {
    torch::Tensor points;  // M x 2 float32
    torch::Tensor labels;  // M int64 in [0, count)
    int count = 0;         // ring8: 8, grid25: 25, spiral: 10 arcs, moons: 2 x 4 arcs
    double radius = 0;     // a point within this distance of a reference point belongs to its mode
};
ToyModes toyModes(ToyKind kind);
// toyModes(kind).count without building its reference points (the collapse watch asks on every
// measured row).
int toyModeCount(ToyKind kind);

struct ModeCoverage {
    int covered = 0;
    int modes = 0;
    double onModes = 0;  // fraction of the points within `radius` of some mode ("high quality")
};
// A mode is covered when at least a fifth of its fair share (N / modes) of the points fall on it:
// PacGAN's rule (a mode with fewer than 20 of 2500 samples is lost), made independent of N.
ModeCoverage modeCoverage(const ToyModes& modes, const torch::Tensor& points);

}  // namespace latent::train
