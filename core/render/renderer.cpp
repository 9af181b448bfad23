#include "core/render/renderer.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include <torch/torch.h>

#include "core/edit/apply.h"
#include "core/edit/editforward.h"
#include "core/model/generator.h"
#include "core/model/probe.h"
#include "core/render/tensorimage.h"
#include "core/runtime/runtime.h"

namespace latent::render {
namespace {

std::string checkRequest(const RenderRequest& request) {
    if (!request.generator) return "no model is loaded";
    const model::ModelInfo& info = request.generator->info();
    if (request.latents.empty()) return "nothing to render (no latent vectors)";
    for (const auto& z : request.latents) {
        if (static_cast<int>(z.size()) != info.latentSize) {
            return "latent vector has " + std::to_string(z.size()) + " values but " + info.name +
                   " expects " + std::to_string(info.latentSize);
        }
    }
    if (info.conditional()) {
        if (request.classes.size() != 1 && request.classes.size() != request.latents.size()) {
            return info.name + " is class-conditional: give one class, or one per image";
        }
        for (int c : request.classes) {
            if (c < 0 || c >= info.numClasses()) {
                return "class " + std::to_string(c) + " is out of range (" + info.name + " has " +
                       std::to_string(info.numClasses()) + " classes)";
            }
        }
    }
    if (Status fits = edit::checkEdits(info, request.edits, request.mix, request.wPlus); !fits)
        return fits.error();
    return {};
}

bool hasEdits(const RenderRequest& request) {
    return !request.edits.empty() || !request.mix.z.empty() || !request.wPlus.empty();
}

}  // namespace

int choosePreview(const model::ModelInfo& info, double fullFrameMs, double budgetMs) {
    const auto& sizes = info.previewResolutions;
    if (sizes.empty() || fullFrameMs <= budgetMs) return 0;
    for (std::size_t i = sizes.size(); i-- > 0;) {
        if (info.previewCosts[i] * fullFrameMs <= budgetMs) return sizes[i];
    }
    return sizes.front();
}

RenderResult render(const RenderRequest& request) {
    RenderResult result;
    result.generation = request.generation;
    const auto start = std::chrono::steady_clock::now();
    result.error = checkRequest(request);
    if (!result.error.empty()) return result;
    try {
        // Thread-local: must be created on the thread that runs inference.
        c10::InferenceMode guard;
        const int64_t n = static_cast<int64_t>(request.latents.size());
        const int64_t d = static_cast<int64_t>(request.latents.front().size());
        torch::Tensor z = torch::empty({n, d}, torch::kFloat32);
        const bool edited = hasEdits(request);
        for (int64_t i = 0; i < n; ++i) {
            const latent::Latent& plain = request.latents[static_cast<std::size_t>(i)];
            const latent::Latent zi =
                edited ? edit::applyZEdits(plain, request.edits) : latent::Latent();
            std::memcpy(z[i].data_ptr<float>(), edited ? zi.data() : plain.data(),
                        static_cast<std::size_t>(d) * sizeof(float));
        }
        torch::Tensor classes;
        if (request.generator->info().conditional()) {
            std::vector<int64_t> c(request.classes.begin(), request.classes.end());
            if (c.size() == 1) c.assign(static_cast<std::size_t>(n), c.front());
            classes = torch::tensor(c, torch::kInt64);
        }
        torch::Tensor images;
        // Class morphs draw through the class embedding, which previews do not take.
        const bool morph = std::any_of(request.edits.begin(), request.edits.end(),
                                       [](const edit::Edit& e) { return edit::isClassMorph(e.direction); });
        const auto& sizes = request.generator->info().previewResolutions;
        const int preview = !morph && std::find(sizes.begin(), sizes.end(),
                                                request.previewResolution) != sizes.end()
                                ? request.previewResolution
                                : 0;
        if (preview > 0 ||
            (edited && edit::needsEditedForward(request.edits, request.mix, request.wPlus))) {
            auto out = edit::generateEdited(*request.generator, z, classes, request.truncation,
                                            request.edits, request.mix, request.wPlus, preview);
            if (!out) {
                result.error = out.error();
                return result;
            }
            images = *out;
            result.previewResolution = preview;
        } else {
            images = request.generator->generate(z, classes, request.truncation);
        }
        result.images = toImages(images);
    } catch (const std::exception& e) {
        // One line: a TorchScript error's what() is the interpreter's whole traceback.
        result.error = "the generator failed: " + model::conciseError(e);
    } catch (...) {  // nothing may escape the worker thread
        result.error = "the generator failed (unknown error)";
    }
    result.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
}

struct RenderWorker::Lane {
    RenderPriority priority = RenderPriority::Background;
    Renderer::Callback onResult;
    std::optional<RenderRequest> pending;
    WhenSuperseded pendingRule = WhenSuperseded::Deliver;
    std::uint64_t latest = 0;                       // the newest request's generation
    const model::Generator* latestModel = nullptr;  // and its model (alive: that request holds it)
    std::uint64_t dropped = 0;
    bool drawing = false;  // its request is on the worker, callback included
    bool calling = false;  // its callback is running
    bool closed = false;   // its Renderer is gone: never call back (the worker may still hold it)
};

RenderWorker::RenderWorker() : m_thread([this] { run(); }) {}

RenderWorker::~RenderWorker() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void RenderWorker::waitIdle() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this] {
        return std::none_of(m_lanes.begin(), m_lanes.end(),
                            [](const auto& lane) { return lane->pending || lane->drawing; });
    });
}

void RenderWorker::run() {
    int threads = runtime::interactiveThreads();
    runtime::limitThisThread(threads);
    // The waiting request of the highest priority, the oldest among equals.
    auto next = [this]() -> std::shared_ptr<Lane> {
        std::shared_ptr<Lane> best;
        for (const auto& lane : m_lanes) {
            if (!lane->pending || lane->closed) continue;
            if (!best || lane->priority > best->priority ||
                (lane->priority == best->priority &&
                 lane->pending->generation < best->pending->generation)) {
                best = lane;
            }
        }
        return best;
    };
    for (;;) {
        // Shared with its Renderer: a lane closed while it is drawn stays alive until we are done.
        std::shared_ptr<Lane> lane;
        RenderRequest request;
        WhenSuperseded rule;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || (lane = next()) != nullptr; });
            if (m_stop) break;
            request = std::move(*lane->pending);
            lane->pending.reset();
            rule = lane->pendingRule;
            lane->drawing = true;
        }
        RenderResult result = render(request);
        bool deliver;
        {
            // Decided while `request` still holds its model, so the comparison cannot be fooled by
            // a new model allocated where the old one was.
            std::lock_guard<std::mutex> lock(m_mutex);
            const bool newest = result.generation == lane->latest;
            deliver = !lane->closed && lane->latestModel == request.generator.get() &&
                      (newest || rule == WhenSuperseded::Deliver);
            if (!deliver && !lane->closed) ++lane->dropped;
            lane->calling = deliver;
        }
        request = RenderRequest{};  // release the generator before a model switch completes
        if (const int n = runtime::renderThreadsAfter(result.milliseconds); n != threads) {
            threads = n;
            runtime::limitThisThread(threads);
        }
        // Unlocked: the callback may submit again. A closing Renderer waits for `calling` to clear.
        if (deliver && lane->onResult) lane->onResult(std::move(result));
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            lane->drawing = false;
            lane->calling = false;
        }
        lane.reset();
        m_idle.notify_all();
    }
    m_idle.notify_all();
}

Renderer::Renderer(Callback onResult)
    : Renderer(std::make_shared<RenderWorker>(), RenderPriority::MainView, std::move(onResult)) {}

Renderer::Renderer(std::shared_ptr<RenderWorker> worker, RenderPriority priority,
                   Callback onResult)
    : m_worker(std::move(worker)) {
    m_lane = std::make_shared<RenderWorker::Lane>();
    m_lane->priority = priority;
    m_lane->onResult = std::move(onResult);
    std::lock_guard<std::mutex> lock(m_worker->m_mutex);
    m_worker->m_lanes.push_back(m_lane);
}

Renderer::~Renderer() {
    {
        std::unique_lock<std::mutex> lock(m_worker->m_mutex);
        m_lane->closed = true;
        m_lane->pending.reset();
        // From inside our own callback (on the worker) there is nothing to wait for.
        if (std::this_thread::get_id() != m_worker->m_thread.get_id()) {
            m_worker->m_idle.wait(lock, [this] { return !m_lane->calling; });
        }
        auto& lanes = m_worker->m_lanes;
        lanes.erase(std::find(lanes.begin(), lanes.end(), m_lane));
    }
    m_worker->m_idle.notify_all();
    // The last Renderer of a worker ends it here (joining a render still running, if any).
}

std::uint64_t Renderer::submit(RenderRequest request, WhenSuperseded superseded) {
    std::uint64_t generation;
    {
        std::lock_guard<std::mutex> lock(m_worker->m_mutex);
        generation = ++m_worker->m_generations;
        request.generation = generation;
        if (m_lane->pending) ++m_lane->dropped;  // replaced: never started
        m_lane->latest = generation;
        m_lane->latestModel = request.generator.get();
        m_lane->pending = std::move(request);
        m_lane->pendingRule = superseded;
    }
    m_worker->m_wake.notify_one();
    return generation;
}

std::uint64_t Renderer::latestGeneration() const {
    std::lock_guard<std::mutex> lock(m_worker->m_mutex);
    return m_lane->latest;
}

std::uint64_t Renderer::droppedCount() const {
    std::lock_guard<std::mutex> lock(m_worker->m_mutex);
    return m_lane->dropped;
}

void Renderer::waitIdle() {
    std::unique_lock<std::mutex> lock(m_worker->m_mutex);
    m_worker->m_idle.wait(lock, [this] { return !m_lane->pending && !m_lane->drawing; });
}

}  // namespace latent::render
