#include "core/model/batchnorm.h"

#include <ostream>

template <>
void torch::nn::BatchNormImplBase<2, latent::model::SyncBatchNorm2dImpl>::pretty_print(
    std::ostream& stream) const {
    stream << "latent::model::SyncBatchNorm2d(" << options.num_features()
           << ", eps=" << options.eps() << ")";
}

namespace latent::model {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

torch::Tensor channels(const torch::Tensor& perChannel) { return perChannel.view({1, -1, 1, 1}); }

// y = (x - mean) / sqrt(var + eps) * weight + bias over the global batch. Forward: the sums of x
// and x² per channel (and the row count) are added up over the ranks. Backward: likewise the
// sums of dy and dy·x̂, which carry the other ranks' share of the gradient through the shared
// mean and variance. Each rank's loss is a mean over its own rows, so its dx comes out N times the
// single-process value; the gradient averaging over ranks that follows divides that out, as it
// does for every weight (DistributedDataParallel + SyncBatchNorm do the same).
struct SyncBatchNormFunction : public torch::autograd::Function<SyncBatchNormFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x,
                                 const torch::Tensor& weight, const torch::Tensor& bias,
                                 SyncBatchNorm2dImpl* module) {
        const std::int64_t c = x.size(1);
        // Sums in double: E[x²] - E[x]² loses digits in float where a single process's
        // batch_norm does not.
        torch::Tensor stats = torch::cat({x.sum({0, 2, 3}, false, torch::kDouble),
                                          (x * x).sum({0, 2, 3}, false, torch::kDouble),
                                          torch::full({1}, static_cast<double>(x.numel() / c),
                                                      torch::TensorOptions().dtype(torch::kDouble).device(x.device()))});
        module->rankSum()({stats});
        const double count = stats[2 * c].item<double>();
        const torch::Tensor mean = stats.narrow(0, 0, c) / count;
        const torch::Tensor var = (stats.narrow(0, c, c) / count - mean * mean).clamp_min(0.0);
        const double eps = module->options.eps();
        const torch::Tensor invstd = (var + eps).rsqrt().to(x.scalar_type());
        const torch::Tensor xhat = (x - channels(mean.to(x.scalar_type()))) * channels(invstd);
        torch::Tensor y = xhat;
        if (weight.defined()) y = y * channels(weight);
        if (bias.defined()) y = y + channels(bias);
        if (module->options.track_running_stats()) {
            torch::NoGradGuard noGrad;
            module->num_batches_tracked += 1;
            const double momentum =
                module->options.momentum().has_value()
                    ? *module->options.momentum()
                    : 1.0 / module->num_batches_tracked.item<double>();
            const torch::Tensor unbiased = var * (count / std::max(1.0, count - 1.0));
            module->running_mean.mul_(1.0 - momentum).add_(mean.to(x.scalar_type()), momentum);
            module->running_var.mul_(1.0 - momentum).add_(unbiased.to(x.scalar_type()), momentum);
        }
        ctx->save_for_backward({xhat, invstd, weight});
        ctx->saved_data["count"] = count;
        // The module outlives the step whose backward reads it.
        ctx->saved_data["module"] = reinterpret_cast<std::int64_t>(module);
        return y;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& xhat = saved[0];
        const torch::Tensor& invstd = saved[1];
        const torch::Tensor& weight = saved[2];
        const double count = ctx->saved_data["count"].toDouble();
        auto* module =
            reinterpret_cast<SyncBatchNorm2dImpl*>(ctx->saved_data["module"].toInt());
        const torch::Tensor dy = grads[0];
        const std::int64_t c = dy.size(1);
        const torch::Tensor sumDy = dy.sum({0, 2, 3});
        const torch::Tensor sumDyXhat = (dy * xhat).sum({0, 2, 3});
        torch::Tensor reduced = torch::cat({sumDy, sumDyXhat}).detach().to(torch::kDouble);
        module->rankSum()({reduced});
        reduced = reduced.to(dy.scalar_type());
        // The other ranks' part enters as a constant: a second derivative (R1 through D) keeps
        // this rank's terms only.
        const torch::Tensor allDy = sumDy + (reduced.narrow(0, 0, c) - sumDy.detach());
        const torch::Tensor allDyXhat = sumDyXhat + (reduced.narrow(0, c, c) - sumDyXhat.detach());
        torch::Tensor scale = channels(invstd) / count;
        if (weight.defined()) scale = scale * channels(weight);
        const torch::Tensor dx =
            scale * (count * dy - channels(allDy) - xhat * channels(allDyXhat));
        return {dx, weight.defined() ? sumDyXhat : torch::Tensor(),
                weight.defined() ? sumDy : torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

void SyncBatchNorm2dImpl::_check_input_dim(const torch::Tensor& input) {
    TORCH_CHECK(input.dim() == 4, "expected 4D input (got ", input.dim(), "D input)");
}

torch::Tensor SyncBatchNorm2dImpl::forward(const torch::Tensor& input) {
    if (!is_training() || !m_sum) return BatchNormImplBase::forward(input);
    _check_input_dim(input);
    return SyncBatchNormFunction::apply(input, weight, bias, this);
}

void setRankSum(torch::nn::Module& module, const RankSum& sum) {
    for (const auto& m : module.modules(/*include_self=*/true)) {
        if (auto* bn = m->as<SyncBatchNorm2dImpl>()) bn->setRankSum(sum);
    }
}

}  // namespace latent::model
