#pragma once

#include <cstdint>
#include <vector>

#include "core/edit/edit.h"
#include "core/edit/explorerstate.h"
#include "core/model/loader.h"
#include "core/render/renderer.h"

namespace latent::render {

// The one place an explorer frame becomes a RenderRequest (the main view, thumbnails, bookmarks,
// keyframes and session restores all go through it). Pure: no model call.
//
// The frame's direction amounts are looked up by name in `directions` and applied in the list's
// order, then the class morph; the class only on conditional models; the W+ override and the style
// mix only on style-based models (the mix's second latent drawn from its seed).
RenderRequest frameRequest(const model::LoadedModel& model,
                           const std::vector<edit::Direction>& directions,
                           const edit::ExplorerFrame& frame);

// The same settings drawn for each of `seeds` (one image per seed, each from the seed's own
// latent): the thumbnails of nearby seeds. A frame's W+ override belongs to its own latent, so
// the thumbnails do not take it.
RenderRequest seedsRequest(const model::LoadedModel& model,
                           const std::vector<edit::Direction>& directions,
                           const edit::ExplorerFrame& frame, const std::vector<std::uint64_t>& seeds);

// The edits a frame applies, in order (the frame's non-zero amounts, then its class morph).
std::vector<edit::Edit> frameEdits(const std::vector<edit::Direction>& directions,
                                   const edit::ExplorerFrame& frame);

}  // namespace latent::render
