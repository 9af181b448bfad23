#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace latent::train {

// Where a dataset's rows come from.
enum class DataSource {
    Memory,  // `data` holds every row (Fashion-MNIST, toy points)
    Files,   // `files`: image files decoded when a batch needs them (image folders)
    Faces,   // procedural faces drawn when a batch needs them (faces.h): row i is face i
};

// Core-internal (speaks tensors): training data, plus how to turn rows into a batch at the run's
// resolution. Immutable once loaded, so the prefetch thread and the training thread may read it
// concurrently.
struct Dataset {
    std::string name;  // "fashion-mnist", "toy:ring8", "faces" or the folder path
    DataSource source = DataSource::Memory;
    // Memory: N x C x S x S uint8 images (S the stored size, 28 for Fashion-MNIST) or N x 2
    // float32 toy points. Undefined for the other sources.
    torch::Tensor data;
    std::vector<std::string> files;  // Files: row i's image file, in sorted path order
    std::int64_t faceCount = 0;      // Faces: how many faces (indices 0 … faceCount - 1)
    std::uint64_t faceSeed = 0;      // Faces: the population's seed (faceAttributes)
    int imageChannels = 3;           // Files, Faces: 3, or 1 for a folder of grey PNGs
    torch::Tensor labels;  // N int64 in [0, classNames.size()); all zero without classes
    std::vector<std::string> classNames;  // empty: no class labels
    int resolution = 0;                   // output size of makeBatch (0 for toy data)
    int skipped = 0;  // image folders: files that could not be read and were left out

    bool toy() const { return data.defined() && data.dim() == 2; }
    std::int64_t size() const {
        switch (source) {
            case DataSource::Files: return static_cast<std::int64_t>(files.size());
            case DataSource::Faces: return faceCount;
            case DataSource::Memory: break;
        }
        return data.defined() ? data.size(0) : 0;
    }
    int channels() const {
        if (source != DataSource::Memory) return imageChannels;
        return toy() ? 0 : static_cast<int>(data.size(1));
    }
};

// Rows `indices` (int64) as float32 on the CPU: images in [-1, 1] at dataset.resolution (28 -> 32
// pads 2 px of background; other size changes are bilinear), toy points as N x 2. Image files are
// decoded here, so this is what the prefetch thread spends its time on; a file that no longer
// decodes is replaced by the next one in path order that does. Faces are drawn here. Throws
// c10::Error on bad indices, or when no file of a folder decodes any more.
torch::Tensor makeBatch(const Dataset& dataset, const torch::Tensor& indices);

// N x C x H x W float images resized to height x width: area averaging when shrinking (no
// aliasing), bilinear when enlarging; returned as they are when already that size.
torch::Tensor resizeImages(const torch::Tensor& images, std::int64_t height, std::int64_t width);

constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
const std::vector<std::string>& fashionMnistClassNames();

// Fashion-MNIST from {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz in `dir`; the Error names the
// missing or corrupt file. resolution: 32, 64 or 128.
Result<Dataset> loadFashionMnist(const std::string& dir, int resolution, bool trainSplit = true);

// Every PNG (and JPEG, when built with libjpeg) under `dir`, recursively, to be scaled so the
// shorter side is `resolution` and centre-cropped: as grey when every file is a grey PNG, else as
// RGB. Lists the files and reads only their
// first bytes: the pixels are decoded batch by batch in makeBatch (lazily, so a folder of any size
// starts at once and holds no image in memory). Files without a PNG/JPEG signature are skipped and
// counted in `skipped`, as are files before the first one that decodes; the first-level sub-folder
// names become class labels when there are at least two. An Error only when the folder is missing
// or holds no readable image.
Result<Dataset> loadImageFolder(const std::string& dir, int resolution);

// How many procedural faces "faces" means: a pool far larger than any run sees twice.
constexpr std::int64_t kDefaultFaceCount = 1000000;

// The procedural faces as a dataset: "faces" (kDefaultFaceCount faces) or "faces:N" (the first N,
// 1 … 10 000 000: a small set, to try the augmentation on). Faces are drawn per batch at `resolution`
// (16 … 512) from faceAttributes(index, 0), so row i is what `latent faces` writes as face i.
Result<Dataset> facesDataset(const std::string& spec, int resolution);

// Whether this build can read JPEG files.
bool jpegSupported();

// "fashion-mnist", "toy:NAME", "faces[:N]" or a folder. `fashionMnistDir` overrides kFashionMnistDir.
// Never throws; runs on the caller's thread (may take seconds).
Result<Dataset> loadDataset(const std::string& spec, int resolution, std::uint64_t seed,
                            const std::string& fashionMnistDir = "");

namespace detail {
// makeBatch's two lazy sources: rows of an image folder (N x C x R x R uint8) and of the faces
// (N x 3 x R x R float32 in [-1, 1]).
torch::Tensor decodeFolderRows(const Dataset& dataset, const torch::Tensor& indices);
torch::Tensor drawFaceRows(const Dataset& dataset, const torch::Tensor& indices);
}  // namespace detail

}  // namespace latent::train
