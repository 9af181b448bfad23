// Animated GIF through libavfilter's palettegen/paletteuse and libavcodec's GIF encoder.
#include "core/export/framesink.h"

#ifdef LATENT_HAVE_FFMPEG
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
}

#include "core/export/libav.h"

namespace latent::export_ {
namespace {

// One graph: split the clip, palettegen over every frame on one branch, paletteuse on the other.
// paletteuse waits for the palette, which palettegen emits at end of stream, so the graph itself
// buffers the frames (the two-pass method without rendering twice).
constexpr const char* kGraph =
    "split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=sierra2_4a";

class GifSink final : public FrameSink {
public:
    explicit GifSink(int expectedFrames) : m_expectedFrames(expectedFrames) {}
    ~GifSink() override {
        avfilter_graph_free(&m_graph);
        av_frame_free(&m_frame);
        av_frame_free(&m_filtered);
        av_packet_free(&m_packet);
        avcodec_free_context(&m_codec);
        if (m_format) {
            if (m_format->pb) avio_closep(&m_format->pb);
            avformat_free_context(m_format);
        }
    }

    Status open(const std::string& path, int width, int height, double fps) override {
        quietLibav();
        const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
        if (!codec) return Error{"this FFmpeg has no GIF encoder"};
        m_width = width;
        m_height = height;
        const double bytes = 3.0 * width * height * std::max(1, m_expectedFrames);
        if (bytes > static_cast<double>(kGifMemoryLimit)) {
            char why[256];
            std::snprintf(
                why, sizeof why,
                "a GIF of %d frames at %dx%d would hold %.1f GB in memory while its palette "
                "is made (limit 1 GB): use fewer frames, a smaller scale, or MP4/PNG frames",
                m_expectedFrames, width, height, bytes / 1e9);
            return Error{why};
        }
        const AVRational rate = av_d2q(fps, 100000);
        m_timeBase = av_inv_q(rate);
        const int centis = static_cast<int>(std::lround(100.0 / fps));
        if (centis < 2 || std::abs(100.0 / fps - centis) > 1e-6) {
            // GIF frame delays are whole hundredths of a second, and viewers treat 0 or 1 as slow.
            char note[128];
            std::snprintf(note, sizeof note,
                          "GIF frame delays are whole 1/100 s: %g fps plays at about %g fps", fps,
                          100.0 / std::max(centis, 2));
            m_notes.push_back(note);
        }
        if (Status s = buildGraph(); !s) return s;
        int rc = avformat_alloc_output_context2(&m_format, nullptr, "gif", path.c_str());
        if (rc < 0 || !m_format) return Error{"cannot start a GIF: " + avError(rc)};
        m_stream = avformat_new_stream(m_format, nullptr);
        m_codec = avcodec_alloc_context3(codec);
        if (!m_stream || !m_codec) return Error{"out of memory starting the GIF"};
        m_codec->width = width;
        m_codec->height = height;
        m_codec->pix_fmt = AV_PIX_FMT_PAL8;
        m_codec->time_base = m_timeBase;
        m_codec->framerate = rate;
        if ((rc = avcodec_open2(m_codec, codec, nullptr)) < 0)
            return Error{"cannot open the GIF encoder: " + avError(rc)};
        avcodec_parameters_from_context(m_stream->codecpar, m_codec);
        m_stream->time_base = m_timeBase;
        m_stream->avg_frame_rate = rate;
        if ((rc = avio_open(&m_format->pb, path.c_str(), AVIO_FLAG_WRITE)) < 0)
            return Error{"cannot write " + path + ": " + avError(rc)};
        if ((rc = avformat_write_header(m_format, nullptr)) < 0)
            return Error{"cannot write the GIF header: " + avError(rc)};
        m_frame = av_frame_alloc();
        m_filtered = av_frame_alloc();
        m_packet = av_packet_alloc();
        if (!m_frame || !m_filtered || !m_packet) return Error{"out of memory starting the GIF"};
        return success();
    }

    Status write(const image::ImageRGB8& img) override {
        if (img.width != m_width || img.height != m_height)
            return Error{"frame size changed mid-video"};
        av_frame_unref(m_frame);
        m_frame->format = AV_PIX_FMT_RGB24;
        m_frame->width = m_width;
        m_frame->height = m_height;
        int rc = av_frame_get_buffer(m_frame, 0);
        if (rc < 0) return Error{"out of memory: " + avError(rc)};
        const std::size_t row = static_cast<std::size_t>(m_width) * 3;
        for (int y = 0; y < m_height; ++y)
            std::memcpy(m_frame->data[0] + static_cast<std::size_t>(y) * m_frame->linesize[0],
                        img.pixel(0, y), row);
        m_frame->pts = m_next++;
        if ((rc = av_buffersrc_add_frame(m_source, m_frame)) < 0)
            return Error{"GIF palette filter failed: " + avError(rc)};
        return drain();
    }

    Status finish() override {
        int rc = av_buffersrc_add_frame(m_source, nullptr);
        if (rc < 0) return Error{"GIF palette filter failed: " + avError(rc)};
        if (Status s = drain(); !s) return s;
        if (Status s = encode(nullptr); !s) return s;
        if ((rc = av_write_trailer(m_format)) < 0)
            return Error{"cannot finish the GIF: " + avError(rc)};
        if (avio_closep(&m_format->pb) < 0) return Error{"cannot close the GIF file"};
        return success();
    }

private:
    Status buildGraph() {
        m_graph = avfilter_graph_alloc();
        if (!m_graph) return Error{"out of memory starting the GIF"};
        m_graph->nb_threads = 1;
        const std::string args = "video_size=" + std::to_string(m_width) + "x" +
                                 std::to_string(m_height) +
                                 ":pix_fmt=" + std::to_string(AV_PIX_FMT_RGB24) +
                                 ":time_base=" + std::to_string(m_timeBase.num) + "/" +
                                 std::to_string(m_timeBase.den) + ":pixel_aspect=1/1";
        int rc = avfilter_graph_create_filter(&m_source, avfilter_get_by_name("buffer"), "in",
                                              args.c_str(), nullptr, m_graph);
        if (rc < 0) return Error{"cannot start the GIF palette filter: " + avError(rc)};
        rc = avfilter_graph_create_filter(&m_sink, avfilter_get_by_name("buffersink"), "out",
                                          nullptr, nullptr, m_graph);
        if (rc < 0) return Error{"cannot start the GIF palette filter: " + avError(rc)};
        AVFilterInOut* outputs = avfilter_inout_alloc();
        AVFilterInOut* inputs = avfilter_inout_alloc();
        outputs->name = av_strdup("in");
        outputs->filter_ctx = m_source;
        inputs->name = av_strdup("out");
        inputs->filter_ctx = m_sink;
        rc = avfilter_graph_parse_ptr(m_graph, kGraph, &inputs, &outputs, nullptr);
        avfilter_inout_free(&inputs);
        avfilter_inout_free(&outputs);
        if (rc < 0) return Error{"this FFmpeg lacks palettegen/paletteuse: " + avError(rc)};
        if ((rc = avfilter_graph_config(m_graph, nullptr)) < 0)
            return Error{"cannot set up the GIF palette filter: " + avError(rc)};
        return success();
    }

    // Encodes whatever paletteuse has ready (nothing until the palette exists, at end of stream).
    Status drain() {
        int rc;
        while ((rc = av_buffersink_get_frame(m_sink, m_filtered)) >= 0) {
            Status s = encode(m_filtered);
            av_frame_unref(m_filtered);
            if (!s) return s;
        }
        if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF)
            return Error{"GIF palette filter failed: " + avError(rc)};
        return success();
    }

    Status encode(AVFrame* frame) {
        int rc = avcodec_send_frame(m_codec, frame);
        if (rc < 0) return Error{"GIF encoding failed: " + avError(rc)};
        while ((rc = avcodec_receive_packet(m_codec, m_packet)) >= 0) {
            m_packet->duration = 1;
            av_packet_rescale_ts(m_packet, m_timeBase, m_stream->time_base);
            m_packet->stream_index = m_stream->index;
            if ((rc = av_interleaved_write_frame(m_format, m_packet)) < 0)
                return Error{"cannot write the GIF: " + avError(rc)};
        }
        if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF)
            return Error{"GIF encoding failed: " + avError(rc)};
        return success();
    }

    int m_expectedFrames;
    int m_width = 0, m_height = 0;
    AVRational m_timeBase{1, 25};
    std::int64_t m_next = 0;
    AVFilterGraph* m_graph = nullptr;
    AVFilterContext* m_source = nullptr;  // owned by m_graph
    AVFilterContext* m_sink = nullptr;    // owned by m_graph
    AVFormatContext* m_format = nullptr;
    AVStream* m_stream = nullptr;  // owned by m_format
    AVCodecContext* m_codec = nullptr;
    AVFrame* m_frame = nullptr;     // RGB24 input
    AVFrame* m_filtered = nullptr;  // PAL8 from paletteuse
    AVPacket* m_packet = nullptr;
};

}  // namespace

std::unique_ptr<FrameSink> makeGifSink(int expectedFrames) {
    return std::make_unique<GifSink>(expectedFrames);
}

}  // namespace latent::export_

#endif  // LATENT_HAVE_FFMPEG (mp4sink.cpp has the stand-ins otherwise)
