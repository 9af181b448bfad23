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

}  // namespace latent::train
