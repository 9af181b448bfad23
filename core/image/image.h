#pragma once

#include <cstdint>
#include <vector>

namespace latent::image {

// An 8-bit RGB picture, rows top to bottom, 3 bytes per pixel, no padding. A value type: safe to
// copy and move across threads.
struct ImageRGB8 {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // width * height * 3

    ImageRGB8() = default;
    ImageRGB8(int w, int h) : width(w), height(h), pixels(static_cast<std::size_t>(w) * h * 3, 0) {}

    bool empty() const { return width <= 0 || height <= 0; }
    std::uint8_t* pixel(int x, int y) { return &pixels[(static_cast<std::size_t>(y) * width + x) * 3]; }
    const std::uint8_t* pixel(int x, int y) const {
        return &pixels[(static_cast<std::size_t>(y) * width + x) * 3];
    }
    bool operator==(const ImageRGB8& o) const {
        return width == o.width && height == o.height && pixels == o.pixels;
    }
    bool operator!=(const ImageRGB8& o) const { return !(*this == o); }
};

// Lays images out left to right, top to bottom, `cols` per row, with `padding` pixels of
// `background` grey between and around them. All images must share one size; empty input gives an
// empty image.
ImageRGB8 makeGrid(const std::vector<ImageRGB8>& images, int cols, int padding = 2,
                   std::uint8_t background = 32);

// Nearest-neighbour (smooth = false) or bilinear (smooth = true) resize by an integer factor >= 1.
ImageRGB8 upscale(const ImageRGB8& src, int factor, bool smooth);

}  // namespace latent::image
