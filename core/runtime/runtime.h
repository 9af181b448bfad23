#pragma once

#include <string>

#include "core/model/modelinfo.h"

namespace latent::runtime {

// Sets LibTorch's intra-op thread count (and keeps OpenBLAS from spawning its own threads on top,
// which oversubscribes small machines). n <= 0 means all cores. Call once at start-up, before any
// inference; affects the whole process.
void configureThreads(int n = 0);
// The most threads configureThreads should be asked for: 4 per hardware thread, at most 256 (1024
// threads on a small machine ran 931 threads and never finished). Callers refuse more.
int maxThreadCount();

// Keeps freed tensor memory in the process instead of handing it back to the system and faulting
// it in again, zeroed, for the next frame: glibc maps every allocation above its (adaptive)
// threshold afresh and trims the heap top on free, and a 256 px StyleGAN2 frame allocates tens of
// such activations. Measured 11-15% faster frames (docs/performance.md); memory stays at its peak
// instead of falling between frames. Call once at start-up. No effect on other C libraries.
void configureMemory();
int threadCount();

// Caps the calling thread's own OpenMP team at n threads (n >= 1), leaving the process-wide count
// alone. For a worker that serves interactive requests: see interactiveThreads().
void limitThisThread(int n);

// Threads for interactive rendering of a light model: all of threadCount() but one core left for
// the UI thread. On 2 cores a second OpenMP thread made a 3 ms DCGAN slider render 1.4x slower (it
// sleeps between slider events and every op pays its wake-up) while its forward gained nothing.
int interactiveThreads();
// Threads for the next interactive render after one that took `lastMs`: interactiveThreads() for
// light models, every thread once a frame takes long enough (kHeavyRenderMs) that wake-ups are
// noise and the work itself dominates (a 256 px StyleGAN2 at 1 thread is ~2x slower than at 2).
inline constexpr double kHeavyRenderMs = 25.0;
int renderThreadsAfter(double lastMs);

// Lowers the calling thread's scheduling priority (Linux: nice +10, at most 19) for work that must
// yield to an interactive thread, e.g. training beside the Explorer. Threads it starts afterwards
// (its OpenMP team) inherit it. Cannot be undone by an unprivileged process: call it on a thread
// of its own. Does nothing where threads have no priority of their own.
void lowerThisThreadsPriority();
// The calling thread's niceness (0 normal, 19 lowest).
int thisThreadsNiceness();

bool cudaAvailable();
// "cpu" or "cuda:0". Auto picks CUDA when available. Asking for CUDA without it gives "" and
// fills `error`.
std::string resolveDevice(model::DeviceKind kind, std::string* error = nullptr);

}  // namespace latent::runtime
