#include "core/image/jpeg.h"

#ifdef LATENT_HAVE_JPEG

#include <csetjmp>
#include <cstdio>

#include <jpeglib.h>

#include "core/util/inputfile.h"

namespace latent::image {

namespace {

// libjpeg reports fatal errors through error_exit, which must not return: we longjmp back to
// readJpeg. Only plain C objects live between setjmp and longjmp, so nothing skips a destructor.
struct ErrorManager {
    jpeg_error_mgr base;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

void onError(j_common_ptr info) {
    auto* manager = reinterpret_cast<ErrorManager*>(info->err);
    (*info->err->format_message)(info, manager->message);
    std::longjmp(manager->jump, 1);
}

void onMessage(j_common_ptr, int) {}

constexpr JDIMENSION kMaxSide = 16384;

}  // namespace

bool jpegAvailable() { return true; }

Result<ImageRGB8> readJpeg(const std::string& path) {
    // fopen would block on a FIFO.
    if (Status problem = util::checkInputFile(path, "an image"); !problem)
        return Error{problem.error()};
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) return Error{path + ": cannot open"};
    jpeg_decompress_struct info{};
    ErrorManager errors{};
    info.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = onError;
    errors.base.emit_message = onMessage;
    ImageRGB8* image = new ImageRGB8();  // raw so longjmp leaks nothing that needs a destructor run
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        std::fclose(file);
        delete image;
        return Error{path + ": not a readable JPEG (" + errors.message + ")"};
    }
    jpeg_create_decompress(&info);
    jpeg_stdio_src(&info, file);
    jpeg_read_header(&info, TRUE);
    // As for PNGs: a header must not make us allocate gigabytes before its data proves them.
    if (info.image_width > kMaxSide || info.image_height > kMaxSide) {
        const std::string size =
            std::to_string(info.image_width) + " x " + std::to_string(info.image_height);
        jpeg_destroy_decompress(&info);
        std::fclose(file);
        delete image;
        return Error{path + ": image too large (" + size + " pixels; at most 16384 x 16384)"};
    }
    info.out_color_space = info.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&info);
    const int width = static_cast<int>(info.output_width);
    const int height = static_cast<int>(info.output_height);
    const int components = info.output_components;
    *image = ImageRGB8(width, height);
    // libjpeg owns the row buffer (freed by jpeg_destroy_decompress), so a longjmp cannot leak it.
    JSAMPARRAY rows = (*info.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&info), JPOOL_IMAGE,
                                                static_cast<JDIMENSION>(width * components), 1);
    while (info.output_scanline < info.output_height) {
        const int y = static_cast<int>(info.output_scanline);
        jpeg_read_scanlines(&info, rows, 1);
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = image->pixel(x, y);
            const JSAMPLE* s = rows[0] + static_cast<std::size_t>(x) * components;
            p[0] = s[0];
            p[1] = components == 3 ? s[1] : s[0];
            p[2] = components == 3 ? s[2] : s[0];
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    std::fclose(file);
    ImageRGB8 result = std::move(*image);
    delete image;
    return result;
}

}  // namespace latent::image

#else

namespace latent::image {

bool jpegAvailable() { return false; }

Result<ImageRGB8> readJpeg(const std::string& path) {
    return Error{path + ": JPEG support was not built in (libjpeg missing at build time)"};
}

}  // namespace latent::image

#endif
