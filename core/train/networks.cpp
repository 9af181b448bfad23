#include "core/train/networks.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "core/model/batchnorm.h"

namespace latent::train {

namespace nn = torch::nn;

namespace {

nn::LeakyReLU leaky() {
    return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2).inplace(true));
}

void fillNormal(torch::Tensor& t, double mean, double std, at::Generator& gen) {
    t.copy_(torch::empty(t.sizes(), torch::kFloat32).normal_(mean, std, gen));
}

}  // namespace

DcganDiscriminatorImpl::DcganDiscriminatorImpl(int resolution, int channels, int width,
                                               int numClasses, bool batchNorm) {
    TORCH_CHECK(resolution == 32 || resolution == 64 || resolution == 128,
                "discriminator resolution must be 32, 64 or 128");
    nn::Sequential features;
    std::int64_t in = channels;
    std::int64_t out = width;
    for (int size = resolution; size > 4; size /= 2) {
        // No normalisation on the first layer, as in DCGAN: it sees raw pixels.
        const bool norm = batchNorm && in != channels;
        features->push_back(
            nn::Conv2d(nn::Conv2dOptions(in, out, 4).stride(2).padding(1).bias(!norm)));
        if (norm) features->push_back(model::SyncBatchNorm2d(out));
        features->push_back(leaky());
        in = out;
        out *= 2;
    }
    m_features = register_module("features", features);
    m_out = register_module("out", nn::Linear(in, 1));
    if (numClasses > 0) m_embed = register_module("embed", nn::Embedding(numClasses, in));
}

torch::Tensor DcganDiscriminatorImpl::forward(const torch::Tensor& x,
                                              const torch::Tensor& classes) {
    torch::Tensor phi = m_features->forward(x).sum({2, 3});
    torch::Tensor logits = m_out->forward(phi).squeeze(1);
    if (!m_embed.is_empty()) {
        TORCH_CHECK(classes.defined() && classes.size(0) == x.size(0),
                    "conditional D needs class labels");
        logits = logits + (m_embed->forward(classes) * phi).sum(1);
    }
    return logits;
}

MlpGeneratorImpl::MlpGeneratorImpl(int latentSize, int hidden) {
    m_net = register_module(
        "net", nn::Sequential(nn::Linear(latentSize, hidden), nn::ReLU(),
                              nn::Linear(hidden, hidden), nn::ReLU(), nn::Linear(hidden, 2)));
}

torch::Tensor MlpGeneratorImpl::forward(const torch::Tensor& z, const torch::Tensor&) {
    return m_net->forward(z);
}

MlpDiscriminatorImpl::MlpDiscriminatorImpl(int hidden) {
    m_net = register_module(
        "net", nn::Sequential(nn::Linear(2, hidden), leaky(), nn::Linear(hidden, hidden), leaky(),
                              nn::Linear(hidden, 1)));
}

torch::Tensor MlpDiscriminatorImpl::forward(const torch::Tensor& x, const torch::Tensor&) {
    return m_net->forward(x).squeeze(1);
}

void initWeights(nn::Module& module, std::uint64_t seed) {
    at::Generator gen = at::detail::createCPUGenerator(seed);
    torch::NoGradGuard noGrad;
    for (auto& m : module.modules(/*include_self=*/true)) {
        if (auto* conv = m->as<nn::Conv2d>()) {
            fillNormal(conv->weight, 0.0, 0.02, gen);
            if (conv->bias.defined()) conv->bias.zero_();
        } else if (auto* convT = m->as<nn::ConvTranspose2d>()) {
            fillNormal(convT->weight, 0.0, 0.02, gen);
        } else if (auto* linear = m->as<nn::Linear>()) {
            // He-style fan-in scale keeps the small MLPs trainable; DCGAN's 0.02 would starve them.
            fillNormal(linear->weight, 0.0,
                       std::sqrt(2.0 / static_cast<double>(linear->weight.size(1))), gen);
            linear->bias.zero_();
        } else if (auto* bn = m->as<model::SyncBatchNorm2d>()) {
            fillNormal(bn->weight, 1.0, 0.02, gen);
            bn->bias.zero_();
        } else if (auto* embed = m->as<nn::Embedding>()) {
            // Projection embeddings multiply D features: start them as small as the conv weights.
            fillNormal(embed->weight, 0.0, 0.02, gen);
        }
    }
}

void appendConvBlock(torch::nn::Sequential& body, std::int64_t in, std::int64_t out) {
    namespace nn = torch::nn;
    body->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
    body->push_back(nn::BatchNorm2d(out));
    body->push_back(nn::ReLU(true));
    body->push_back(nn::MaxPool2d(2));
}

}  // namespace latent::train
