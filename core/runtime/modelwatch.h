#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace latent::runtime {

// A watch on calls into a model's own code (a TorchScript archive's forward, mapping, …), which
// may never return: LibTorch cannot interrupt a running TorchScript call. Each call holds a
// ModelCallWatch; a monitor thread notices a call that has run longer than the limit and calls
// the handler once for it, on the monitor thread. What the handler does is the caller's choice:
// the CLI prints one line and exits, the app tells the user and leaves the stuck thread behind.
// No torch here. All thread-safe.

// The message for a call to `method` of the model at `path` that ran past `seconds`:
// "PATH: model did not finish a forward pass in N s (METHOD); …".
std::string stuckMessage(const std::string& path, const std::string& method, double seconds);

using StuckHandler = std::function<void(const std::string& message)>;

// Sets the limit for one call (seconds; <= 0 turns the watch off) and the handler. A call of a
// batch of N images may take max(1, N / 8) times the limit.
void setModelCallLimit(double seconds, StuckHandler handler);
double modelCallLimit();

// The limit from the environment variable LATENT_MODEL_TIMEOUT (seconds; 0 = none), else
// `fallback`. A bad value is ignored with `*warning` set.
double modelCallLimitFromEnvironment(double fallback, std::string* warning = nullptr);

// Calls the handler with stuckMessage(...) if still alive past the limit. Cheap when the watch is
// off; costs a mutex and a map insert otherwise (nothing next to a forward pass).
class ModelCallWatch {
public:
    ModelCallWatch(std::string path, std::string method, std::int64_t batch = 1);
    ~ModelCallWatch();
    ModelCallWatch(const ModelCallWatch&) = delete;
    ModelCallWatch& operator=(const ModelCallWatch&) = delete;

private:
    std::uint64_t m_id = 0;
};

// Physical memory of the machine in bytes (0 when unknown).
std::uint64_t physicalMemory();

// Caps the address space this process may use from now on at `bytes` (its soft RLIMIT_AS), so an
// allocation past it fails (std::bad_alloc) instead of exhausting the machine. For a child process
// that only checks a model on the CPU: CUDA reserves far more address space than it uses, and so
// does AddressSanitizer, so neither can run under it. false with `*error` when it cannot be set.
bool limitAddressSpace(std::uint64_t bytes, std::string* error);

// Ends the process with `code` if it is still alive `seconds` after this call, whatever its
// threads are doing (a model call that never returns keeps the process up otherwise). For
// quitting the app: call when the event loop ends; a clean exit simply happens first.
void exitWithin(double seconds, int code = 0);

}  // namespace latent::runtime
