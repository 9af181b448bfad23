#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace latent::train {

// The DCGAN discriminator for resolution x resolution images (32/64/128): strided 4x4 convolutions
// down to 4x4 with LeakyReLU(0.2), then a sum over positions gives features phi (N x 8*width for
// 32 px). Output: N logits, linear(phi) plus, when conditional, the projection <embed(y), phi>
// (Miyato & Koyama 2018), which conditions D without concatenating label maps.
// BatchNorm is optional: WGAN-GP's per-sample gradient penalty is wrong with it.
class DcganDiscriminatorImpl : public torch::nn::Module {
public:
    DcganDiscriminatorImpl(int resolution, int channels, int width, int numClasses, bool batchNorm);
    // x: N x channels x R x R float32; classes: N int64 when conditional. Returns N float32 logits.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& classes = {});

private:
    torch::nn::Sequential m_features{nullptr};
    torch::nn::Linear m_out{nullptr};       // features -> 1
    torch::nn::Embedding m_embed{nullptr};  // numClasses x features (conditional only)
};
TORCH_MODULE(DcganDiscriminator);

// Toy-data generator: z (N x latentSize) -> N x 2 points through two ReLU layers of `hidden`.
class MlpGeneratorImpl : public torch::nn::Module {
public:
    MlpGeneratorImpl(int latentSize, int hidden);
    torch::Tensor forward(const torch::Tensor& z, const torch::Tensor& classes = {});

private:
    torch::nn::Sequential m_net{nullptr};
};
TORCH_MODULE(MlpGenerator);

// Toy-data discriminator: N x 2 points -> N logits through two LeakyReLU layers of `hidden`.
class MlpDiscriminatorImpl : public torch::nn::Module {
public:
    explicit MlpDiscriminatorImpl(int hidden);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& classes = {});

private:
    torch::nn::Sequential m_net{nullptr};
};
TORCH_MODULE(MlpDiscriminator);

// Initialises D and the MLPs from a CPU generator seeded with `seed` (never the global RNG):
// conv N(0, 0.02) as in DCGAN, BN weight N(1, 0.02), linear N(0, 2 / fan_in) (He: DCGAN's 0.02
// starves the small MLPs), embeddings N(0, 0.02), biases 0. The DCGAN G has its own
// resetParameters().
void initWeights(torch::nn::Module& module, std::uint64_t seed);

// conv3x3 (no bias) - BatchNorm - ReLU - maxpool 2, appended flat to `body` (a Sequential cannot
// hold a Sequential): a block of the measuring networks (the Fashion-MNIST classifier, the face
// regressor).
void appendConvBlock(torch::nn::Sequential& body, std::int64_t in, std::int64_t out);

}  // namespace latent::train
