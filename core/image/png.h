#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/image/image.h"
#include "core/util/result.h"

namespace latent::image {

using TextChunks = std::vector<std::pair<std::string, std::string>>;

// Writes an RGB PNG with optional tEXt/iTXt chunks. Writes to a temporary name beside `path` and
// renames, so an existing file is replaced whole or not at all. Thread-safe (no shared state).
Status writePng(const std::string& path, const ImageRGB8& image, const TextChunks& text = {});

// Reads a PNG (grey, grey+alpha, RGB, RGBA, palette; 8 or 16 bit) as RGB8. A corrupt or
// non-PNG file gives an error naming the file and the problem. Text chunks go to `text` if given.
Result<ImageRGB8> readPng(const std::string& path, TextChunks* text = nullptr);

}  // namespace latent::image
