#include "core/runtime/runtime.h"

#include <dlfcn.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <atomic>
#include <thread>

#include <torch/torch.h>

namespace latent::runtime {
namespace {

// OpenBLAS (pthread build) starts one thread per core of its own. Under LibTorch's OpenMP threads
// that oversubscribes a small machine; a batch-1 forward got 3x slower with both at 2 threads.
// Looked up at run time so core does not link OpenBLAS directly (another BLAS is fine too).
void limitBlasThreads(int n) {
    using SetThreads = void (*)(int);
    if (auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
        fn(n);
    }
}

// The process-wide count configureThreads() set; 0 before it ran. torch::get_num_threads() answers
// for the calling thread, which limitThisThread() may have capped.
std::atomic<int> g_configuredThreads{0};

}  // namespace

void limitThisThread(int n) {
    // LibTorch applies the process-wide count to a thread lazily, on its first query or parallel
    // op; trigger that now so it cannot undo the cap below.
    (void)at::get_num_threads();
    using SetThreads = void (*)(int);
    // Looked up at run time: OpenMP comes with LibTorch's build (libgomp here), not with ours.
    if (auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"))) {
        fn(std::max(1, n));
    }
}

int interactiveThreads() {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, std::min(threadCount(), cores - 1));
}

void configureMemory() {
#if defined(__GLIBC__)
    constexpr int kOneGiB = 1 << 30;
    mallopt(M_MMAP_THRESHOLD, kOneGiB);  // only allocations above 1 GiB get their own mapping
    mallopt(M_TRIM_THRESHOLD, kOneGiB);  // keep up to 1 GiB of free heap for the next frame
#endif
}

int renderThreadsAfter(double lastMs) {
    return lastMs > kHeavyRenderMs ? threadCount() : interactiveThreads();
}

int maxThreadCount() {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::min(256, 4 * cores);
}

void configureThreads(int n) {
    if (n <= 0) {
        n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }
    torch::set_num_threads(n);
    g_configuredThreads = n;
    // LibTorch parallelises across ops itself; BLAS calls inside one op stay single-threaded.
    limitBlasThreads(1);
}

int threadCount() {
    const int configured = g_configuredThreads;
    return configured > 0 ? configured : torch::get_num_threads();
}

namespace {
// Linux keeps a nice value per thread: PRIO_PROCESS with a thread id addresses that thread only.
id_t thisThreadId() { return static_cast<id_t>(syscall(SYS_gettid)); }
}  // namespace

int thisThreadsNiceness() {
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, thisThreadId());
    return errno == 0 ? nice : 0;
}

void lowerThisThreadsPriority() {
    constexpr int kLower = 10;
    (void)setpriority(PRIO_PROCESS, thisThreadId(), std::min(19, thisThreadsNiceness() + kLower));
}

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string resolveDevice(model::DeviceKind kind, std::string* error) {
    switch (kind) {
        case model::DeviceKind::Cpu:
            return "cpu";
        case model::DeviceKind::Cuda:
            if (cudaAvailable()) return "cuda:0";
            if (error) {
                *error = "CUDA was requested but no CUDA GPU is available "
                         "(this LibTorch build or machine has none); use --device cpu";
            }
            return "";
        case model::DeviceKind::Auto:
            break;
    }
    return cudaAvailable() ? "cuda:0" : "cpu";
}

}  // namespace latent::runtime
