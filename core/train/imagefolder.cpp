// loadImageFolder: a folder tree of PNG/JPEG files as a Dataset.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>

#include "core/image/jpeg.h"
#include "core/image/png.h"
#include "core/train/dataset.h"

namespace latent::train {

namespace {

namespace fs = std::filesystem;

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
    x = resizeImages(x, h, w);
    const std::int64_t top = (h - resolution) / 2;
    const std::int64_t left = (w - resolution) / 2;
    x = x.narrow(2, top, resolution).narrow(3, left, resolution);
    return x.squeeze(0).round_().clamp_(0, 255).to(torch::kUInt8);
}

// What the first bytes of a file say, read instead of decoding it.
struct Signature {
    bool image = false;  // a PNG or JPEG signature
    bool grey = false;   // a PNG of grey (or grey + alpha) pixels
};

Signature readSignature(const fs::path& file, bool jpeg) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (!f) return {};
    unsigned char head[26] = {};
    const std::size_t n = std::fread(head, 1, sizeof head, f);
    std::fclose(f);
    if (jpeg) return {n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff, false};
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n < 8 || std::memcmp(head, png, 8) != 0) return {};
    // IHDR comes first: its colour type is byte 25 (0: grey, 4: grey + alpha).
    const bool ihdr = n == sizeof head && std::memcmp(head + 12, "IHDR", 4) == 0;
    return {true, ihdr && (head[25] == 0 || head[25] == 4)};
}

// channels x R x R uint8 (1: the grey of an all-grey folder), or nothing when it does not decode.
std::optional<torch::Tensor> decodeFile(const std::string& file, int resolution, int channels) {
    auto img = isJpeg(lowerExtension(file)) ? image::readJpeg(file) : image::readPng(file);
    if (!img || img->empty()) return std::nullopt;
    torch::Tensor rgb = fitSquare(*img, resolution);
    return channels == 1 ? rgb.narrow(0, 0, 1).contiguous() : rgb;
}

}  // namespace

bool jpegSupported() { return image::jpegAvailable(); }

namespace detail {

torch::Tensor decodeFolderRows(const Dataset& d, const torch::Tensor& indices) {
    const auto n = static_cast<std::int64_t>(d.files.size());
    const torch::Tensor rows = indices.to(torch::kLong).contiguous();
    const std::int64_t* row = rows.data_ptr<std::int64_t>();
    std::vector<torch::Tensor> images;
    images.reserve(static_cast<std::size_t>(rows.numel()));
    for (std::int64_t i = 0; i < rows.numel(); ++i) {
        TORCH_CHECK(row[i] >= 0 && row[i] < n, "index ", row[i], " out of range for ", n,
                    " images");
        // A file that stopped decoding since the listing (changed, truncated, damaged past its
        // first bytes) gives way to the next one that decodes: the same file every time, so a
        // resumed run still sees the same batches.
        std::optional<torch::Tensor> image;
        for (std::int64_t k = 0; k < n && !image; ++k) {
            image = decodeFile(d.files[static_cast<std::size_t>((row[i] + k) % n)], d.resolution,
                               d.imageChannels);
        }
        TORCH_CHECK(image, d.name, ": no readable images left");
        images.push_back(std::move(*image));
    }
    return torch::stack(images);
}

}  // namespace detail

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
    d.source = DataSource::Files;
    d.resolution = resolution;
    std::vector<std::string> folders;  // first-level folder of each kept image ("" at the top)
    bool decoded = false;              // whether one kept file has decoded
    bool allGrey = true;               // a folder of grey PNGs trains a 1-channel model
    for (const fs::path& file : files) {
        const bool jpeg = isJpeg(lowerExtension(file));
        const Signature signature = readSignature(file, jpeg);
        // A folder of nothing but broken files should fail here, not at the first batch: decode
        // files until one works (usually just the first).
        if ((jpeg && !jpegSupported()) || !signature.image ||
            (!decoded && !(decoded = decodeFile(file.string(), resolution, 3).has_value()))) {
            ++d.skipped;
            continue;
        }
        allGrey = allGrey && signature.grey;
        d.files.push_back(file.string());
        const fs::path relative = file.lexically_relative(dir);
        folders.push_back(std::distance(relative.begin(), relative.end()) > 1
                              ? relative.begin()->string()
                              : std::string());
    }
    if (d.files.empty()) {
        return Error{dir + ": no readable images (PNG" +
                     std::string(jpegSupported() ? " or JPEG" : "") + ") found" +
                     (d.skipped ? ", " + std::to_string(d.skipped) + " unreadable" : "")};
    }

    d.imageChannels = allGrey ? 1 : 3;

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
