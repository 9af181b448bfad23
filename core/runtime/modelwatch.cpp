#include "core/runtime/modelwatch.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

namespace latent::runtime {

namespace {

using Clock = std::chrono::steady_clock;

struct Call {
    std::string path;
    std::string method;
    double limit = 0.0;
    Clock::time_point started;
    bool reported = false;
};

// One monitor thread for the process, started by the first limit that is set. It lives until the
// process ends (detached): it holds nothing that needs cleaning up.
struct Monitor {
    std::mutex mutex;
    std::condition_variable wake;
    std::map<std::uint64_t, Call> calls;
    std::uint64_t nextId = 1;
    double limit = 0.0;
    StuckHandler handler;
    bool running = false;

    void run() {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            wake.wait_for(lock, std::chrono::milliseconds(200));
            const auto now = Clock::now();
            for (auto& [id, call] : calls) {
                const double elapsed = std::chrono::duration<double>(now - call.started).count();
                if (call.reported || call.limit <= 0.0 || elapsed < call.limit) continue;
                call.reported = true;
                const StuckHandler report = handler;
                const std::string message = stuckMessage(call.path, call.method, call.limit);
                lock.unlock();
                if (report) report(message);
                lock.lock();
                break;  // the map may have changed meanwhile: look again on the next round
            }
        }
    }
};

Monitor& monitor() {
    static Monitor* m = new Monitor;  // never destroyed: the detached thread may outlive main
    return *m;
}

}  // namespace

std::string stuckMessage(const std::string& path, const std::string& method, double seconds) {
    std::ostringstream out;
    out << path << (path.empty() ? "" : ": ") << "model did not finish a forward pass in " << seconds
        << " s (" << method
        << "); it may never finish (a loop that does not end?). Set LATENT_MODEL_TIMEOUT to allow "
           "longer";
    return out.str();
}

void setModelCallLimit(double seconds, StuckHandler handler) {
    Monitor& m = monitor();
    std::lock_guard<std::mutex> lock(m.mutex);
    m.limit = seconds > 0.0 ? seconds : 0.0;
    m.handler = std::move(handler);
    if (m.limit > 0.0 && !m.running) {
        m.running = true;
        std::thread([&m] { m.run(); }).detach();
    }
}

double modelCallLimit() {
    Monitor& m = monitor();
    std::lock_guard<std::mutex> lock(m.mutex);
    return m.limit;
}

double modelCallLimitFromEnvironment(double fallback, std::string* warning) {
    const char* text = std::getenv("LATENT_MODEL_TIMEOUT");
    if (text == nullptr || *text == '\0') return fallback;
    char* end = nullptr;
    const double seconds = std::strtod(text, &end);
    if (end == text || *end != '\0' || !(seconds >= 0.0) || seconds > 1e7) {
        if (warning != nullptr) {
            *warning = std::string("LATENT_MODEL_TIMEOUT=") + text +
                       " is not a number of seconds (0 for no limit); using the default";
        }
        return fallback;
    }
    return seconds;
}

ModelCallWatch::ModelCallWatch(std::string path, std::string method, std::int64_t batch) {
    Monitor& m = monitor();
    std::lock_guard<std::mutex> lock(m.mutex);
    if (m.limit <= 0.0) return;
    m_id = m.nextId++;
    const double scale = std::max(1.0, static_cast<double>(batch) / 8.0);
    m.calls.emplace(m_id, Call{std::move(path), std::move(method), m.limit * scale, Clock::now(),
                               false});
}

ModelCallWatch::~ModelCallWatch() {
    if (m_id == 0) return;
    Monitor& m = monitor();
    std::lock_guard<std::mutex> lock(m.mutex);
    m.calls.erase(m_id);
}

std::uint64_t physicalMemory() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0) return 0;
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(pageSize);
}

bool limitAddressSpace(std::uint64_t bytes, std::string* error) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_AS, &limit) != 0) {
        if (error != nullptr) *error = "cannot read the address-space limit";
        return false;
    }
    rlim_t wanted = static_cast<rlim_t>(bytes);
    if (limit.rlim_max != RLIM_INFINITY && wanted > limit.rlim_max) wanted = limit.rlim_max;
    limit.rlim_cur = wanted;
    if (::setrlimit(RLIMIT_AS, &limit) != 0) {
        if (error != nullptr) *error = "cannot set the address-space limit";
        return false;
    }
    return true;
}

void exitWithin(double seconds, int code) {
    std::thread([seconds, code] {
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
        std::_Exit(code);
    }).detach();
}

}  // namespace latent::runtime
