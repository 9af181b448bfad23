#include "core/train/distributed.h"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/model/probe.h"

#if defined(LATENT_HAVE_C10D)
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace latent::train {

namespace {

// Consecutive tensors of one dtype, up to kBucketBytes (a bigger tensor is a bucket of its own).
std::vector<std::vector<torch::Tensor>> buckets(const std::vector<torch::Tensor>& tensors) {
    std::vector<std::vector<torch::Tensor>> out;
    std::int64_t bytes = 0;
    for (const torch::Tensor& t : tensors) {
        const std::int64_t size = t.numel() * static_cast<std::int64_t>(t.element_size());
        if (out.empty() || out.back().front().scalar_type() != t.scalar_type() ||
            out.back().front().device() != t.device() || bytes + size > kBucketBytes) {
            out.emplace_back();
            bytes = 0;
        }
        out.back().push_back(t);
        bytes += size;
    }
    return out;
}

torch::Tensor flatten(const std::vector<torch::Tensor>& bucket) {
    std::vector<torch::Tensor> flat;
    flat.reserve(bucket.size());
    for (const torch::Tensor& t : bucket) flat.push_back(t.reshape(-1));
    return torch::cat(flat);
}

void unflatten(const torch::Tensor& flat, const std::vector<torch::Tensor>& bucket) {
    torch::NoGradGuard noGrad;
    std::int64_t offset = 0;
    for (const torch::Tensor& t : bucket) {
        const std::int64_t n = t.numel();
        t.copy_(flat.slice(0, offset, offset + n).view_as(t));
        offset += n;
    }
}

}  // namespace

void averageOverRanks(Communicator* comm, const std::vector<torch::Tensor>& tensors) {
    if (!comm || comm->size() <= 1 || tensors.empty()) return;
    comm->allreduceSum(tensors);
    torch::NoGradGuard noGrad;
    for (const torch::Tensor& t : tensors) t.div_(comm->size());
}

#if defined(LATENT_HAVE_C10D)

namespace {

using namespace std::chrono_literals;
// How long one collective may wait for the other ranks: a rank measuring sample quality or writing
// a checkpoint keeps the others waiting for seconds. A rank that dies closes its connections and
// the others learn of it at once; this only bounds a rank that hangs.
constexpr std::chrono::milliseconds kCollectiveTimeout = 30min;

class GlooCommunicator : public Communicator {
public:
    GlooCommunicator(c10::intrusive_ptr<c10d::ProcessGroupGloo> group, const World& world)
        : m_group(std::move(group)), m_rank(world.rank), m_size(world.size),
          m_localRank(world.localRank) {}

    int rank() const override { return m_rank; }
    int size() const override { return m_size; }
    int localRank() const override { return m_localRank; }

    void broadcast(const std::vector<torch::Tensor>& tensors, int root) override {
        for (const auto& bucket : buckets(tensors)) {
            std::vector<at::Tensor> flat{flatten(bucket)};
            c10d::BroadcastOptions options;
            options.rootRank = root;
            options.timeout = kCollectiveTimeout;
            wait(flat.front(), [&] { return m_group->broadcast(flat, options); }, "broadcast");
            if (m_rank != root) unflatten(flat.front(), bucket);
        }
    }

    void allreduceSum(const std::vector<torch::Tensor>& tensors) override {
        for (const auto& bucket : buckets(tensors)) {
            std::vector<at::Tensor> flat{flatten(bucket)};
            c10d::AllreduceOptions options;
            options.timeout = kCollectiveTimeout;
            wait(flat.front(), [&] { return m_group->allreduce(flat, options); }, "allreduce");
            unflatten(flat.front(), bucket);
        }
    }

    void barrier() override {
        c10d::BarrierOptions options;
        options.timeout = kCollectiveTimeout;
        wait({}, [&] { return m_group->barrier(options); }, "barrier");
    }

    Traffic traffic() const override { return m_traffic; }

private:
    // Starts a collective and waits for it, counting its time and bytes.
    template <typename Start>
    void wait(const at::Tensor& data, const Start& start, const char* what) {
        const auto begin = std::chrono::steady_clock::now();
        try {
            start()->wait();
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string("lost contact with the other ranks during ") +
                                     what + " (" + model::conciseError(e) + ")");
        }
        m_traffic.seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        if (data.defined()) m_traffic.bytes += data.numel() * static_cast<std::int64_t>(data.element_size());
        ++m_traffic.calls;
    }

    Traffic m_traffic;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> m_group;
    int m_rank, m_size, m_localRank;
};

// Every rank adds itself to a counter in the store and waits until all have: a rank that never
// comes gives a message with the count instead of c10d's own.
Status meet(c10d::Store& store, const World& world) {
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration<double>(world.timeoutSeconds);
    std::int64_t arrived = store.add("arrived", 1);
    while (arrived < world.size) {
        if (std::chrono::steady_clock::now() > deadline) {
            return Error{"rendezvous timed out after " + std::to_string(static_cast<int>(world.timeoutSeconds)) +
                         " s: " + std::to_string(arrived) + " of " + std::to_string(world.size) +
                         " ranks arrived (start every rank; check MASTER_ADDR and MASTER_PORT)"};
        }
        std::this_thread::sleep_for(20ms);
        arrived = store.add("arrived", 0);
    }
    return success();
}

}  // namespace

bool distributedAvailable() { return true; }

Result<std::shared_ptr<Communicator>> connectWorld(const World& world) {
    const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::duration<double>(world.timeoutSeconds));
    const std::string where =
        world.storeFile.empty()
            ? world.masterAddr + ":" + std::to_string(world.masterPort)
            : world.storeFile;
    try {
        c10::intrusive_ptr<c10d::Store> store;
        if (!world.storeFile.empty()) {
            store = c10::make_intrusive<c10d::FileStore>(world.storeFile, world.size);
            store->setTimeout(timeout);
        } else {
            c10d::TCPStoreOptions options;
            options.port = static_cast<std::uint16_t>(world.masterPort);
            options.isServer = world.rank == 0 && !world.agentStore;
            options.numWorkers = static_cast<std::size_t>(world.size);
            options.waitWorkers = false;  // meet() waits, and says how many came
            options.timeout = timeout;
            store = c10::make_intrusive<c10d::TCPStore>(world.masterAddr, options);
        }
        // Our keys apart from whatever else the store holds (torchrun's agent), per restart.
        store = c10::make_intrusive<c10d::PrefixStore>(
            "latent/" + std::to_string(world.restartCount), store);
        if (auto s = meet(*store, world); !s) return Error{s.error()};
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface && *interface) {
            options->devices.push_back(
                c10d::ProcessGroupGloo::createDeviceForInterface(interface));
        } else if (world.storeFile.empty() && world.masterAddr != "127.0.0.1" &&
                   world.masterAddr != "localhost") {
            options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        } else {
            options->devices.push_back(
                c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        }
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("gloo", store);
        auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, world.rank, world.size,
                                                                 options);
        return std::shared_ptr<Communicator>(
            std::make_shared<GlooCommunicator>(std::move(group), world));
    } catch (const std::exception& e) {
        return Error{"cannot meet the other ranks at " + where + ": " + model::conciseError(e)};
    }
}

#else

bool distributedAvailable() { return false; }

Result<std::shared_ptr<Communicator>> connectWorld(const World&) {
    return Error{"this build cannot train on several processes (it was built without PyTorch's "
                 "c10d and Gloo: install libgloo-dev and rebuild)"};
}

#endif

}  // namespace latent::train
