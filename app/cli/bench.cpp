// `latent bench`: generator forward time and slider-to-image latency through the Renderer.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iomanip>
#include <mutex>
#include <ostream>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "app/cli/cli.h"
#include "app/cli/common.h"
#include "core/edit/edit.h"
#include "core/latent/latent.h"
#include "core/model/generator.h"
#include "core/render/renderer.h"
#include "core/runtime/runtime.h"

namespace latent::cli {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const std::size_t i =
        static_cast<std::size_t>(std::lround(p * static_cast<double>(v.size() - 1)));
    return v[i];
}

// Median wall time of `generate` on a seeded batch, after warm-up, synchronised on CUDA.
double forwardMs(const model::Generator& g, int batch, int iterations) {
    c10::InferenceMode guard;
    const model::ModelInfo& info = g.info();
    torch::Tensor z = torch::empty({batch, info.latentSize});
    for (int i = 0; i < batch; ++i) {
        const auto v = latent::sampleLatent(static_cast<std::uint64_t>(i), info.latentSize);
        std::copy(v.begin(), v.end(), z[i].data_ptr<float>());
    }
    torch::Tensor classes;
    if (info.conditional()) classes = torch::arange(batch, torch::kInt64) % info.numClasses();
    const bool cuda = g.device().is_cuda();
    auto once = [&] {
        torch::Tensor out = g.generate(z, classes, 1.0f);
        if (cuda) out = out.cpu();  // waits for the GPU
    };
    for (int i = 0; i < 3; ++i) once();
    std::vector<double> times;
    for (int i = 0; i < iterations; ++i) {
        const auto start = Clock::now();
        once();
        times.push_back(msSince(start));
    }
    return percentile(times, 0.5);
}

// Ten Z-space directions (seeded unit vectors, sigma 1) held at 0.5, as when a user has dialled in
// several edits; the bench drags the first one.
std::vector<edit::Edit> tenEdits(int latentSize) {
    std::vector<edit::Edit> edits(10);
    for (std::size_t k = 0; k < edits.size(); ++k) {
        latent::Latent v = latent::sampleLatent(1000 + k, latentSize);
        const float n = latent::norm(v);
        for (float& x : v) x /= n;
        edits[k].direction.name = "bench " + std::to_string(k);
        edits[k].direction.method = "user";
        edits[k].direction.vector = std::move(v);
        edits[k].amount = 0.5f;
    }
    return edits;
}

std::string joinSizes(const std::vector<int>& sizes) {
    std::string text;
    for (int s : sizes) text += (text.empty() ? "" : ", ") + std::to_string(s);
    return text;
}

struct SliderTimes {
    std::vector<double> plain;   // a slider on one coordinate of z
    std::vector<double> edited;   // a slider on one of ten composed Z directions
    std::vector<double> preview;  // the plain slider drawn as a drag preview (models with one)
    int previewResolution = 0;    // the preview size those steps drew
};

// Simulates slider drags: each step moves the slider, submits, and waits for the frame. Plain,
// edited and (for models with a preview) preview steps alternate so all meet the same machine
// load, and their ratios are the cost of edits and the gain of the preview.
SliderTimes renderLatencies(const model::LoadedModel& m, int steps, int forcedPreview,
                            double fullFrameMs) {
    std::mutex mutex;
    std::condition_variable done;
    std::uint64_t delivered = 0;
    Clock::time_point deliveredAt;
    render::Renderer renderer([&](const render::RenderResult& r) {
        std::lock_guard<std::mutex> lock(mutex);
        delivered = r.generation;
        deliveredAt = Clock::now();
        done.notify_one();
    });
    render::RenderRequest plain;
    plain.generator = m.generator;
    plain.latents = {latent::sampleLatent(1, m.info.latentSize)};
    if (m.info.conditional()) plain.classes = {0};
    render::RenderRequest edited = plain;
    edited.edits = tenEdits(m.info.latentSize);
    // The preview the app would pick for this machine (or the one asked for).
    render::RenderRequest preview = plain;
    preview.previewResolution =
        forcedPreview > 0 ? forcedPreview : render::choosePreview(m.info, fullFrameMs);
    const bool hasPreview = preview.previewResolution > 0;
    auto step = [&](const render::RenderRequest& request) {
        const auto start = Clock::now();
        const std::uint64_t generation = renderer.submit(request);
        std::unique_lock<std::mutex> lock(mutex);
        done.wait(lock, [&] { return delivered >= generation; });
        return std::chrono::duration<double, std::milli>(deliveredAt - start).count();
    };
    SliderTimes times;
    times.previewResolution = preview.previewResolution;
    for (int i = -3; i < steps; ++i) {
        const float slider =
            -3.0f + 6.0f * static_cast<float>(i + 3) / static_cast<float>(steps + 3);
        plain.latents[0][0] = slider;
        preview.latents[0][0] = slider;
        edited.edits[0].amount = slider;
        const double p = step(plain);
        const double e = step(edited);
        const double v = hasPreview ? step(preview) : 0.0;
        if (i >= 0) {
            times.plain.push_back(p);
            times.edited.push_back(e);
            if (hasPreview) times.preview.push_back(v);
        }
    }
    return times;
}

}  // namespace

int commandBench(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv, {"device", "threads", "iterations", "batch", "preview"}, {"json"});
    args.expectPositionals(1, "latent bench MODEL [--json]");
    const int iterations = static_cast<int>(args.integer("iterations", 50, 1, 100000));
    const model::LoadedModel loaded = openModel(args);
    const model::Generator& g = *loaded.generator;
    const double b1 = forwardMs(g, 1, iterations);
    const int batch = static_cast<int>(args.integer("batch", 64, 2, 4096));
    const double bN = forwardMs(g, batch, std::max(3, iterations / 10)) / batch;
    const int forcedPreview = static_cast<int>(args.integer("preview", 0, 0, 1 << 20));
    const auto& sizes = loaded.info.previewResolutions;
    if (forcedPreview > 0 && std::find(sizes.begin(), sizes.end(), forcedPreview) == sizes.end()) {
        throw UsageError{"--preview " + std::to_string(forcedPreview) + ": " + loaded.info.name +
                         (sizes.empty() ? " has no previews"
                                        : " offers previews of " + joinSizes(sizes) + " px")};
    }
    const SliderTimes latency = renderLatencies(loaded, iterations, forcedPreview, b1);
    const double median = percentile(latency.plain, 0.5);
    const double p95 = percentile(latency.plain, 0.95);
    const double editedMedian = percentile(latency.edited, 0.5);
    const double editedP95 = percentile(latency.edited, 0.95);

    const bool hasPreview = !latency.preview.empty();
    const double previewMedian = hasPreview ? percentile(latency.preview, 0.5) : 0.0;
    const double previewP95 = hasPreview ? percentile(latency.preview, 0.95) : 0.0;

    if (args.flag("json")) {
        nlohmann::json j{{"model", loaded.info.name},
                         {"device", loaded.info.device},
                         {"threads", runtime::threadCount()},
                         {"iterations", iterations},
                         {"batch", batch},
                         {"forward_ms_b1", b1},
                         {"forward_ms_batch_per_image", bN},
                         {"render_latency_ms_median", median},
                         {"render_latency_ms_p95", p95},
                         {"render_latency_ms_median_10_edits", editedMedian},
                         {"render_latency_ms_p95_10_edits", editedP95},
                         {"edits_latency_ratio", editedMedian / median}};
        if (hasPreview) {
            j["preview_resolution"] = latency.previewResolution;
            j["render_latency_ms_median_preview"] = previewMedian;
            j["render_latency_ms_p95_preview"] = previewP95;
        }
        out << j.dump() << "\n";
        return 0;
    }
    out << std::fixed << std::setprecision(3);
    out << "model:                     " << loaded.info.name << " (" << loaded.info.resolution
        << "px, " << loaded.info.device << ", " << runtime::threadCount() << " threads)\n";
    out << "forward, batch 1:          " << b1 << " ms/image\n";
    out << "forward, batch " << std::left << std::setw(11) << (std::to_string(batch) + ":")
        << std::right << bN << " ms/image\n";
    out << "slider-to-image (median):  " << median << " ms  (" << std::setprecision(2)
        << median / b1 << "x the bare forward)\n"
        << std::setprecision(3);
    out << "slider-to-image (p95):     " << p95 << " ms\n";
    out << "slider step, 10 edits:     " << editedMedian << " ms median, " << editedP95
        << " ms p95  (" << std::setprecision(2) << editedMedian / median
        << "x the plain slider step)\n";
    if (hasPreview) {
        out << std::setprecision(3) << "slider step, drag preview: " << previewMedian
            << " ms median, " << previewP95 << " ms p95  (" << latency.previewResolution
            << " px; " << std::setprecision(2) << previewMedian / median
            << "x the full frame)\n";
    }
    return 0;
}

}  // namespace latent::cli
