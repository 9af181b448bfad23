#include <utility>

#include "core/model/dcgan.h"
#include "core/model/generator.h"
#include "core/model/probe.h"
#include "core/model/tensortable.h"

namespace latent::model {

namespace {

// A DCGAN in eval mode, never modified after construction. forward() on an eval-mode module
// only reads weights, so concurrent generate() calls are safe.
class DcganModel final : public Generator {
public:
    DcganModel(DcganGenerator module, ModelInfo info, torch::Device device)
        : m_module(std::move(module)), m_info(std::move(info)), m_device(device) {}

    const ModelInfo& info() const override { return m_info; }
    torch::Device device() const override { return m_device; }

    torch::Tensor generate(const torch::Tensor& z, const torch::Tensor& classes,
                           float truncation) const override {
        torch::NoGradGuard noGrad;
        // DCGAN has no mapping network: truncation scales z toward the mean of N(0, I), the origin.
        torch::Tensor zd = generatorLatents(z, m_info, m_device);
        if (truncation != 1.0f) zd = zd * truncation;
        const torch::Tensor c = generatorClasses(classes, z.size(0), m_info, m_device);
        return finishOutput(m_module->forward(zd, c));
    }

    // No NoGradGuard: gradients reach z. The weights were frozen (requires_grad false) at load, so
    // nothing but z accumulates gradients. No clamp either: it would zero gradients at the rails.
    torch::Tensor generateWithGrad(const torch::Tensor& z, const torch::Tensor& classes) const override {
        const torch::Tensor zd = generatorLatents(z, m_info, m_device);
        const torch::Tensor c = generatorClasses(classes, z.size(0), m_info, m_device);
        return m_module->forward(zd, c).to(torch::kFloat32);
    }

    // Semantic-editing hooks (core/edit): the first block's activations for PCA, the first layer's
    // latent weight for SeFa, the class embedding for class morphs.
    torch::Tensor features(const torch::Tensor& z, const torch::Tensor& classes) const override {
        torch::NoGradGuard noGrad;
        const torch::Tensor zd = generatorLatents(z, m_info, m_device);
        const torch::Tensor c = generatorClasses(classes, z.size(0), m_info, m_device);
        return m_module->firstBlock(zd, c).to(torch::kFloat32);
    }

    FirstLayerWeight firstLayerWeight() const override {
        return {m_module->latentWeight(), "net.0.weight"};
    }

    torch::Tensor classEmbeddings() const override { return m_module->embeddingTable(); }

    torch::Tensor generateWithEmbedding(const torch::Tensor& z, const torch::Tensor& embedding,
                                        float truncation) const override {
        torch::NoGradGuard noGrad;
        torch::Tensor zd = generatorLatents(z, m_info, m_device);
        if (truncation != 1.0f) zd = zd * truncation;
        const torch::Tensor e = embedding.to(m_device, torch::kFloat32);
        return finishOutput(m_module->forwardWithEmbedding(zd, e));
    }

private:
    // forward() is not const in the C++ frontend although eval-mode inference mutates nothing.
    mutable DcganGenerator m_module;
    ModelInfo m_info;
    torch::Device m_device;
};

}  // namespace

std::shared_ptr<const Generator> makeDcganGenerator(const DcganGenerator& module, ModelInfo info,
                                                    const torch::Device& device) {
    info.device = device.str();
    return std::make_shared<DcganModel>(DcganGenerator(frozenCopy(module, device)), std::move(info),
                                        device);
}

}  // namespace latent::model
