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

// One frame of the explorer: the seed it was drawn from and the latent as it is now (hand edits,
// interpolation), class, truncation and the direction amounts. A value type.
struct ExplorerFrame {
    std::uint64_t seed = 0;
    latent::Latent z;        // latentSize values
    bool edited = false;     // z is no longer sampleLatent(seed)
    bool projected = false;  // z came from projecting an image, not from a seed
    int classIndex = 0;      // 0 for unconditional models
    float truncation = 1.0f;
    std::vector<DirectionAmount> amounts;  // non-zero amounts only, in the directions' order
    latent::Latent wPlus;  // style-based projections: numWs x wSize values; empty: map z
    Direction classMorph;  // conditional models; method empty: no morph
    float classMorphAmount = 0.0f;
    StyleMixSetting mix;

    bool operator==(const ExplorerFrame& o) const;
};

// A keyframe of the interpolation video or an A/B end: the latent as it was when the user set it,
// plus the seed it came from so the panels can say where it came from.
struct Keyframe {
    latent::Latent z;
    std::uint64_t seed = 0;
    bool edited = false;  // z was changed by hand after being drawn from `seed`

    bool operator==(const Keyframe& o) const {
        return z == o.z && seed == o.seed && edited == o.edited;
    }
};

// A latent the user kept, with the name shown in the Bookmarks panel.
struct Bookmark {
    std::string name;
    ExplorerFrame frame;

    bool operator==(const Bookmark& o) const { return name == o.name && frame == o.frame; }
};

}  // namespace latent::edit
