#pragma once

#include <torch/torch.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "core/train/dataset.h"

namespace latent::train {

// Which rows form global batch k. Epoch e = k / batchesPerEpoch() is a permutation drawn from a CPU
// generator seeded with mixSeed(seed, e); an epoch's last partial batch is dropped. Batch k is a
// pure function of (seed, k), which is what makes resuming exact: the cursor is just k.
// Not thread-safe (caches the current epoch's permutation); one owner at a time.
class BatchOrder {
public:
    BatchOrder(std::int64_t datasetSize, std::int64_t batchSize, std::uint64_t seed);

    std::int64_t batchesPerEpoch() const { return m_batchesPerEpoch; }
    std::int64_t epochOf(std::int64_t batch) const { return batch / m_batchesPerEpoch; }
    torch::Tensor indices(std::int64_t batch);  // batchSize int64 row indices

private:
    std::int64_t m_size;
    std::int64_t m_batchSize;
    std::uint64_t m_seed;
    std::int64_t m_batchesPerEpoch;
    std::int64_t m_cachedEpoch = -1;
    torch::Tensor m_permutation;  // m_size int64, the cached epoch's order
};

struct Batch {
    std::int64_t index = 0;  // global batch number
    torch::Tensor data;      // B x C x R x R float32 in [-1, 1] (toy: B x 2), CPU
    torch::Tensor labels;    // B int64, CPU
};

// The rows [begin, end) of each global batch a process takes: all of them, or a rank's share of a
// data-parallel run.
struct BatchSlice {
    std::int64_t begin = 0;
    std::int64_t end = -1;  // -1: to the end of the batch
};

// Prepares batches first, first + 1, ... on its own thread, at most `depth` ahead of the consumer
// (a bounded queue), so decoding and resizing overlap the training step. next() hands them out in
// order. Destruction (or stop()) wakes and joins the worker within one batch. With a slice, only
// those rows of each global batch are read (Batch::data holds end - begin rows).
class BatchPrefetcher {
public:
    BatchPrefetcher(std::shared_ptr<const Dataset> dataset, std::int64_t batchSize,
                    std::uint64_t seed, std::int64_t firstBatch, int depth = 4,
                    BatchSlice slice = {});
    ~BatchPrefetcher();
    BatchPrefetcher(const BatchPrefetcher&) = delete;
    BatchPrefetcher& operator=(const BatchPrefetcher&) = delete;

    // Blocks until the next batch is ready. Rethrows (as c10::Error / std::exception) what the
    // worker threw. Call from one thread only.
    Batch next();
    void stop();

private:
    void run(std::int64_t firstBatch);

    std::shared_ptr<const Dataset> m_dataset;
    BatchOrder m_order;  // used by the worker thread only
    BatchSlice m_slice;
    std::size_t m_depth;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Batch> m_queue;
    std::exception_ptr m_failure;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace latent::train
