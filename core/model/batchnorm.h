#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace latent::model {

// Adds tensors up over the ranks of a data-parallel run, in place (train::Communicator).
using RankSum = std::function<void(const std::vector<torch::Tensor>&)>;

class SyncBatchNorm2dImpl;

}  // namespace latent::model

// BatchNormImplBase declares pretty_print and defines it only for LibTorch's own three modules.
template <>
void torch::nn::BatchNormImplBase<2, latent::model::SyncBatchNorm2dImpl>::pretty_print(
    std::ostream& stream) const;

namespace latent::model {

// BatchNorm2d that can normalise by the statistics of a data-parallel run's global batch
// (PyTorch's SyncBatchNorm, written with plain tensor ops so it runs on the CPU): with a RankSum
// set and in training mode, the per-channel sums of the forward pass and of the gradients in the
// backward pass are added up over the ranks, so the result and the running statistics do not
// depend on how the batch was split. Otherwise it is nn::BatchNorm2d: the same parameters, buffers
// and names (model files do not change), the same forward.
class SyncBatchNorm2dImpl : public torch::nn::BatchNormImplBase<2, SyncBatchNorm2dImpl> {
public:
    explicit SyncBatchNorm2dImpl(std::int64_t features)
        : SyncBatchNorm2dImpl(torch::nn::BatchNormOptions(features)) {}
    explicit SyncBatchNorm2dImpl(const torch::nn::BatchNormOptions& settings)
        : BatchNormImplBase(settings) {}

    torch::Tensor forward(const torch::Tensor& input);
    // Empty: each rank normalises by its own rows (and nothing is collective).
    void setRankSum(RankSum sum) { m_sum = std::move(sum); }
    const RankSum& rankSum() const { return m_sum; }

protected:
    void _check_input_dim(const torch::Tensor& input) override;

private:
    RankSum m_sum;
};
TORCH_MODULE(SyncBatchNorm2d);

// Sets (or, empty, clears) the RankSum of every SyncBatchNorm2d in `module`.
void setRankSum(torch::nn::Module& module, const RankSum& sum);

}  // namespace latent::model
