#pragma once

// Core-internal helpers for the FFmpeg-backed files (compiled with LATENT_HAVE_FFMPEG only).
#include <string>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

namespace latent::export_ {

inline std::string avError(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {0};
    av_strerror(code, text, sizeof text);
    return text;
}

// FFmpeg logs encoder statistics at "info" level to stderr; we report problems ourselves.
inline void quietLibav() {
    if (av_log_get_level() == AV_LOG_INFO) av_log_set_level(AV_LOG_ERROR);
}

}  // namespace latent::export_
