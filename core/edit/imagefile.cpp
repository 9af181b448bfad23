// readImageFile (core/edit/projection.h): the images a user drops to be projected.
#include <array>
#include <fstream>

#include "core/edit/projection.h"
#include "core/image/jpeg.h"
#include "core/image/png.h"
#include "core/util/inputfile.h"

namespace latent::edit {

Result<image::ImageRGB8> readImageFile(const std::string& path) {
    // Missing, a folder, a FIFO (whose open would block) or a device: refused before opening.
    if (Status problem = util::checkInputFile(path, "an image"); !problem)
        return Error{problem.error()};
    std::array<unsigned char, 8> head{};
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path + ": cannot be read"};
    in.read(reinterpret_cast<char*>(head.data()), head.size());
    const auto got = in.gcount();
    if (got >= 8 && head[0] == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G')
        return image::readPng(path);
    if (got >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) {
        if (!image::jpegAvailable())
            return Error{path + ": JPEG support is not built in; convert it to PNG"};
        return image::readJpeg(path);
    }
    return Error{path + ": not a PNG or JPEG image"};
}

}  // namespace latent::edit
