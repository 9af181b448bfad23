#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/latent/latent.h"

namespace latent::edit {

// Where an edit applies. Z: to the latent z before the generator (every model). W: to w after the
// mapping network, the same offset for every synthesis layer. WPlus: to w for a range of synthesis
// layers only (style-based models with more than one w input; ModelInfo::numWs).
enum class Space { Z, W, WPlus };

// The largest layer index a file may name (StyleGAN's W+ has 18 layers at 1024 px): a bound for
// readers, far below int overflow.
inline constexpr std::int64_t kMaxLayer = 1024;

// A named direction in latent space. A value type: crosses threads and the ui boundary freely.
struct Direction {
    std::string name;         // what a slider is labelled, e.g. "PCA 3" or "long sleeves"
    std::string method;       // "pca", "sefa", "attribute", "class-morph", "user"
    Space space = Space::Z;   // Z: vector has latentSize values; W / WPlus: wSize values
    latent::Latent vector;    // unit length (class morphs: see classFrom/classTo)
    float sigma = 1.0f;       // one slider unit in latent units (std-dev of the data along it)
    int firstLayer = 0;       // WPlus only: inclusive range of synthesis layers the edit touches
    int lastLayer = -1;       // -1: through the last layer
    int classFrom = -1;       // class-morph only: blends class embedding classFrom -> classTo
    int classTo = -1;
};

// Directions computed for one model; saved beside it as JSON (see core/edit/directionset.h).
struct DirectionSet {
    std::string modelName;
    std::string modelHash;  // ModelInfo::contentHash of the model they were computed for
    int latentSize = 0;
    int wSize = 0;
    std::vector<Direction> directions;
};

// One applied edit: a direction and how far along it, in slider units (amount * sigma * vector).
struct Edit {
    Direction direction;
    float amount = 0.0f;
};

// Style mixing (style-based models only): synthesis layers [firstLayer, lastLayer] take their w
// from a second latent instead of the current one.
struct StyleMix {
    latent::Latent z;       // the second latent (latentSize values)
    int classIndex = -1;    // its class for conditional models, -1: the frame's class
    int firstLayer = 0;
    int lastLayer = -1;     // -1: through the last layer
};

}  // namespace latent::edit
