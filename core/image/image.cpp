#include "core/image/image.h"

#include <algorithm>
#include <cstring>

namespace latent::image {

ImageRGB8 makeGrid(const std::vector<ImageRGB8>& images, int cols, int padding,
                   std::uint8_t background) {
    if (images.empty() || cols <= 0) return {};
    const int w = images.front().width;
    const int h = images.front().height;
    cols = std::min<int>(cols, static_cast<int>(images.size()));
    const int rows = (static_cast<int>(images.size()) + cols - 1) / cols;
    ImageRGB8 grid(cols * w + (cols + 1) * padding, rows * h + (rows + 1) * padding);
    std::fill(grid.pixels.begin(), grid.pixels.end(), background);
    for (std::size_t k = 0; k < images.size(); ++k) {
        const ImageRGB8& img = images[k];
        if (img.width != w || img.height != h) continue;  // documented: one size for all
        const int x0 = padding + static_cast<int>(k % cols) * (w + padding);
        const int y0 = padding + static_cast<int>(k / cols) * (h + padding);
        for (int y = 0; y < h; ++y) {
            std::memcpy(grid.pixel(x0, y0 + y), img.pixel(0, y), static_cast<std::size_t>(w) * 3);
        }
    }
    return grid;
}

ImageRGB8 upscale(const ImageRGB8& src, int factor, bool smooth) {
    if (factor <= 1 || src.empty()) return src;
    ImageRGB8 dst(src.width * factor, src.height * factor);
    if (!smooth) {
        // Nearest: widen each source row once, then copy it to the factor rows it covers (video
        // export upscales every frame, so this path matters).
        const std::size_t rowBytes = static_cast<std::size_t>(dst.width) * 3;
        for (int y = 0; y < src.height; ++y) {
            std::uint8_t* first = dst.pixel(0, y * factor);
            for (int x = 0; x < src.width; ++x) {
                const std::uint8_t* in = src.pixel(x, y);
                for (int k = 0; k < factor; ++k) std::memcpy(first + (x * factor + k) * 3, in, 3);
            }
            for (int k = 1; k < factor; ++k) std::memcpy(first + k * rowBytes, first, rowBytes);
        }
        return dst;
    }
    for (int y = 0; y < dst.height; ++y) {
        for (int x = 0; x < dst.width; ++x) {
            std::uint8_t* out = dst.pixel(x, y);
            // Bilinear with pixel centres aligned (as in image editors' "smooth" scaling).
            const float sx = std::clamp((x + 0.5f) / factor - 0.5f, 0.0f, src.width - 1.0f);
            const float sy = std::clamp((y + 0.5f) / factor - 0.5f, 0.0f, src.height - 1.0f);
            const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
            const int x1 = std::min(x0 + 1, src.width - 1), y1 = std::min(y0 + 1, src.height - 1);
            const float fx = sx - x0, fy = sy - y0;
            for (int c = 0; c < 3; ++c) {
                const float top = src.pixel(x0, y0)[c] * (1 - fx) + src.pixel(x1, y0)[c] * fx;
                const float bottom = src.pixel(x0, y1)[c] * (1 - fx) + src.pixel(x1, y1)[c] * fx;
                out[c] = static_cast<std::uint8_t>(std::clamp(top * (1 - fy) + bottom * fy + 0.5f,
                                                              0.0f, 255.0f));
            }
        }
    }
    return dst;
}

}  // namespace latent::image
