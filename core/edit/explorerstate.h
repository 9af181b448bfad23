#pragma once

// What the explorer shows, as plain values: the one explorer-state type the ui's Document, the
// session files, bookmarks, drags between panels and the render request builder
// (core/render/framerequest.h) all use.
#include <cstdint>
#include <string>
#include <vector>

#include "core/edit/edit.h"
#include "core/latent/latent.h"

namespace latent::edit {

// How far the frame is moved along one named direction, in slider units.
struct DirectionAmount {
    std::string name;
    float amount = 0.0f;

    bool operator==(const DirectionAmount& o) const { return name == o.name && amount == o.amount; }
};

// Style mixing as the user sets it (style-based models): synthesis layers [firstLayer, lastLayer]
// (-1: through the last) take their w from the latent of `seed`. render::frameRequest turns it
// into the request's edit::StyleMix.
struct StyleMixSetting {
    bool enabled = false;
    std::uint64_t seed = 0;
    int firstLayer = 0;
    int lastLayer = -1;

    bool operator==(const StyleMixSetting& o) const {
        return enabled == o.enabled && seed == o.seed && firstLayer == o.firstLayer &&
               lastLayer == o.lastLayer;
    }
    bool operator!=(const StyleMixSetting& o) const { return !(*this == o); }
};

// Where a frame's latent came from: what its labels, bookmark names and file names say.
enum class Origin {
    Seed,          // sampleLatent(seed)
    Interpolated,  // between A and B (the A↔B slider)
    Projected,     // fitted to an image (File > Project Image)
    Imported,      // a latent from elsewhere (a PNG recipe without a seed)
};
// "seed", "interpolated", "projected", "imported" (session files); unknown names read as Seed.
const char* originName(Origin origin);
Origin originFromName(const std::string& name);

// One frame of the explorer: the seed it was drawn from and the latent as it is now (hand edits,
// interpolation), class, truncation and the direction amounts. A value type.
struct ExplorerFrame {
    std::uint64_t seed = 0;  // meaningful when origin is Seed
    latent::Latent z;        // latentSize values
    bool edited = false;     // z was changed by hand after it came from its origin
    Origin origin = Origin::Seed;
    int classIndex = 0;      // 0 for unconditional models
    float truncation = 1.0f;
    std::vector<DirectionAmount> amounts;  // non-zero amounts only, in the directions' order
    latent::Latent wPlus;  // style-based projections: numWs x wSize values; empty: map z
    Direction classMorph;  // conditional models; method empty: no morph
    float classMorphAmount = 0.0f;
    StyleMixSetting mix;

    bool operator==(const ExplorerFrame& o) const;
};

// A keyframe of the interpolation video: the latent as it was when the user added it, plus where
// it came from so the panels can say so.
struct Keyframe {
    latent::Latent z;
    std::uint64_t seed = 0;
    bool edited = false;  // z was changed by hand after it came from its origin
    Origin origin = Origin::Seed;

    bool operator==(const Keyframe& o) const {
        return z == o.z && seed == o.seed && edited == o.edited && origin == o.origin;
    }
};

// Whether the frame moves along a direction or class-morphs (its amounts are kept non-zero only).
bool frameHasEdits(const ExplorerFrame& frame);
// A keyframe (Keyframes panel) showing `frame`'s latent, with where it came from.
Keyframe keyframeOf(const ExplorerFrame& frame);

// What the user sees of a frame's provenance, honestly: "seed 42", "seed 42, edited",
// "interpolated", "projected, edited", "imported latent". A frame moved along a direction or
// class-morphed counts as edited. The keyframe form says the same for a keyframe.
std::string frameLabel(const ExplorerFrame& frame);
std::string keyframeLabel(const Keyframe& keyframe);
// The same as a file-name part: "seed42", "seed42-edited", "interpolated", "projected-edited",
// "imported".
std::string frameFileStem(const ExplorerFrame& frame);

// A latent the user kept, with the name shown in the Bookmarks panel.
struct Bookmark {
    std::string name;
    ExplorerFrame frame;

    bool operator==(const Bookmark& o) const { return name == o.name && frame == o.frame; }
};

// A frame's amount for the direction called `name` (0 when it has none).
float amountOf(const ExplorerFrame& frame, const std::string& name);
// `amounts` as a frame keeps them for `directions`: one entry per direction that has a non-zero
// amount, in the directions' order; names no direction has are dropped.
std::vector<DirectionAmount> normalizedAmounts(const std::vector<Direction>& directions,
                                               const std::vector<DirectionAmount>& amounts);
// Sets the amount of the direction called `name` (0 removes it), keeping the amounts normalised.
void setAmountOf(ExplorerFrame& frame, const std::vector<Direction>& directions,
                 const std::string& name, float amount);
// `wanted`, or "wanted (2)", "wanted (3)", … if a direction other than the one at `skipIndex`
// already has that name: amounts travel by name, so names in one list must differ.
std::string uniqueDirectionName(const std::vector<Direction>& directions, const std::string& wanted,
                                int skipIndex = -1);

}  // namespace latent::edit
