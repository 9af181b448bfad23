#include "core/train/stylediscriminator.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>

#include "core/model/tensortable.h"

namespace latent::train {

using model::downsample2x;
using model::EqualConv2d;
using model::EqualLinear;
using model::styleActivation;

torch::Tensor minibatchStd(const torch::Tensor& x, int group) {
    const std::int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    const std::int64_t g = std::min<std::int64_t>(group, n);
    TORCH_CHECK(n % g == 0, "the minibatch-std group of ", g, " does not divide the batch of ", n);
    torch::Tensor y = x.view({n / g, g, c, h, w});
    y = (y - y.mean(1, /*keepdim=*/true)).pow(2).mean(1);  // variance over each group
    y = (y + 1e-8).sqrt().mean({1, 2, 3});                 // one number per group
    y = y.view({n / g, 1, 1, 1, 1}).expand({n / g, g, 1, h, w}).reshape({n, 1, h, w});
    return torch::cat({x, y}, 1);
}

StyleDiscriminatorImpl::StyleDiscriminatorImpl(int resolution, int channels, int channelBase,
                                               int channelMax, int numClasses)
    : m_resolution(resolution),
      m_channels(channels),
      m_channelBase(channelBase),
      m_channelMax(channelMax),
      m_numClasses(numClasses) {
    reset();
}

int StyleDiscriminatorImpl::channelsAt(int r) const {
    return model::featureMaps(m_channelBase, m_channelMax, r);
}

void StyleDiscriminatorImpl::reset() {
    m_blocks.clear();
    m_fromRgb = register_module("fromrgb", EqualConv2d(m_channels, channelsAt(m_resolution), 1));
    for (int r = m_resolution; r > 4; r /= 2) {
        const std::string name = "b" + std::to_string(r);
        Block b;
        b.conv0 = register_module(name + "_conv0", EqualConv2d(channelsAt(r), channelsAt(r), 3));
        b.conv1 = register_module(name + "_conv1", EqualConv2d(channelsAt(r), channelsAt(r / 2), 3));
        b.skip = register_module(name + "_skip",
                                 EqualConv2d(channelsAt(r), channelsAt(r / 2), 1, /*bias=*/false));
        m_blocks.push_back(b);
    }
    const std::int64_t c4 = channelsAt(4);
    m_epilogueConv = register_module("b4_conv", EqualConv2d(c4 + 1, c4, 3));
    m_fc = register_module("b4_fc", EqualLinear(c4 * 16, c4));
    m_out = register_module("b4_out", EqualLinear(c4, 1));
    if (m_numClasses > 0) m_embed = register_parameter("embed", torch::empty({m_numClasses, c4}));
}

torch::Tensor StyleDiscriminatorImpl::forward(const torch::Tensor& input,
                                              const torch::Tensor& classes) const {
    static const double kHalf = std::sqrt(0.5);
    torch::Tensor x = styleActivation(m_fromRgb->forward(input));
    for (const Block& b : m_blocks) {
        const torch::Tensor skip = b.skip->forward(downsample2x(x));
        x = styleActivation(b.conv0->forward(x));
        x = styleActivation(b.conv1->forward(downsample2x(x)));
        x = (x + skip) * kHalf;
    }
    x = minibatchStd(x, kStdGroup);
    x = styleActivation(m_epilogueConv->forward(x));
    const torch::Tensor phi = styleActivation(m_fc->forward(x.flatten(1)));
    torch::Tensor out = m_out->forward(phi).view({-1});
    if (m_numClasses > 0) {
        TORCH_CHECK(classes.defined() && classes.size(0) == input.size(0),
                    "a conditional discriminator needs one class per image");
        const torch::Tensor e = m_embed.index_select(0, classes.to(torch::kLong));
        out = out + (e * phi).sum(1) / std::sqrt(double(phi.size(1)));
    }
    return out;
}

void StyleDiscriminatorImpl::resetParameters(std::uint64_t seed) {
    at::Generator gen = at::detail::createCPUGenerator(seed);
    torch::NoGradGuard noGrad;
    m_fromRgb->init(gen);
    for (Block& b : m_blocks) {
        b.conv0->init(gen);
        b.conv1->init(gen);
        b.skip->init(gen);
    }
    m_epilogueConv->init(gen);
    m_fc->init(gen);
    m_out->init(gen);
    if (m_numClasses > 0) model::fillNormal(m_embed, 0.0, 1.0, gen);
}

}  // namespace latent::train
