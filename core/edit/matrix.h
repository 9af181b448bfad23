#pragma once

#include <cstddef>
#include <vector>

namespace latent::edit {

// A dense row-major float matrix: the torch-free way the direction-finding maths takes and returns
// its inputs (weights, features, latents), so ui and tests can call it without LibTorch headers.
// A value type.
struct Matrix {
    int rows = 0;
    int cols = 0;
    std::vector<float> values;  // rows * cols, row-major

    Matrix() = default;
    Matrix(int r, int c) : rows(r), cols(c), values(static_cast<std::size_t>(r) * c, 0.0f) {}

    float& at(int r, int c) { return values[static_cast<std::size_t>(r) * cols + c]; }
    float at(int r, int c) const { return values[static_cast<std::size_t>(r) * cols + c]; }
    bool valid() const {
        return rows > 0 && cols > 0 && values.size() == static_cast<std::size_t>(rows) * cols;
    }
};

}  // namespace latent::edit
