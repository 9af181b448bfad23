#include "core/model/generator.h"

namespace latent::model {

// Only style-based models split into mapping and synthesis; callers check info().styleBased()
// first, so reaching these is a programming error reported as a c10::Error.
torch::Tensor Generator::mapping(const torch::Tensor& /*z*/, const torch::Tensor& /*classes*/) const {
    TORCH_CHECK(false, "model '", info().name, "' is not style-based: it has no mapping network");
}

torch::Tensor Generator::synthesis(const torch::Tensor& /*w*/) const {
    TORCH_CHECK(false, "model '", info().name, "' is not style-based: it has no synthesis network");
}

torch::Tensor Generator::wAvg() const { return {}; }

torch::Tensor Generator::preview(const torch::Tensor& /*w*/, int /*size*/) const {
    TORCH_CHECK(false, "model '", info().name, "' has no preview");
}

torch::Tensor Generator::generateWithGrad(const torch::Tensor& /*z*/, const torch::Tensor& /*classes*/) const {
    TORCH_CHECK(false, "model '", info().name, "' cannot be differentiated through");
}

torch::Tensor Generator::synthesisWithGrad(const torch::Tensor& /*w*/) const {
    TORCH_CHECK(false, "model '", info().name, "' has no differentiable synthesis network");
}

torch::Tensor Generator::features(const torch::Tensor& /*z*/, const torch::Tensor& /*classes*/) const {
    return {};
}

FirstLayerWeight Generator::firstLayerWeight() const { return {}; }

torch::Tensor Generator::classEmbeddings() const { return {}; }

torch::Tensor Generator::generateWithEmbedding(const torch::Tensor& /*z*/, const torch::Tensor& /*embedding*/,
                                               float /*truncation*/) const {
    TORCH_CHECK(false, "model '", info().name, "' has no class embedding to morph");
}

}  // namespace latent::model
