// InterruptGuard (common.h): Ctrl-C as a flag the CLI's long commands poll.
#include <csignal>

#include "app/cli/common.h"

namespace latent::cli {

namespace {
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the SIGINT handler needs a lock-free flag");
extern "C" void onInterrupt(int) { g_interrupted = true; }
}  // namespace

InterruptGuard::InterruptGuard() {
    g_interrupted = false;
    m_previous = std::signal(SIGINT, onInterrupt);
}

InterruptGuard::~InterruptGuard() { std::signal(SIGINT, m_previous); }

const std::atomic<bool>* InterruptGuard::flag() { return &g_interrupted; }

}  // namespace latent::cli
