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

// One worker thread; newest request wins. submit() never blocks on a render: it replaces any pending
// request and returns its generation stamp. The callback runs on the worker thread with results in
// generation order; a result whose generation is older than the newest submitted one is dropped
// (counted in droppedCount()), so a dragged slider never shows a stale frame after a newer one.
// The destructor cancels the pending request and joins the worker.
class Renderer {
public:
    using Callback = std::function<void(RenderResult)>;

    explicit Renderer(Callback onResult);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    std::uint64_t submit(RenderRequest request);
    std::uint64_t latestGeneration() const;
    // Requests replaced before they started plus results dropped as stale.
    std::uint64_t droppedCount() const;
    // Blocks until the worker is idle with nothing pending (tests and the CLI only; never the UI).
    void waitIdle();

private:
    void run();

    Callback m_onResult;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::optional<RenderRequest> m_pending;
    std::uint64_t m_latest = 0;
    std::uint64_t m_dropped = 0;
    bool m_busy = false;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace latent::render
