#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/edit/edit.h"
#include "core/image/image.h"
#include "core/latent/latent.h"
#include "core/model/modelinfo.h"

namespace latent::model {
class Generator;
}

namespace latent::render {

// Everything needed to draw one or more frames: plain values plus the (immutable) generator.
struct RenderRequest {
    std::shared_ptr<const model::Generator> generator;
    std::vector<latent::Latent> latents;  // one per image, each of the model's latent size
    std::vector<int> classes;             // one per image for conditional models, else empty
    float truncation = 1.0f;              // psi
    // Semantic edits, applied to every latent in order: Z edits to z (before truncation), W/WPlus
    // edits to w after the mapping (and after the truncation trick). Empty: a plain render.
    std::vector<edit::Edit> edits;
    // Style mixing for style-based models; mix.z empty: none.
    edit::StyleMix mix;
    // Style-based models: a W+ latent (numWs x wSize floats, row-major) that replaces mapping(z)
    // for every image, e.g. the result of projecting a real image; empty: map the latents.
    latent::Latent wPlus;
    // > 0 while a slider is dragged: draw the model's cheaper preview of this size (one of
    // ModelInfo::previewResolutions, see choosePreview), scaled up to the full size. 0, or a size
    // the model does not offer: the full frame.
    int previewResolution = 0;
    std::uint64_t generation = 0;         // stamped by Renderer::submit
};

struct RenderResult {
    std::uint64_t generation = 0;
    std::vector<image::ImageRGB8> images;  // one per latent, RGB8 (grey models replicated)
    double milliseconds = 0.0;             // generator forward plus conversion
    int previewResolution = 0;             // > 0: the images are a preview drawn at this size
    std::string error;                     // empty on success

    bool ok() const { return error.empty(); }
};

// How long a drag may wait for a frame before a preview is worth its loss of detail.
inline constexpr double kPreviewBudgetMs = 100.0;

// The preview size for a drag on `info`'s model when its full frame takes `fullFrameMs`: 0 when
// full frames fit the budget (or the model has no previews), else the largest offered size whose
// estimated time (its cost share of the full frame) fits, else the smallest. Pure.
int choosePreview(const model::ModelInfo& info, double fullFrameMs,
                  double budgetMs = kPreviewBudgetMs);

// Synchronous render on the calling thread (under InferenceMode). Never throws: LibTorch errors and
// bad requests (wrong latent size, class out of range, no generator) come back in result.error.
RenderResult render(const RenderRequest& request);

// Converts an N x C x H x W float tensor in [-1, 1] to RGB8 images. Core-internal helper exposed for
// the CLI and export; declared in core/render/tensorimage.h.

// How a caller wants the result of a request that is already being drawn when it submits a newer
// one. The worker cannot stop a forward pass half-way, so the question is only whether its frame
// is still worth showing.
enum class WhenSuperseded {
    Deliver,  // show it: while a slider is dragged, every finished frame is a frame on the way
    Drop,     // discard it: only the newest request's result matters (e.g. an exact snapshot)
};

// Which waiting request a shared worker draws first: higher first, then the oldest.
enum class RenderPriority : int {
    Background = 0,  // training samples
    Library = 1,     // bookmark and keyframe thumbnails, attribute samples
    Thumbnails = 2,  // the seed grid beside the main view
    Playback = 3,    // keyframe path playback
    MainView = 4,    // the frame being dragged
};

// One render thread, shared by any number of Renderers (its lanes). Cheap to hold: it is owned
// through shared_ptr by the Renderers that use it and ends (joining its thread) with the last one.
// A worker serves one request at a time, so lanes that must never wait for each other (the main
// view and a batch of thumbnails) belong on different workers.
class RenderWorker {
public:
    RenderWorker();
    ~RenderWorker();
    RenderWorker(const RenderWorker&) = delete;
    RenderWorker& operator=(const RenderWorker&) = delete;

    // Blocks until no lane has a request waiting or being drawn (tests, CLI; never the UI).
    void waitIdle();

private:
    friend class Renderer;
    struct Lane;
    void run();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::vector<std::shared_ptr<Lane>> m_lanes;  // open lanes (closed ones leave at once)
    std::uint64_t m_generations = 0;  // stamps requests of all lanes, so they order globally
    bool m_stop = false;
    std::thread m_thread;
};

// A lane of a RenderWorker: the rule the StyleGAN3 visualizer uses. submit() never blocks on a
// render: the newer request replaces the one still waiting (counted in droppedCount()), and the
// one already being drawn is still delivered, so a slider dragged faster than the generator runs
// shows a frame per render instead of none. It is not delivered when the newest request is for
// another model (its frame would belong to the model the user just left) or when its request
// asked for WhenSuperseded::Drop. The callback runs on the worker thread, in generation order;
// the newest request's result is always delivered.
class Renderer {
public:
    using Callback = std::function<void(RenderResult)>;

    // A lane on a worker of its own (the CLI, tests).
    explicit Renderer(Callback onResult);
    // A lane on a shared worker.
    Renderer(std::shared_ptr<RenderWorker> worker, RenderPriority priority, Callback onResult);
    // Discards the waiting request and never calls back again; waits only for a callback already
    // running (never for a render), so it is cheap on the UI thread.
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    std::uint64_t submit(RenderRequest request, WhenSuperseded superseded = WhenSuperseded::Deliver);
    std::uint64_t latestGeneration() const;
    // Requests replaced before they started plus results not delivered (superseded).
    std::uint64_t droppedCount() const;
    // Blocks until this lane has nothing waiting or being drawn (tests and the CLI; never the UI).
    void waitIdle();

private:
    std::shared_ptr<RenderWorker> m_worker;
    std::shared_ptr<RenderWorker::Lane> m_lane;  // shared with the worker while it draws for us
};

}  // namespace latent::render
