#pragma once

#include "core/edit/explorerstate.h"

namespace latent::model {
struct ModelInfo;
}

namespace latent::edit {

// The frame a fraction t of the way from A to B (the Explorer's A↔B slider): exactly `a` at t <= 0
// and exactly `b` at t >= 1, whatever either holds. In between:
// - z by slerp, W+ (when both ends have one) and ψ linearly;
// - each direction amount linearly between the two ends' amounts (0 where an end has none);
// - different classes blend their embeddings: a class morph from A's class to B's at t (on a
//   conditional `info`); with the same class, a class morph both ends share blends its amount,
//   otherwise the nearer end's morph holds;
// - the style mix of the nearer end;
// - origin Interpolated, not edited.
// Pure; never throws.
ExplorerFrame blendFrames(const ExplorerFrame& a, const ExplorerFrame& b, float t,
                          const model::ModelInfo& info);

}  // namespace latent::edit
