// loadImageFolder: a folder tree of PNG/JPEG files as a Dataset.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>

#include "core/image/jpeg.h"
#include "core/image/png.h"
#include "core/train/dataset.h"

namespace latent::train {

namespace {

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

std::string lowerExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return ext;
}

bool isJpeg(const std::string& ext) { return ext == ".jpg" || ext == ".jpeg"; }

// Shorter side to `resolution` (area averaging when shrinking, which avoids aliasing; bilinear when
// enlarging), then the centre square. Returns 3 x R x R uint8.
torch::Tensor fitSquare(const image::ImageRGB8& img, int resolution) {
    auto hwc =
        torch::from_blob(const_cast<std::uint8_t*>(img.pixels.data()), {img.height, img.width, 3},
                         torch::TensorOptions().dtype(torch::kUInt8));
    torch::Tensor x = hwc.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32);
    const double scale = static_cast<double>(resolution) / std::min(img.width, img.height);
    const auto h = std::max<std::int64_t>(resolution, std::llround(img.height * scale));
    const auto w = std::max<std::int64_t>(resolution, std::llround(img.width * scale));
    if (h != img.height || w != img.width) {
        auto options = F::InterpolateFuncOptions().size(std::vector<std::int64_t>{h, w});
        if (scale < 1.0) {
            options.mode(torch::kArea);
        } else {
            options.mode(torch::kBilinear).align_corners(false);
        }
        x = F::interpolate(x, options);
    }
    const std::int64_t top = (h - resolution) / 2;
    const std::int64_t left = (w - resolution) / 2;
    x = x.narrow(2, top, resolution).narrow(3, left, resolution);
    return x.squeeze(0).round_().clamp_(0, 255).to(torch::kUInt8);
}

}  // namespace

bool jpegSupported() { return image::jpegAvailable(); }

Result<Dataset> loadImageFolder(const std::string& dir, int resolution) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return Error{dir + ": no such folder"};

    // Sorted paths: the same folder gives the same dataset order on every machine.
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) return Error{dir + ": cannot list (" + ec.message() + ")"};
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const std::string ext = lowerExtension(it->path());
        if (it->is_regular_file(ec) && (ext == ".png" || isJpeg(ext))) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());

    Dataset d;
    d.name = dir;
    d.resolution = resolution;
    std::vector<torch::Tensor> images;
    std::vector<std::string> folders;  // first-level folder of each kept image ("" at the top)
    for (const fs::path& file : files) {
        const std::string ext = lowerExtension(file);
        auto img = isJpeg(ext) ? image::readJpeg(file.string()) : image::readPng(file.string());
        if (!img || img->empty()) {
            ++d.skipped;
            continue;
        }
        images.push_back(fitSquare(*img, resolution));
        const fs::path relative = file.lexically_relative(dir);
        folders.push_back(std::distance(relative.begin(), relative.end()) > 1
                              ? relative.begin()->string()
                              : std::string());
    }
    if (images.empty()) {
        return Error{dir + ": no readable images (PNG" +
                     std::string(jpegSupported() ? " or JPEG" : "") + ") found" +
                     (d.skipped ? ", " + std::to_string(d.skipped) + " unreadable" : "")};
    }
    d.data = torch::stack(images);

    // Class labels only when every image sits in one of at least two sub-folders.
    std::map<std::string, std::int64_t> classIndex;
    for (const auto& f : folders) classIndex.emplace(f, 0);
    const bool labelled = classIndex.size() >= 2 && !classIndex.count("");
    std::vector<std::int64_t> labels(folders.size(), 0);
    if (labelled) {
        for (auto& [name, index] : classIndex) {
            index = static_cast<std::int64_t>(d.classNames.size());
            d.classNames.push_back(name);
        }
        for (std::size_t i = 0; i < folders.size(); ++i) labels[i] = classIndex[folders[i]];
    }
    d.labels = torch::tensor(labels, torch::kLong);
    return d;
}

}  // namespace latent::train
