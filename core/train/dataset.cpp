#include "core/train/dataset.h"

#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "core/train/faces.h"
#include "core/train/idx.h"
#include "core/train/toy.h"
#include "core/train/trainconfig.h"

namespace latent::train {

namespace {

namespace F = torch::nn::functional;

// Toy distributions are sampled once into a fixed pool so that shuffling, epochs and exact resume
// work the same way as for images.
constexpr std::int64_t kToyPoolSize = 65536;

}  // namespace

const std::vector<std::string>& fashionMnistClassNames() {
    static const std::vector<std::string> names = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

torch::Tensor resizeImages(const torch::Tensor& images, std::int64_t height, std::int64_t width) {
    if (images.size(2) == height && images.size(3) == width) return images;
    auto options = F::InterpolateFuncOptions().size(std::vector<std::int64_t>{height, width});
    if (images.size(2) > height || images.size(3) > width) {
        options.mode(torch::kArea);
    } else {
        options.mode(torch::kBilinear).align_corners(false);
    }
    return F::interpolate(images, options);
}

torch::Tensor makeBatch(const Dataset& dataset, const torch::Tensor& indices) {
    if (dataset.source == DataSource::Faces) return detail::drawFaceRows(dataset, indices);
    torch::Tensor rows = dataset.source == DataSource::Files
                             ? detail::decodeFolderRows(dataset, indices)
                             : dataset.data.index_select(0, indices);
    if (dataset.toy()) return rows.contiguous();
    torch::Tensor x = rows.to(torch::kFloat32).div_(127.5).sub_(1.0);
    const std::int64_t stored = x.size(2);
    if (stored == dataset.resolution) return x;
    if (stored == 28 && dataset.resolution == 32) {
        // Fashion-MNIST's background is black: pad with -1 rather than stretch the garment.
        return F::pad(x, F::PadFuncOptions({2, 2, 2, 2}).value(-1.0));
    }
    return F::interpolate(
               x, F::InterpolateFuncOptions()
                      .size(std::vector<std::int64_t>{dataset.resolution, dataset.resolution})
                      .mode(torch::kBilinear)
                      .align_corners(false))
        .clamp_(-1.0, 1.0);
}

Result<Dataset> loadFashionMnist(const std::string& dir, int resolution, bool trainSplit) {
    const std::string prefix = dir + "/" + (trainSplit ? "train" : "t10k");
    const std::string imagesPath = prefix + "-images-idx3-ubyte.gz";
    const std::string labelsPath = prefix + "-labels-idx1-ubyte.gz";
    auto images = readIdx(imagesPath, 3);
    if (!images) return Error{"Fashion-MNIST: " + images.error()};
    auto labels = readIdx(labelsPath, 1);
    if (!labels) return Error{"Fashion-MNIST: " + labels.error()};
    const auto& dims = images->dims;
    if (dims[1] != 28 || dims[2] != 28) {
        return Error{"Fashion-MNIST: " + imagesPath + ": images are " + std::to_string(dims[1]) +
                     "x" + std::to_string(dims[2]) + ", expected 28x28"};
    }
    if (labels->dims[0] != dims[0]) {
        return Error{"Fashion-MNIST: " + labelsPath + " has " + std::to_string(labels->dims[0]) +
                     " labels for " + std::to_string(dims[0]) + " images"};
    }
    for (std::uint8_t l : labels->data) {
        if (l >= fashionMnistClassNames().size()) {
            return Error{"Fashion-MNIST: " + labelsPath + ": label " + std::to_string(l) +
                         " out of range 0-9"};
        }
    }
    Dataset d;
    d.name = "fashion-mnist";
    d.resolution = resolution;
    d.classNames = fashionMnistClassNames();
    const auto u8 = torch::TensorOptions().dtype(torch::kUInt8);
    d.data = torch::from_blob(images->data.data(), {dims[0], 1, 28, 28}, u8).clone();
    d.labels = torch::from_blob(labels->data.data(), {dims[0]}, u8).to(torch::kLong);
    return d;
}

namespace detail {

torch::Tensor drawFaceRows(const Dataset& dataset, const torch::Tensor& indices) {
    const torch::Tensor rows = indices.to(torch::kLong).contiguous();
    const std::int64_t* row = rows.data_ptr<std::int64_t>();
    std::vector<FaceAttributes> faces;
    faces.reserve(static_cast<std::size_t>(rows.numel()));
    for (std::int64_t i = 0; i < rows.numel(); ++i) {
        TORCH_CHECK(row[i] >= 0 && row[i] < dataset.faceCount, "index ", row[i],
                    " out of range for ", dataset.faceCount, " faces");
        faces.push_back(faceAttributes(static_cast<std::uint64_t>(row[i]), dataset.faceSeed));
    }
    return renderFaces(faces, dataset.resolution);
}

}  // namespace detail

Result<Dataset> facesDataset(const std::string& spec, int resolution) {
    std::int64_t count = kDefaultFaceCount;
    if (spec != "faces") {
        const std::string n = spec.rfind("faces:", 0) == 0 ? spec.substr(6) : std::string();
        char* end = nullptr;
        const long long parsed = n.empty() || !std::isdigit(static_cast<unsigned char>(n[0]))
                                     ? 0
                                     : std::strtoll(n.c_str(), &end, 10);
        if (!end || *end != '\0' || parsed < 1 || parsed > 10000000) {
            return Error{"'" + spec + "': write faces or faces:N with N from 1 to 10000000"};
        }
        count = parsed;
    }
    if (resolution < kMinFaceResolution || resolution > kMaxFaceResolution) {
        return Error{"faces are drawn at " + std::to_string(kMinFaceResolution) + " to " +
                     std::to_string(kMaxFaceResolution) + " px (got " +
                     std::to_string(resolution) + ")"};
    }
    Dataset d;
    d.name = spec;
    d.source = DataSource::Faces;
    d.faceCount = count;
    d.resolution = resolution;
    d.labels = torch::zeros({count}, torch::kLong);
    return d;
}

Result<Dataset> loadDataset(const std::string& spec, int resolution, std::uint64_t seed,
                            const std::string& fashionMnistDir) {
    try {
        if (spec == "fashion-mnist") {
            return loadFashionMnist(fashionMnistDir.empty() ? kFashionMnistDir : fashionMnistDir,
                                    resolution);
        }
        if (spec.rfind("toy:", 0) == 0) {
            ToyKind kind;
            if (!parseToyKind(spec.substr(4), &kind)) {
                return Error{"unknown toy distribution '" + spec.substr(4) +
                             "' (ring8, grid25, spiral or moons)"};
            }
            Dataset d;
            d.name = spec;
            d.data = sampleToy(kind, kToyPoolSize, seed);
            d.labels = torch::zeros({kToyPoolSize}, torch::kLong);
            return d;
        }
        if (isFacesData(spec)) return facesDataset(spec, resolution);
        std::error_code ec;
        if (!std::filesystem::is_directory(spec, ec)) {
            return Error{spec + ": no such folder (use fashion-mnist, faces, toy:NAME or an image "
                                "folder)"};
        }
        return loadImageFolder(spec, resolution);
    } catch (const std::exception& e) {
        return Error{spec + ": " + e.what()};
    }
}

}  // namespace latent::train
