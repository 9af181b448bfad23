#include "core/model/tensortable.h"

#include <ctime>
#include <map>
#include <set>

namespace latent::model {

namespace {
std::string mismatch(const std::string& architecture) {
    return "weights do not match the " + architecture + " architecture in the metadata: ";
}
}  // namespace

std::int64_t elementCount(const TensorShapes& shapes) {
    std::int64_t total = 0;
    for (const auto& [name, shape] : shapes) {
        std::int64_t n = 1;
        for (std::int64_t d : shape) n *= d;  // callers bound each factor: no overflow
        total += n;
    }
    return total;
}

Status checkTensorTable(const NamedTensors& tensors, const TensorShapes& expected,
                        const std::string& architecture) {
    const std::string prefix = mismatch(architecture);
    std::map<std::string, const torch::Tensor*> byName;
    for (const auto& [name, tensor] : tensors) byName[name] = &tensor;
    for (const auto& [name, shape] : expected) {
        auto it = byName.find(name);
        if (it == byName.end()) return Error{prefix + "missing tensor '" + name + "'"};
        if (it->second->sizes() != at::IntArrayRef(shape))
            return Error{prefix + "tensor '" + name + "' has shape " +
                         shapeText(it->second->sizes()) + ", expected " + shapeText(shape)};
    }
    if (tensors.size() != expected.size()) {
        std::set<std::string> known;
        for (const auto& entry : expected) known.insert(entry.first);
        for (const auto& [name, tensor] : tensors)
            if (!known.count(name)) return Error{prefix + "unexpected tensor '" + name + "'"};
    }
    return success();
}

NamedTensors moduleTensors(torch::nn::Module& module) {
    NamedTensors out;
    for (const auto& item : module.named_parameters()) out.emplace_back(item.key(), item.value());
    for (const auto& item : module.named_buffers()) out.emplace_back(item.key(), item.value());
    return out;
}

Status loadModuleTensors(torch::nn::Module& module, const NamedTensors& tensors,
                         const std::string& architecture) {
    std::map<std::string, torch::Tensor> byName(tensors.begin(), tensors.end());
    const std::string prefix = mismatch(architecture);
    torch::NoGradGuard noGrad;
    std::set<std::string> used;
    for (auto& [name, target] : moduleTensors(module)) {
        auto it = byName.find(name);
        if (it == byName.end()) return Error{prefix + "missing tensor '" + name + "'"};
        if (it->second.sizes() != target.sizes()) {
            return Error{prefix + "tensor '" + name + "' has shape " +
                         shapeText(it->second.sizes()) + ", expected " + shapeText(target.sizes())};
        }
        if (it->second.scalar_type() != target.scalar_type()) {
            return Error{prefix + "tensor '" + name + "' has the wrong dtype"};
        }
        target.copy_(it->second);
        used.insert(name);
    }
    for (const auto& [name, tensor] : tensors) {
        if (!used.count(name)) return Error{prefix + "unexpected tensor '" + name + "'"};
    }
    return success();
}

std::string shapeText(at::IntArrayRef shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

void fillNormal(torch::Tensor& t, double mean, double std, at::Generator& gen) {
    auto values = torch::empty(t.sizes(), torch::TensorOptions().dtype(torch::kFloat32));
    values.normal_(mean, std, gen);
    t.copy_(values);
}

}  // namespace latent::model
