#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/model/styleops.h"

namespace latent::train {

// StyleGAN2's residual discriminator for the style-based generator, with equalised learning
// rates: fromRGB (1 x 1) at the image's resolution; per resolution r down to 8 a block of two 3 x 3
// convolutions (the second after a x0.5 downsample) beside a 1 x 1 downsampled skip, summed and
// scaled by sqrt(1/2); at 4 x 4 the minibatch standard deviation (groups of kStdGroup consecutive
// images, so a data-parallel rank's slice groups as one process does), a 3 x 3 convolution and two
// fully connected layers. Conditional models add a projection term <embed(c), phi> / sqrt(C)
// (Miyato & Koyama 2018). Feature maps at r: min(channelBase / r, channelMax).
class StyleDiscriminatorImpl : public torch::nn::Cloneable<StyleDiscriminatorImpl> {
public:
    static constexpr int kStdGroup = 4;

    StyleDiscriminatorImpl(int resolution, int channels, int channelBase, int channelMax,
                           int numClasses);
    void reset() override;
    // x: N x channels x R x R; classes: N int64 when conditional. N logits.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& classes = {}) const;
    // Weights N(0, 1) (scaled at run time), biases 0, the class embedding N(0, 1), from `seed`.
    void resetParameters(std::uint64_t seed);

private:
    int channelsAt(int r) const;

    int m_resolution, m_channels, m_channelBase, m_channelMax, m_numClasses;
    model::EqualConv2d m_fromRgb{nullptr};
    struct Block {
        model::EqualConv2d conv0{nullptr}, conv1{nullptr}, skip{nullptr};
    };
    std::vector<Block> m_blocks;
    model::EqualConv2d m_epilogueConv{nullptr};
    model::EqualLinear m_fc{nullptr}, m_out{nullptr};
    torch::Tensor m_embed;  // numClasses x C4 (conditional only)
};
TORCH_MODULE(StyleDiscriminator);

// The minibatch standard deviation feature (StyleGAN): for each group of `group` consecutive
// images, the standard deviation of every feature over the group, averaged into one number per
// group and appended to each of its images as a constant channel. N must divide by the group size
// (a smaller batch is one group).
torch::Tensor minibatchStd(const torch::Tensor& x, int group);

}  // namespace latent::train
