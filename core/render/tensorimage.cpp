#include "core/render/tensorimage.h"

#include <cstring>

namespace latent::render {

std::vector<image::ImageRGB8> toImages(const torch::Tensor& batch) {
    TORCH_CHECK(batch.dim() == 4, "expected N x C x H x W images, got ", batch.dim(), " dimensions");
    const int64_t c = batch.size(1);
    TORCH_CHECK(c == 1 || c == 3, "expected 1 or 3 channels, got ", c);
    // One fused pass: scale to [0, 255], round, to uint8 NHWC on the CPU.
    torch::Tensor bytes = batch.detach()
                              .to(torch::kFloat32)
                              .add(1.0)
                              .mul(127.5)
                              .round()
                              .clamp(0, 255)
                              .to(torch::kUInt8)
                              .permute({0, 2, 3, 1});
    if (c == 1) bytes = bytes.expand({-1, -1, -1, 3});
    bytes = bytes.to(torch::kCPU).contiguous();
    const int n = static_cast<int>(bytes.size(0));
    const int h = static_cast<int>(bytes.size(1));
    const int w = static_cast<int>(bytes.size(2));
    std::vector<image::ImageRGB8> images;
    images.reserve(static_cast<std::size_t>(n));
    const auto* src = bytes.data_ptr<uint8_t>();
    const std::size_t frame = static_cast<std::size_t>(w) * h * 3;
    for (int i = 0; i < n; ++i) {
        image::ImageRGB8 img(w, h);
        std::memcpy(img.pixels.data(), src + frame * i, frame);
        images.push_back(std::move(img));
    }
    return images;
}

}  // namespace latent::render
