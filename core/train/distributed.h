#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/train/world.h"
#include "core/util/result.h"

namespace latent::train {

// The ranks of a data-parallel run, as the training engine needs them: PyTorch's c10d process
// group (Gloo on the CPU) behind a small interface, so the engine never sees c10d and the calls
// used are those LibTorch 1.13 (ProcessGroup) and 2.x (Backend) have in common. All calls are
// collective: every rank makes the same calls in the same order. A rank that died or stopped
// answering makes them throw (std::runtime_error naming what happened), never hang for good.
class Communicator {
public:
    virtual ~Communicator() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    // This rank's index among the ranks of its machine (LOCAL_RANK): which GPU it trains on.
    virtual int localRank() const { return rank(); }
    // In place: rank `root`'s values in every rank's tensors.
    virtual void broadcast(const std::vector<torch::Tensor>& tensors, int root = 0) = 0;
    // In place: the sum over the ranks. The tensors are flattened into buckets (up to
    // kBucketBytes, one dtype each) and each bucket is one allreduce.
    virtual void allreduceSum(const std::vector<torch::Tensor>& tensors) = 0;
    virtual void barrier() = 0;

    // Time spent in collectives so far (sending, receiving and waiting for slower ranks) and the
    // bytes this rank put into them: for the run's summary and bench/distributed_peer.py.
    struct Traffic {
        double seconds = 0;
        std::int64_t bytes = 0;
        std::int64_t calls = 0;
    };
    virtual Traffic traffic() const { return {}; }
};

inline constexpr std::int64_t kBucketBytes = std::int64_t{25} << 20;

// Meets the other ranks of `world` (rank 0 hosts the TCP store, or all meet through
// world.storeFile) and returns the group. An Error says what went wrong in one line, e.g. that
// the rendezvous timed out and how to check it. Never throws.
Result<std::shared_ptr<Communicator>> connectWorld(const World& world);

// The mean over the ranks of each tensor, in place (allreduceSum, then / size). Nothing for one
// rank or no communicator.
void averageOverRanks(Communicator* comm, const std::vector<torch::Tensor>& tensors);

}  // namespace latent::train
