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

}  // namespace latent::model
