#include "core/train/world.h"

#include <cerrno>
#include <cstdlib>

namespace latent::train {

namespace {

// A whole decimal number in [lo, hi], or an Error naming the variable.
Result<long long> integer(const char* name, const char* text, long long lo, long long hi) {
    const std::string value = text;
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || errno == ERANGE || n < lo || n > hi) {
        return Error{std::string(name) + " must be between " + std::to_string(lo) + " and " +
                     std::to_string(hi) + " (got '" + value + "')"};
    }
    return n;
}

}  // namespace

GetEnv processEnvironment() {
    return [](const char* name) { return std::getenv(name); };
}

Result<World> worldFromEnvironment(const GetEnv& getenv) {
    World w;
    const char* size = getenv("WORLD_SIZE");
    if (!size) return w;
    constexpr long long kMostRanks = 65536;
    auto n = integer("WORLD_SIZE", size, 1, kMostRanks);
    if (!n) return Error{n.error()};
    w.size = static_cast<int>(*n);
    const char* rank = getenv("RANK");
    if (!rank) return Error{"WORLD_SIZE is set but RANK is not (start the ranks with torchrun)"};
    auto r = integer("RANK", rank, 0, w.size - 1);
    if (!r) return Error{r.error()};
    w.rank = static_cast<int>(*r);
    w.localRank = w.rank;
    w.localSize = w.size;
    if (const char* local = getenv("LOCAL_WORLD_SIZE")) {
        auto v = integer("LOCAL_WORLD_SIZE", local, 1, w.size);
        if (!v) return Error{v.error()};
        w.localSize = static_cast<int>(*v);
    }
    if (const char* local = getenv("LOCAL_RANK")) {
        auto v = integer("LOCAL_RANK", local, 0, w.localSize - 1);
        if (!v) return Error{v.error()};
        w.localRank = static_cast<int>(*v);
    } else if (w.localSize != w.size) {
        return Error{"LOCAL_WORLD_SIZE is set but LOCAL_RANK is not"};
    }
    if (const char* addr = getenv("MASTER_ADDR")) {
        w.masterAddr = addr;
        if (w.masterAddr.empty()) return Error{"MASTER_ADDR is empty"};
    }
    if (const char* port = getenv("MASTER_PORT")) {
        auto v = integer("MASTER_PORT", port, 1, 65535);
        if (!v) return Error{v.error()};
        w.masterPort = static_cast<int>(*v);
    }
    if (const char* file = getenv("LATENT_STORE_FILE")) w.storeFile = file;
    if (const char* agent = getenv("TORCHELASTIC_USE_AGENT_STORE"))
        w.agentStore = std::string(agent) == "True" || std::string(agent) == "1";
    if (const char* restarts = getenv("TORCHELASTIC_RESTART_COUNT")) {
        auto v = integer("TORCHELASTIC_RESTART_COUNT", restarts, 0, 1000000);
        if (!v) return Error{v.error()};
        w.restartCount = static_cast<int>(*v);
    }
    if (const char* timeout = getenv("LATENT_RENDEZVOUS_TIMEOUT")) {
        auto v = integer("LATENT_RENDEZVOUS_TIMEOUT", timeout, 1, 86400);
        if (!v) return Error{v.error()};
        w.timeoutSeconds = static_cast<double>(*v);
    }
    return w;
}

std::string rankName(const World& world) {
    if (!world.distributed()) return "";
    return "rank " + std::to_string(world.rank) + " of " + std::to_string(world.size);
}

}  // namespace latent::train
