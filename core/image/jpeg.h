#pragma once

#include <string>

#include "core/image/image.h"
#include "core/util/result.h"

namespace latent::image {

// Whether this build was linked with libjpeg (LATENT_HAVE_JPEG); without it readJpeg always fails.
bool jpegAvailable();

// Reads a baseline or progressive JPEG (grey, RGB or CMYK-less YCbCr) as RGB8. A corrupt file gives
// an error naming the file; libjpeg's warnings are silenced. Thread-safe (no shared state).
Result<ImageRGB8> readJpeg(const std::string& path);

}  // namespace latent::image
