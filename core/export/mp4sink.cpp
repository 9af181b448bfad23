// H.264/MP4 through libavcodec + libavformat. Built without FFmpeg, the sink only says so.
#include "core/export/framesink.h"

#ifdef LATENT_HAVE_FFMPEG
#include <cstring>
#include <utility>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include "core/export/libav.h"
#endif

namespace latent::export_ {

#ifdef LATENT_HAVE_FFMPEG
namespace {

class Mp4Sink final : public FrameSink {
public:
    Mp4Sink(int crf, std::string preset) : m_crf(crf), m_preset(std::move(preset)) {}
    ~Mp4Sink() override {
        sws_freeContext(m_sws);
        av_frame_free(&m_frame);
        av_packet_free(&m_packet);
        avcodec_free_context(&m_codec);
        if (m_format) {
            if (m_format->pb) avio_closep(&m_format->pb);
            avformat_free_context(m_format);
        }
    }

    Status open(const std::string& path, int width, int height, double fps) override {
        quietLibav();
        const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
        if (!codec) codec = avcodec_find_encoder_by_name("libopenh264");
        if (!codec)
            return Error{
                "this FFmpeg has no H.264 encoder (libx264 or libopenh264); export a GIF or PNGs"};
        m_width = width;
        m_height = height;
        // yuv420p halves chroma in both directions, so H.264 wants even sizes: pad by repeating
        // the last column/row rather than scaling, which would blur every pixel.
        m_encWidth = width + (width & 1);
        m_encHeight = height + (height & 1);
        if (m_encWidth != width || m_encHeight != height) {
            m_notes.push_back("padded " + std::to_string(width) + "x" + std::to_string(height) +
                              " to " + std::to_string(m_encWidth) + "x" +
                              std::to_string(m_encHeight) + " (H.264 needs even sizes)");
        }
        int rc = avformat_alloc_output_context2(&m_format, nullptr, "mp4", path.c_str());
        if (rc < 0 || !m_format) return Error{"cannot start an MP4: " + avError(rc)};
        m_stream = avformat_new_stream(m_format, nullptr);
        m_codec = avcodec_alloc_context3(codec);
        if (!m_stream || !m_codec) return Error{"out of memory starting the MP4"};
        const AVRational rate = av_d2q(fps, 100000);
        m_codec->width = m_encWidth;
        m_codec->height = m_encHeight;
        m_codec->pix_fmt = AV_PIX_FMT_YUV420P;
        m_codec->time_base = av_inv_q(rate);
        m_codec->framerate = rate;
        m_codec->gop_size = 250;
        // One encoder thread: the other core renders the next frames (export.cpp's pipeline).
        m_codec->thread_count = 1;
        if (m_format->oformat->flags & AVFMT_GLOBALHEADER)
            m_codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (std::strcmp(codec->name, "libx264") == 0) {
            av_opt_set_int(m_codec->priv_data, "crf", m_crf, 0);
            if (av_opt_set(m_codec->priv_data, "preset", m_preset.c_str(), 0) < 0)
                return Error{"unknown x264 preset '" + m_preset + "' (ultrafast … veryslow)"};
        } else {
            m_notes.push_back(std::string("encoded with ") + codec->name +
                              " (no libx264): --crf ignored");
        }
        if ((rc = avcodec_open2(m_codec, codec, nullptr)) < 0)
            return Error{std::string("cannot open the ") + codec->name +
                         " encoder: " + avError(rc)};
        avcodec_parameters_from_context(m_stream->codecpar, m_codec);
        m_stream->time_base = m_codec->time_base;
        m_stream->avg_frame_rate = rate;
        if ((rc = avio_open(&m_format->pb, path.c_str(), AVIO_FLAG_WRITE)) < 0)
            return Error{"cannot write " + path + ": " + avError(rc)};
        if ((rc = avformat_write_header(m_format, nullptr)) < 0)
            return Error{"cannot write the MP4 header: " + avError(rc)};
        m_frame = av_frame_alloc();
        m_packet = av_packet_alloc();
        if (!m_frame || !m_packet) return Error{"out of memory starting the MP4"};
        m_frame->format = AV_PIX_FMT_YUV420P;
        m_frame->width = m_encWidth;
        m_frame->height = m_encHeight;
        if ((rc = av_frame_get_buffer(m_frame, 0)) < 0)
            return Error{"out of memory: " + avError(rc)};
        m_sws = sws_getContext(m_encWidth, m_encHeight, AV_PIX_FMT_RGB24, m_encWidth, m_encHeight,
                               AV_PIX_FMT_YUV420P, SWS_BICUBIC | SWS_ACCURATE_RND, nullptr, nullptr,
                               nullptr);
        if (!m_sws) return Error{"cannot convert RGB to yuv420p"};
        m_rgb.resize(static_cast<std::size_t>(m_encWidth) * m_encHeight * 3);
        return success();
    }

    Status write(const image::ImageRGB8& img) override {
        if (img.width != m_width || img.height != m_height)
            return Error{"frame size changed mid-video"};
        const std::size_t inRow = static_cast<std::size_t>(m_width) * 3;
        const std::size_t outRow = static_cast<std::size_t>(m_encWidth) * 3;
        for (int y = 0; y < m_encHeight; ++y) {
            std::uint8_t* dst = &m_rgb[y * outRow];
            std::memcpy(dst, img.pixel(0, std::min(y, m_height - 1)), inRow);
            if (m_encWidth != m_width) std::memcpy(dst + inRow, dst + inRow - 3, 3);
        }
        int rc = av_frame_make_writable(m_frame);
        if (rc < 0) return Error{"out of memory: " + avError(rc)};
        const std::uint8_t* src[1] = {m_rgb.data()};
        const int stride[1] = {static_cast<int>(outRow)};
        sws_scale(m_sws, src, stride, 0, m_encHeight, m_frame->data, m_frame->linesize);
        m_frame->pts = m_next++;
        return encode(m_frame);
    }

    Status finish() override {
        if (Status s = encode(nullptr); !s) return s;
        const int rc = av_write_trailer(m_format);
        if (rc < 0) return Error{"cannot finish the MP4: " + avError(rc)};
        if ((avio_closep(&m_format->pb)) < 0) return Error{"cannot close the MP4 file"};
        return success();
    }

private:
    Status encode(AVFrame* frame) {
        int rc = avcodec_send_frame(m_codec, frame);
        if (rc < 0) return Error{"H.264 encoding failed: " + avError(rc)};
        while ((rc = avcodec_receive_packet(m_codec, m_packet)) >= 0) {
            av_packet_rescale_ts(m_packet, m_codec->time_base, m_stream->time_base);
            m_packet->stream_index = m_stream->index;
            rc = av_interleaved_write_frame(m_format, m_packet);
            if (rc < 0) return Error{"cannot write the MP4: " + avError(rc)};
        }
        if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF)
            return Error{"H.264 encoding failed: " + avError(rc)};
        return success();
    }

    int m_crf;
    std::string m_preset;
    int m_width = 0, m_height = 0, m_encWidth = 0, m_encHeight = 0;
    std::int64_t m_next = 0;
    AVFormatContext* m_format = nullptr;
    AVStream* m_stream = nullptr;  // owned by m_format
    AVCodecContext* m_codec = nullptr;
    AVFrame* m_frame = nullptr;  // yuv420p, m_encWidth x m_encHeight
    AVPacket* m_packet = nullptr;
    SwsContext* m_sws = nullptr;
    std::vector<std::uint8_t> m_rgb;  // the frame padded to even size, RGB24
};

}  // namespace

std::unique_ptr<FrameSink> makeMp4Sink(int crf, const std::string& preset) {
    return std::make_unique<Mp4Sink>(crf, preset);
}

#else

namespace {
class NoFfmpegSink final : public FrameSink {
public:
    Status open(const std::string&, int, int, double) override { return Error{kNoFfmpeg}; }
    Status write(const image::ImageRGB8&) override { return Error{kNoFfmpeg}; }
    Status finish() override { return Error{kNoFfmpeg}; }
};
}  // namespace

std::unique_ptr<FrameSink> makeMp4Sink(int, const std::string&) {
    return std::make_unique<NoFfmpegSink>();
}
std::unique_ptr<FrameSink> makeGifSink(int) { return std::make_unique<NoFfmpegSink>(); }

#endif

}  // namespace latent::export_
