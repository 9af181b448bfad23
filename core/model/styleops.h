#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace latent::model {

// The pieces StyleGAN2's generator and discriminator share (core/model/stylegan.h,
// core/train/stylediscriminator.h).

// Feature maps of StyleGAN's G and D blocks at resolution r: min(channelBase / r, channelMax), at
// least 1.
int featureMaps(int channelBase, int channelMax, int resolution);

// Leaky ReLU (slope 0.2) times sqrt(2), which keeps the signal's magnitude.
torch::Tensor styleActivation(const torch::Tensor& x);
// Each row scaled to unit root-mean-square.
torch::Tensor normaliseSecondMoment(const torch::Tensor& x);
// x2 bilinear (StyleGAN's [1, 3, 3, 1] filter, borders clamped) and its /2 counterpart (2 x 2
// average).
torch::Tensor upsample2x(const torch::Tensor& x);
torch::Tensor downsample2x(const torch::Tensor& x);

// A fully connected layer with an equalised learning rate (StyleGAN): the weight is stored at
// N(0, 1) / lrMul and scaled at run time by lrMul / sqrt(in), the bias by lrMul.
class EqualLinearImpl : public torch::nn::Cloneable<EqualLinearImpl> {
public:
    EqualLinearImpl(std::int64_t in, std::int64_t out, double lrMul = 1.0, double biasInit = 0.0);
    void reset() override;
    torch::Tensor effectiveWeight() const;
    torch::Tensor forward(const torch::Tensor& x) const;
    // Weight N(0, 1) / lrMul, bias biasInit (at run time), drawn from `gen`.
    void init(at::Generator& gen);

    torch::Tensor weight, bias;

private:
    std::int64_t m_in, m_out;
    double m_lrMul, m_biasInit;
};
TORCH_MODULE(EqualLinear);

// A k x k convolution ("same" padding) with an equalised learning rate: weight N(0, 1) scaled at
// run time by 1 / sqrt(in k k); bias optional.
class EqualConv2dImpl : public torch::nn::Cloneable<EqualConv2dImpl> {
public:
    EqualConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, bool withBias = true);
    void reset() override;
    torch::Tensor forward(const torch::Tensor& x) const;
    void init(at::Generator& gen);

    torch::Tensor weight, bias;

private:
    std::int64_t m_in, m_out, m_kernel;
    bool m_bias;
};
TORCH_MODULE(EqualConv2d);

}  // namespace latent::model
