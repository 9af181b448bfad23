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
// ranges are clamped, and a value that is not a number is taken as the field's default. A face's
// picture depends on its attributes and the resolution only (bitwise, on one machine and build),
// not on the batch's other faces. The result is an ordinary tensor (drawn under NoGradGuard, not
// InferenceMode), so training may use it. Thread-safe; uses the calling thread's LibTorch threads.
// Throws c10::Error for a resolution outside 16 … 512. About 14 ms for 64 faces at 64 px on one
// core once runtime::configureMemory() has run, ~4x more without it (docs/faces.md).
torch::Tensor renderFaces(const std::vector<FaceAttributes>& faces, int resolution);

}  // namespace latent::train
