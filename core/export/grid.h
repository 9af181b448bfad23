#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/export/exportjob.h"
#include "core/image/image.h"
#include "core/model/modelinfo.h"
#include "core/util/result.h"

namespace latent::model {
class Generator;
}

namespace latent::export_ {

enum class GridMode {
    Seeds,            // one cell per seed firstSeed..lastSeed
    TruncationSweep,  // rows: seeds, columns: psi from psiFrom to psiTo in psiSteps steps
    ClassesBySeeds,   // rows: every class of the model, columns: seeds
};

struct GridSpec {
    std::shared_ptr<const model::Generator> generator;
    model::ModelInfo info;  // latent size, class names (labels), name and hash (the PNG's chunk)
    GridMode mode = GridMode::Seeds;
    std::uint64_t firstSeed = 0;
    std::uint64_t lastSeed = 0;  // inclusive
    float psiFrom = 0.0f, psiTo = 1.0f;
    int psiSteps = 5;
    int classIndex = -1;      // Seeds / TruncationSweep on a conditional model
    float truncation = 1.0f;  // Seeds / ClassesBySeeds
    int cols = 0;             // 0: square-ish (Seeds) or natural (one row per seed / class)
    bool labels = false;      // a two-line caption under each cell (seed, class, psi)
    int upscale = 1;
    bool smooth = false;
};

// Number of cells; 0 for an empty seed range.
int gridCellCount(const GridSpec& spec);
// Captions: the built-in font's scale for a cell `tileWidth` pixels wide (1 up to 95 px, 2 from
// 96, 4 at 256: the text grows with the cells), and the height of the two-line strip under it.
int captionScale(int tileWidth);
int captionHeight(int tileWidth);

// Renders every cell (in batches, on the calling thread) and lays them out. Cancellation is checked
// between batches; errors (bad spec, LibTorch failure) come back as messages.
Result<image::ImageRGB8> renderGrid(const GridSpec& spec, const ExportControl& control = {});

// The JSON stored in a grid PNG's "latent-studio:grid" chunk: enough to draw the grid again.
std::string gridToJson(const GridSpec& spec);

// renderGrid + PNG (atomic), with the grid chunk; existing output kept unless `force`.
ExportResult exportGrid(const GridSpec& spec, const std::string& path, bool force,
                        const ExportControl& control = {});

}  // namespace latent::export_
