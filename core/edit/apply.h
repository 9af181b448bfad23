#pragma once

#include <string>
#include <vector>

#include "core/edit/edit.h"
#include "core/latent/latent.h"
#include "core/util/result.h"

namespace latent::model {
struct ModelInfo;
}

namespace latent::edit {

// How render::render() applies a request's edits (docs/model-format.md, "Edits and style mixing"):
//   z' = z + sum of amount * sigma * vector over the Z edits           (before truncation)
//   class morph: the class embedding becomes lerp(E[from], E[to], clamp(amount, 0, 1))
//   w = wPlus override or mapping(z', class), then the truncation trick toward w_avg,
//   then style mixing (layers [first, last] from mapping(mix.z)), then the W / WPlus offsets,
//   then synthesis(w).
// With a W+ override z is not used, so Z edits have no effect on that frame (they are not an error:
// a UI may keep its Z sliders while showing a projected image).
// Everything here is pure and thread-safe; the tensor half lives in core/edit/editforward.h.

bool isClassMorph(const Direction& direction);

// z plus every Z-space edit's amount * sigma * vector (other edits are skipped, and so is a vector
// of the wrong size: checkEdits reports it). The offset is summed in double and added once, so
// the order of the edits does not change the result; zero amounts leave z exactly as it was.
// This is the latent the image is drawn from, e.g. for the UI to show or save.
latent::Latent applyZEdits(const latent::Latent& z, const std::vector<Edit>& edits);

// An inclusive range of synthesis layers with -1 resolved to the last layer.
struct LayerRange {
    int first = 0;
    int last = 0;
};
LayerRange resolveLayers(int firstLayer, int lastLayer, int numWs);

// Success when the edits, the mix and the W+ override fit `info`; otherwise what is wrong, in words a
// user understands (e.g. "'smile' is a W edit but Fashion DCGAN is not style-based ...").
Status checkEdits(const model::ModelInfo& info, const std::vector<Edit>& edits,
                       const StyleMix& mix = {}, const latent::Latent& wPlus = {});

// True when drawing needs more than generate(z'): a W / WPlus edit or a class morph that does
// something, a mix, or a W+ override. Z edits alone (and edits at amount 0) do not.
bool needsEditedForward(const std::vector<Edit>& edits, const StyleMix& mix,
                        const latent::Latent& wPlus);

}  // namespace latent::edit
