#include "core/model/styleops.h"

#include <algorithm>
#include <cmath>

#include "core/model/tensortable.h"

namespace latent::model {

namespace F = torch::nn::functional;

int featureMaps(int channelBase, int channelMax, int resolution) {
    return std::max(1, std::min(channelBase / resolution, channelMax));
}

torch::Tensor styleActivation(const torch::Tensor& x) {
    static const double kSqrt2 = std::sqrt(2.0);
    return F::leaky_relu(x, F::LeakyReLUFuncOptions().negative_slope(0.2)) * kSqrt2;
}

torch::Tensor normaliseSecondMoment(const torch::Tensor& x) {
    return x * torch::rsqrt(x.pow(2).mean(1, /*keepdim=*/true) + 1e-8);
}

torch::Tensor upsample2x(const torch::Tensor& x) {
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .scale_factor(std::vector<double>{2.0, 2.0})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
}

torch::Tensor downsample2x(const torch::Tensor& x) {
    return F::avg_pool2d(x, F::AvgPool2dFuncOptions(2));
}

EqualLinearImpl::EqualLinearImpl(std::int64_t in, std::int64_t out, double lrMul, double biasInit)
    : m_in(in), m_out(out), m_lrMul(lrMul), m_biasInit(biasInit) {
    reset();
}

void EqualLinearImpl::reset() {
    weight = register_parameter("weight", torch::empty({m_out, m_in}));
    bias = register_parameter("bias", torch::empty({m_out}));
}

torch::Tensor EqualLinearImpl::effectiveWeight() const {
    return weight * (m_lrMul / std::sqrt(double(m_in)));
}

torch::Tensor EqualLinearImpl::forward(const torch::Tensor& x) const {
    return torch::addmm(bias * m_lrMul, x, effectiveWeight().t());
}

void EqualLinearImpl::init(at::Generator& gen) {
    fillNormal(weight, 0.0, 1.0 / m_lrMul, gen);
    torch::NoGradGuard noGrad;
    bias.fill_(m_biasInit / m_lrMul);
}

EqualConv2dImpl::EqualConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel,
                                 bool withBias)
    : m_in(in), m_out(out), m_kernel(kernel), m_bias(withBias) {
    reset();
}

void EqualConv2dImpl::reset() {
    weight = register_parameter("weight", torch::empty({m_out, m_in, m_kernel, m_kernel}));
    if (m_bias) bias = register_parameter("bias", torch::empty({m_out}));
}

torch::Tensor EqualConv2dImpl::forward(const torch::Tensor& x) const {
    const double gain = 1.0 / std::sqrt(double(m_in * m_kernel * m_kernel));
    return F::conv2d(x, weight * gain,
                     F::Conv2dFuncOptions().padding(m_kernel / 2).bias(m_bias ? bias : torch::Tensor()));
}

void EqualConv2dImpl::init(at::Generator& gen) {
    fillNormal(weight, 0.0, 1.0, gen);
    torch::NoGradGuard noGrad;
    if (m_bias) bias.zero_();
}

}  // namespace latent::model
