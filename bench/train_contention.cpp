// How a training run beside the Explorer slows its frames, and what the run's thread count and
// priority (TrainConfig::threads, lowPriority; the Training panel's CPU row) do about it. A render
// thread draws the shipped model's frames as the Explorer does (runtime::interactiveThreads, one
// frame after another, like a slider being dragged) while a Fashion-MNIST DCGAN run trains on its
// own thread; each setting runs for the same time. Frames are asked for 30 times a second, as a
// slider drag does, for two models: the shipped one (light) and a random DCGAN-128 of base width
// 128 (heavy, written to a temporary folder). Prints the median and p90 frame time and the run's
// steps per second for each; asserts nothing (docs/performance.md quotes the figures).
//
//   build/bench/latent-train-contention [seconds per setting]   (from the repository root)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "core/latent/latent.h"
#include "core/model/loader.h"
#include "core/model/modelfile.h"
#include "core/render/renderer.h"
#include "core/runtime/runtime.h"
#include "core/train/trainer.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Setting {
    std::string name;
    bool render;
    bool train;
    int threads;
    bool lowPriority;
};

struct Figures {
    std::vector<double> frameMs;  // sorted
    double stepsPerSecond = 0.0;
};

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0.0;
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()))];
}

// Frames drawn for `seconds` on a thread of their own, as the Explorer's worker draws them during
// a drag: one asked for every 33 ms (at once after a frame that took longer), with the thread
// count the Explorer picks after each frame. Each figure is from the request (or the end of the
// frame before) to the image: the wake-up is part of what the user waits for.
std::vector<double> renderFor(const latent::model::LoadedModel& model, double seconds) {
    std::vector<double> ms;
    std::thread worker([&] {
        latent::render::RenderRequest request;
        request.generator = model.generator;
        std::uint64_t seed = 0;
        double last = 0.0;
        const auto end = Clock::now() + std::chrono::duration<double>(seconds);
        auto next = Clock::now();
        while (Clock::now() < end) {
            std::this_thread::sleep_until(next);
            // A frame longer than the event interval makes the next one wait for it, not for CPU.
            const auto asked = std::max(next, Clock::now());
            next += std::chrono::milliseconds(33);
            latent::runtime::limitThisThread(latent::runtime::renderThreadsAfter(last));
            request.latents = {latent::latent::sampleLatent(seed, model.info.latentSize)};
            if (model.info.conditional()) request.classes = {static_cast<int>(seed) % model.info.numClasses()};
            ++seed;
            const latent::render::RenderResult r = latent::render::render(request);
            if (!r.ok()) {
                std::fprintf(stderr, "latent-train-contention: %s\n", r.error.c_str());
                return;
            }
            // What the user waits: from the slider event to the frame, wake-up included.
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - asked).count());
            last = r.milliseconds;
        }
    });
    worker.join();
    std::sort(ms.begin(), ms.end());
    return ms;
}

Figures measure(const latent::model::LoadedModel& model, const Setting& s, double seconds,
                const std::filesystem::path& runs) {
    Figures f;
    if (!s.train) {
        f.frameMs = renderFor(model, seconds);
        return f;
    }
    latent::train::TrainConfig config = latent::train::defaultConfig("fashion-mnist");
    static int run = 0;
    config.runDir = (runs / (s.name + std::to_string(++run))).string();
    config.steps = 1000000;
    config.sampleEvery = 0;
    config.checkpointEvery = 0;
    config.qualityEvery = 0;
    config.threads = s.threads;
    config.lowPriority = s.lowPriority;
    latent::train::Trainer trainer(config);
    trainer.start();
    // Data loaded and a few steps in: measure the steady state, not the start-up.
    while (trainer.step() < 3 && trainer.state() != latent::train::TrainerState::Failed) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (trainer.state() == latent::train::TrainerState::Failed) {
        std::fprintf(stderr, "latent-train-contention: the run failed: %s\n", trainer.error().c_str());
        std::exit(1);
    }
    const std::int64_t from = trainer.step();
    const auto start = Clock::now();
    if (s.render) {
        f.frameMs = renderFor(model, seconds);
    } else {
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    f.stepsPerSecond = static_cast<double>(trainer.step() - from) / elapsed;
    trainer.stop();
    trainer.wait();
    return f;
}

void report(const latent::model::LoadedModel& model, double seconds,
            const std::filesystem::path& runs) {
    const int all = latent::runtime::threadCount();
    const int spare = std::max(1, all - 1);
    std::printf("%s, %d px; %d cores, %.0f s per setting\n", model.info.name.c_str(),
                model.info.resolution, all, seconds);
    const std::vector<Setting> settings = {
        {"no-training", true, false, 0, false},
        {"all-normal", true, true, all, false},
        {"all-low", true, true, all, true},
        {"spare-normal", true, true, spare, false},
        {"spare-low", true, true, spare, true},
        {"no-frames", false, true, all, false},
    };
    double idleMedian = 0.0;
    for (const Setting& s : settings) {
        const Figures f = measure(model, s, seconds, runs);
        const double median = percentile(f.frameMs, 0.5);
        if (!s.train) idleMedian = median;
        std::printf("%-13s train threads %-2d", s.name.c_str(), s.train ? s.threads : 0);
        if (s.render) {
            std::printf("  frame p50 %6.1f ms (x%.2f)  p90 %6.1f ms  %4zu frames", median,
                        idleMedian > 0 ? median / idleMedian : 0.0, percentile(f.frameMs, 0.9),
                        f.frameMs.size());
        } else {
            std::printf("  %-54s", "(no frames: the run alone)");
        }
        if (s.train) std::printf("  training %.2f steps/s", f.stepsPerSecond);
        std::printf("\n");
        std::fflush(stdout);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::max(1.0, std::atof(argv[1])) : 10.0;
    latent::runtime::configureThreads(0);
    latent::runtime::configureMemory();
    const std::filesystem::path runs =
        std::filesystem::temp_directory_path() / ("latent-contention-" + std::to_string(::getpid()));
    std::filesystem::create_directories(runs);
    latent::model::DcganConfig heavy;
    heavy.resolution = 128;
    heavy.baseWidth = 128;
    const std::string heavyPath = (runs / "dcgan128.ltm").string();
    if (auto s = latent::model::writeRandomDcgan(heavyPath, heavy, 1, "Random DCGAN-128"); !s) {
        std::fprintf(stderr, "latent-train-contention: %s\n", s.error().c_str());
        return 1;
    }
    for (const std::string& path : {std::string("resources/models/default.ltm"), heavyPath}) {
        auto loaded = latent::model::loadModel(path);
        if (!loaded) {
            std::fprintf(stderr, "latent-train-contention: %s: %s\n", path.c_str(),
                         loaded.error().c_str());
            return 1;
        }
        report(loaded.value(), seconds, runs);
    }
    std::error_code ignored;
    std::filesystem::remove_all(runs, ignored);
    return 0;
}
