#include "core/image/png.h"

#include <png.h>
#include <sys/stat.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>

#include "core/util/atomicfile.h"

namespace latent::image {
namespace {

// 16384 x 16384, the per-side limit below: 805 MB as RGB8.
constexpr std::uint64_t kMaxPngPixels = std::uint64_t{1} << 28;

struct PngMessage {
    char text[256] = {0};
};

// libpng reports errors through longjmp; we record the message first so the caller can name it.
void onPngError(png_structp png, png_const_charp message) {
    auto* msg = static_cast<PngMessage*>(png_get_error_ptr(png));
    if (msg) std::snprintf(msg->text, sizeof msg->text, "%s", message);
    png_longjmp(png, 1);
}
void onPngWarning(png_structp, png_const_charp) {}

struct FileCloser {
    FILE* f;
    ~FileCloser() {
        if (f) std::fclose(f);
    }
    // Closes now: false when the close fails (the last buffered bytes could not be written).
    bool close() {
        FILE* file = f;
        f = nullptr;
        return std::fclose(file) == 0;
    }
};

// Everything libpng touches lives behind references owned by the caller, so nothing with a
// destructor is skipped or left indeterminate by a longjmp out of here.
std::vector<png_text> textChunks(const TextChunks& text) {
    std::vector<png_text> chunks(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::memset(&chunks[i], 0, sizeof(png_text));
        // iTXt keeps UTF-8 and lifts tEXt's Latin-1 limit on the value.
        chunks[i].compression = PNG_ITXT_COMPRESSION_NONE;
        chunks[i].key = const_cast<char*>(text[i].first.c_str());
        chunks[i].text = const_cast<char*>(text[i].second.c_str());
        chunks[i].itxt_length = text[i].second.size();
    }
    return chunks;
}

bool encode(FILE* f, const ImageRGB8& img, std::vector<png_text>& chunks, PngMessage& msg) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &msg, onPngError, onPngWarning);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, static_cast<png_uint_32>(img.width), static_cast<png_uint_32>(img.height),
                 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (!chunks.empty()) png_set_text(png, info, chunks.data(), static_cast<int>(chunks.size()));
    png_write_info(png, info);
    for (int y = 0; y < img.height; ++y) {
        png_write_row(png, const_cast<png_bytep>(img.pixel(0, y)));
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return true;
}

// Deflate expands at most ~1032:1, so a file of `fileSize` bytes cannot hold more than about
// 1032 x fileSize bytes of rows: a header declaring more is lying (or the file is truncated), and
// is refused before the pixels are allocated. The slack covers interlacing's extra filter bytes.
bool plausibleSize(std::uint64_t width, std::uint64_t height, std::uint64_t rowBytes,
                   std::uint64_t fileSize) {
    if (width * height > kMaxPngPixels) return false;
    const std::uint64_t raw = height * (rowBytes + 1);
    return raw <= 1100 * fileSize + (std::uint64_t{1} << 16);
}

bool decode(FILE* f, std::uint64_t fileSize, ImageRGB8& img, TextChunks* text, PngMessage& msg) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &msg, onPngError, onPngWarning);
    if (!png) return false;
    // libpng treats an oversized text chunk as a "benign" error: it warns, then allocates and
    // clears the length the chunk declares (822 MB for a 94-byte file) before we see any size.
    // As errors they end the read at once.
    png_set_benign_errors(png, 0);
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    png_init_io(png, f);
    png_set_sig_bytes(png, 8);
    // Refuse absurd sizes before allocating (a corrupt header must not exhaust memory).
    png_set_user_limits(png, 16384, 16384);
    png_read_info(png, info);
    if (!plausibleSize(png_get_image_width(png, info), png_get_image_height(png, info),
                       png_get_rowbytes(png, info), fileSize)) {
        std::snprintf(msg.text, sizeof msg.text,
                      "declares %u x %u pixels, more than a file of %llu bytes can hold",
                      static_cast<unsigned>(png_get_image_width(png, info)),
                      static_cast<unsigned>(png_get_image_height(png, info)),
                      static_cast<unsigned long long>(fileSize));
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_strip_alpha(png);
    png_set_gray_to_rgb(png);
    png_read_update_info(png, info);
    const int w = static_cast<int>(png_get_image_width(png, info));
    const int h = static_cast<int>(png_get_image_height(png, info));
    if (png_get_rowbytes(png, info) != static_cast<std::size_t>(w) * 3) {
        std::snprintf(msg.text, sizeof msg.text, "unsupported pixel layout");
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    img = ImageRGB8(w, h);
    for (int y = 0; y < h; ++y) png_read_row(png, img.pixel(0, y), nullptr);
    png_read_end(png, info);
    if (text) {
        png_textp chunks = nullptr;
        const int n = png_get_text(png, info, &chunks, nullptr);
        for (int i = 0; i < n; ++i) {
            const std::size_t len =
                chunks[i].compression > 0 ? chunks[i].itxt_length : chunks[i].text_length;
            text->emplace_back(chunks[i].key, std::string(chunks[i].text, len));
        }
    }
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

}  // namespace

Status writePng(const std::string& path, const ImageRGB8& image, const TextChunks& text) {
    if (image.empty() || image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
        return Error{path + ": nothing to save (empty image)"};
    }
    util::AtomicFile out(path);
    PngMessage msg;
    std::vector<png_text> chunks = textChunks(text);
    {
        FileCloser f{std::fopen(out.tempPath().c_str(), "wb")};
        if (!f.f) return Error{path + ": cannot write: " + util::errnoMessage(errno)};
        if (!encode(f.f, image, chunks, msg)) return Error{path + ": PNG encoding failed: " + msg.text};
        if (std::fflush(f.f) != 0 || std::ferror(f.f) || !f.close()) {
            return Error{path + ": write failed: " + util::errnoMessage(errno)};
        }
    }
    std::string err;
    if (!out.commit(&err)) return Error{path + ": " + err};
    return success();
}

Result<ImageRGB8> readPng(const std::string& path, TextChunks* text) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return Error{path + ": " + util::errnoMessage(errno)};
    if (!S_ISREG(st.st_mode))
        return Error{path + ": not a regular file (a pipe, socket or device cannot be an image)"};
    FileCloser f{std::fopen(path.c_str(), "rb")};
    if (!f.f) return Error{path + ": cannot open: " + util::errnoMessage(errno)};
    unsigned char sig[8] = {0};
    if (std::fread(sig, 1, 8, f.f) != 8 || png_sig_cmp(sig, 0, 8) != 0) {
        return Error{path + ": not a PNG image"};
    }
    ImageRGB8 img;
    PngMessage msg;
    if (!decode(f.f, static_cast<std::uint64_t>(st.st_size), img, text, msg)) {
        return Error{path + ": corrupt PNG (" + std::string(msg.text[0] ? msg.text : "unknown error") + ")"};
    }
    return img;
}

}  // namespace latent::image
