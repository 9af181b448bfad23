#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace latent::train {

// Core-internal (speaks tensors): training data held in memory, plus how to turn rows into a
// batch at the run's resolution. Immutable once loaded, so the prefetch thread and the training
// thread may read it concurrently.
struct Dataset {
    std::string name;  // "fashion-mnist", "toy:ring8" or the folder path
    // Images: N x C x S x S uint8 (S the stored size, 28 for Fashion-MNIST; the run's resolution
    // for folders). Toy data: N x 2 float32 points.
    torch::Tensor data;
    torch::Tensor labels;  // N int64 in [0, classNames.size()); all zero without classes
    std::vector<std::string> classNames;  // empty: no class labels
    int resolution = 0;                   // output size of makeBatch (0 for toy data)
    int skipped = 0;  // image folders: files that could not be read and were left out

    bool toy() const { return data.defined() && data.dim() == 2; }
    std::int64_t size() const { return data.defined() ? data.size(0) : 0; }
    int channels() const { return toy() ? 0 : static_cast<int>(data.size(1)); }
};

// Rows `indices` (int64) as float32 on the CPU: images in [-1, 1] at dataset.resolution (28 -> 32
// pads 2 px of background; other size changes are bilinear), toy points as N x 2. Throws
// c10::Error on bad indices.
torch::Tensor makeBatch(const Dataset& dataset, const torch::Tensor& indices);

constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
const std::vector<std::string>& fashionMnistClassNames();

// Fashion-MNIST from {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz in `dir`; the Error names the
// missing or corrupt file. resolution: 32, 64 or 128.
Result<Dataset> loadFashionMnist(const std::string& dir, int resolution, bool trainSplit = true);

// Every PNG (and JPEG, when built with libjpeg) under `dir`, recursively, scaled so the shorter
// side is `resolution` and centre-cropped, as RGB. Unreadable files are skipped and counted in
// `skipped`; the first-level sub-folder names become class labels when there are at least two.
// An Error only when the folder is missing or holds no readable image.
Result<Dataset> loadImageFolder(const std::string& dir, int resolution);

// Whether this build can read JPEG files.
bool jpegSupported();

// "fashion-mnist", "toy:NAME" or a folder. `fashionMnistDir` overrides kFashionMnistDir.
// Never throws; runs on the caller's thread (may take seconds).
Result<Dataset> loadDataset(const std::string& spec, int resolution, std::uint64_t seed,
                            const std::string& fashionMnistDir = "");

}  // namespace latent::train
