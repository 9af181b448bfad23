#include "core/export/videoprobe.h"

#ifdef LATENT_HAVE_FFMPEG
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
}

#include "core/export/libav.h"
#else
#include "core/export/framesink.h"
#endif

namespace latent::export_ {

#ifdef LATENT_HAVE_FFMPEG

bool videoExportAvailable() { return true; }

Result<VideoProbe> probeVideo(const std::string& path) {
    quietLibav();
    AVFormatContext* format = nullptr;
    int rc = avformat_open_input(&format, path.c_str(), nullptr, nullptr);
    if (rc < 0) return Error{path + ": " + avError(rc)};
    AVCodecContext* codec = nullptr;
    AVPacket* packet = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    auto cleanup = [&] {
        av_frame_free(&frame);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
        avformat_close_input(&format);
    };
    VideoProbe probe;
    std::string problem;
    const int index = avformat_find_stream_info(format, nullptr) < 0
                          ? -1
                          : av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    const AVCodec* decoder = nullptr;
    if (index < 0) {
        problem = "no video stream";
    } else {
        const AVStream* st = format->streams[index];
        probe.codec = avcodec_get_name(st->codecpar->codec_id);
        probe.width = st->codecpar->width;
        probe.height = st->codecpar->height;
        const AVRational rate = st->avg_frame_rate.num ? st->avg_frame_rate : st->r_frame_rate;
        probe.fps = rate.den ? av_q2d(rate) : 0.0;
        decoder = avcodec_find_decoder(st->codecpar->codec_id);
        codec = decoder ? avcodec_alloc_context3(decoder) : nullptr;
        if (!codec || avcodec_parameters_to_context(codec, st->codecpar) < 0 ||
            avcodec_open2(codec, decoder, nullptr) < 0)
            problem = "cannot decode " + probe.codec;
    }
    auto receive = [&] {
        while (avcodec_receive_frame(codec, frame) >= 0) {
            ++probe.frames;
            probe.pixelFormat = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format));
            av_frame_unref(frame);
        }
    };
    while (problem.empty() && av_read_frame(format, packet) >= 0) {
        if (packet->stream_index == index && avcodec_send_packet(codec, packet) >= 0) receive();
        av_packet_unref(packet);
    }
    if (problem.empty() && avcodec_send_packet(codec, nullptr) >= 0) receive();
    cleanup();
    if (!problem.empty()) return Error{path + ": " + problem};
    return probe;
}

#else

bool videoExportAvailable() { return false; }
Result<VideoProbe> probeVideo(const std::string&) { return Error{kNoFfmpeg}; }

#endif

}  // namespace latent::export_
