#pragma once

#include <QString>

#include "core/edit/explorersession.h"
#include "ui/document.h"

namespace latent::ui {

// Maps the plain frames that bookmarks, drags and session files carry back onto the Document's
// state (Document::frame() is the other way; render::frameRequest draws one). Directions travel
// by name: a frame says "smile +1.5", and applies to whichever direction of that name the
// Document holds.

// `base` with `frame` applied: seed, z, class, truncation, W+, class morph and mix from the frame;
// amounts matched to base's directions by name (others go to 0). The directions themselves and
// the A/B position stay as they are.
EditingState stateWithFrame(EditingState base, const edit::ExplorerFrame& frame);
// Frames whose requests differ only in latent and class, so one batched request draws them all.
bool sameRenderSettings(const edit::ExplorerFrame& a, const edit::ExplorerFrame& b);
// A keyframe (Keyframes panel, A/B) showing `frame`'s latent.
edit::Keyframe keyframeOf(const edit::ExplorerFrame& frame);

// Tooltip-sized description: "seed 42 · class Sneaker · ψ 0.70 · smile +1.50".
QString describeFrame(const edit::ExplorerFrame& frame, const model::ModelInfo& info);

}  // namespace latent::ui
