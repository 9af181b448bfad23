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
    return edit::checkEdits(info, request.edits, request.mix, request.wPlus);
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

Renderer::Renderer(Callback onResult) : m_onResult(std::move(onResult)) {
    m_thread = std::thread([this] { run(); });
}

Renderer::~Renderer() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        m_pending.reset();
    }
    m_wake.notify_all();
    m_thread.join();
}

std::uint64_t Renderer::submit(RenderRequest request) {
    std::uint64_t generation;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        generation = ++m_latest;
        request.generation = generation;
        if (m_pending) ++m_dropped;  // coalesced: never started
        m_pending = std::move(request);
    }
    m_wake.notify_one();
    return generation;
}

std::uint64_t Renderer::latestGeneration() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_latest;
}

std::uint64_t Renderer::droppedCount() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_dropped;
}

void Renderer::waitIdle() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this] { return m_stop || (!m_busy && !m_pending); });
}

void Renderer::run() {
    int threads = runtime::interactiveThreads();
    runtime::limitThisThread(threads);
    for (;;) {
        RenderRequest request;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || m_pending.has_value(); });
            if (m_stop) break;
            request = std::move(*m_pending);
            m_pending.reset();
            m_busy = true;
        }
        RenderResult result = render(request);
        request = RenderRequest{};  // release the generator before a model switch completes
        if (const int next = runtime::renderThreadsAfter(result.milliseconds); next != threads) {
            threads = next;
            runtime::limitThisThread(threads);
        }
        bool stale;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            stale = result.generation < m_latest;
            if (stale) ++m_dropped;
        }
        if (!stale && m_onResult) m_onResult(std::move(result));
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_busy = false;
        }
        m_idle.notify_all();
    }
    m_idle.notify_all();
}

}  // namespace latent::render
