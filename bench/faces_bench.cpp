// How long renderFaces (core/train/faces.h) takes to draw a training batch: 64 faces at 32, 64
// and 128 px on one LibTorch thread (or the count given), after a warm-up batch, with the heap
// configured as the app and `latent` configure it (runtime::configureMemory). Each resolution
// draws the same faces `rounds` times; prints the median and the fastest batch in ms, wall clock
// and this thread's CPU time (the two differ when other processes share the cores). Asserts
// nothing; docs/faces.md quotes the figures.
//
//   build/bench/latent-faces-bench [threads] [rounds]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "core/runtime/runtime.h"
#include "core/train/faces.h"

namespace {

double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1;
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 30;
    latent::runtime::configureThreads(threads);
    latent::runtime::configureMemory();  // as the app and `latent` do
    constexpr int kBatch = 64;
    const auto faces = latent::train::faceAttributesRange(0, kBatch);
    std::printf("renderFaces, %d faces a batch, %d thread%s, %d rounds\n", kBatch, threads,
                threads == 1 ? "" : "s", rounds);
    for (int resolution : {32, 64, 128}) {
        latent::train::renderFaces(faces, resolution);  // warm-up: first-touch pages, thread pool
        std::vector<double> wall, cpu;
        for (int i = 0; i < rounds; ++i) {
            const double cpu0 = threadCpuMs();
            const auto t0 = std::chrono::steady_clock::now();
            latent::train::renderFaces(faces, resolution);
            wall.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
            cpu.push_back(threadCpuMs() - cpu0);
        }
        std::printf(
            "%4d px: median %6.1f ms (fastest %6.1f), thread CPU median %6.1f ms; %6.0f faces/s\n",
            resolution, median(wall), *std::min_element(wall.begin(), wall.end()), median(cpu),
            kBatch * 1000.0 / median(wall));
    }
    return 0;
}
