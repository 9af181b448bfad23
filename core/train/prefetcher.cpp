#include "core/train/prefetcher.h"

#include <ATen/CPUGeneratorImpl.h>

#include "core/latent/latent.h"
#include "core/runtime/runtime.h"

namespace latent::train {

BatchOrder::BatchOrder(std::int64_t datasetSize, std::int64_t batchSize, std::uint64_t seed)
    : m_size(datasetSize),
      m_batchSize(batchSize),
      m_seed(seed),
      m_batchesPerEpoch(batchSize > 0 ? datasetSize / batchSize : 0) {
    TORCH_CHECK(m_batchesPerEpoch > 0, "the dataset has fewer items (", datasetSize,
                ") than the batch size (", batchSize, ")");
}

torch::Tensor BatchOrder::indices(std::int64_t batch) {
    const std::int64_t epoch = epochOf(batch);
    if (epoch != m_cachedEpoch) {
        at::Generator gen = at::detail::createCPUGenerator(
            latent::mixSeed(m_seed, static_cast<std::uint64_t>(epoch)));
        m_permutation = torch::randperm(m_size, gen, torch::TensorOptions().dtype(torch::kLong));
        m_cachedEpoch = epoch;
    }
    return m_permutation.narrow(0, (batch % m_batchesPerEpoch) * m_batchSize, m_batchSize);
}

BatchPrefetcher::BatchPrefetcher(std::shared_ptr<const Dataset> dataset, std::int64_t batchSize,
                                 std::uint64_t seed, std::int64_t firstBatch, int depth,
                                 BatchSlice slice)
    : m_dataset(std::move(dataset)),
      m_order(m_dataset->size(), batchSize, seed),
      m_slice{slice.begin, slice.end < 0 ? batchSize : slice.end},
      m_depth(static_cast<std::size_t>(std::max(1, depth))) {
    m_thread = std::thread([this, firstBatch] { run(firstBatch); });
}

BatchPrefetcher::~BatchPrefetcher() { stop(); }

void BatchPrefetcher::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void BatchPrefetcher::run(std::int64_t firstBatch) {
    // A batch is a few small ops: keep them on this thread. A second OpenMP team here (the copy to
    // float alone crosses LibTorch's grain size) makes libgomp count more threads than cores, and
    // then every team, the training thread's included, spins only ~100 iterations before sleeping
    // on a futex between ops. At --threads 2 on 2 cores that made `latent train` 0.77x the same
    // loop in Python (bench/train_peer.py), with 10x the voluntary context switches.
    runtime::limitThisThread(1);
    try {
        for (std::int64_t k = firstBatch;; ++k) {
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_changed.wait(lock, [&] { return m_stop || m_queue.size() < m_depth; });
                if (m_stop) return;
            }
            Batch batch;
            batch.index = k;
            const torch::Tensor rows =
                m_order.indices(k).slice(0, m_slice.begin, m_slice.end);
            batch.data = makeBatch(*m_dataset, rows);
            batch.labels = m_dataset->labels.index_select(0, rows);
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_queue.push_back(std::move(batch));
            }
            m_changed.notify_all();
        }
    } catch (...) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_failure = std::current_exception();
        }
        m_changed.notify_all();
    }
}

Batch BatchPrefetcher::next() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_queue.empty() || m_failure || m_stop; });
    if (!m_queue.empty()) {
        Batch batch = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        m_changed.notify_all();
        return batch;
    }
    if (m_failure) std::rethrow_exception(m_failure);
    TORCH_CHECK(false, "batch prefetcher was stopped");
}

}  // namespace latent::train
