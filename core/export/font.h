#pragma once

#include <cstdint>
#include <string>

#include "core/image/image.h"

namespace latent::export_ {

// A built-in 5x7 pixel font for grid labels: digits, A-Z (lower case drawn as upper case), space
// and . , : ; - _ + = / ( ) # % ! ? ' " < > *. Other characters draw as a box.
inline constexpr int kGlyphWidth = 5;
inline constexpr int kGlyphHeight = 7;
inline constexpr int kGlyphAdvance = kGlyphWidth + 1;

// Width in pixels of `text` at `scale` (no trailing gap).
int textWidth(const std::string& text, int scale = 1);

// Draws `text` with its top-left corner at (x, y), clipped to the image. Thread-safe.
void drawText(image::ImageRGB8& img, int x, int y, const std::string& text, int scale = 1,
              std::uint8_t grey = 230);

}  // namespace latent::export_
