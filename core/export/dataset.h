#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/export/exportjob.h"
#include "core/model/modelinfo.h"

namespace latent::model {
class Generator;
}

namespace latent::export_ {

// A synthetic dataset: `perClass` images of every class (or `perClass` images in all for an
// unconditional model) as PNGs (each carrying its recipe) plus labels.csv with the header
// filename,class_index,class_name,seed (class_index -1 and an empty name when unconditional).
// Image k (0-based, classes in order) is drawn from seed firstSeed + k.
struct DatasetSpec {
    std::shared_ptr<const model::Generator> generator;
    model::ModelInfo info;
    int perClass = 100;
    std::uint64_t firstSeed = 0;
    float truncation = 1.0f;
    int upscale = 1;
    bool smooth = false;
    std::string folder;
    bool force = false;
    int batch = 32;
};

// Writes into a temporary folder beside `folder` and renames it at the end: cancelled or failed
// exports leave nothing, an existing folder is kept unless `force`. Blocking (call it off the ui
// thread); progress (images done / total) on the calling thread; never throws.
ExportResult exportDataset(const DatasetSpec& spec, const ExportControl& control = {});

// A CSV field, quoted when it holds a comma, quote or line break.
std::string csvField(const std::string& text);

}  // namespace latent::export_
