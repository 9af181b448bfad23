#pragma once

#include <torch/torch.h>

#include <vector>

#include "core/train/faceattributes.h"

namespace latent::train {

// The procedural cartoon faces: a face dataset the app draws itself, with known attributes (for
// training and for measuring edits). The attributes and the population are in faceattributes.h,
// which is torch-free.

constexpr int kMinFaceResolution = 16;
constexpr int kMaxFaceResolution = 512;

// Draws `faces` as an N x 3 x R x R float32 tensor on the CPU in [-1, 1] (R = resolution, 16 …
// 512): the same picture at every resolution, antialiased (signed distance fields with edges one
// pixel wide), all faces of the batch at once with tensor ops. Attribute values outside their
// ranges are clamped, and a value that is not a number is taken as the field's default. The
// result depends on the attributes and resolution only (bitwise, on one machine and build), not
// on the batch's other faces. Thread-safe; uses the calling thread's LibTorch threads. Throws
// c10::Error for a resolution outside 16 … 512. About 10 ms for 64 faces at 64 px on one core
// (docs/faces.md).
torch::Tensor renderFaces(const std::vector<FaceAttributes>& faces, int resolution);

}  // namespace latent::train
