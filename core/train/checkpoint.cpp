#include "core/train/checkpoint.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <type_traits>

namespace latent::train {

namespace {

namespace fs = std::filesystem;

// Adam keys its state by the parameter's TensorImpl: a string of the pointer in LibTorch 1.13, the
// pointer itself in later versions. Build whichever key the installed version's map uses.
template <typename Map>
typename Map::key_type stateKey(const Map&, const torch::Tensor& parameter) {
    if constexpr (std::is_same_v<typename Map::key_type, std::string>) {
        std::ostringstream s;
        s << parameter.unsafeGetTensorImpl();  // what c10::guts::to_string gives
        return s.str();
    } else {
        return parameter.unsafeGetTensorImpl();
    }
}

torch::Tensor cpuCopy(const torch::Tensor& t) {
    return t.detach().to(torch::kCPU).contiguous().clone();
}

}  // namespace

void addModuleTensors(model::NamedTensors& out, const torch::nn::Module& module,
                      const std::string& prefix) {
    for (const auto& p : module.named_parameters())
        out.emplace_back(prefix + "." + p.key(), cpuCopy(p.value()));
    for (const auto& b : module.named_buffers())
        out.emplace_back(prefix + "." + b.key(), cpuCopy(b.value()));
}

Status loadModuleTensors(torch::nn::Module& module, const TensorMap& tensors,
                         const std::string& prefix) {
    torch::NoGradGuard noGrad;
    auto copyInto = [&](const std::string& name, torch::Tensor target) -> Status {
        auto it = tensors.find(prefix + "." + name);
        if (it == tensors.end())
            return Error{"checkpoint has no tensor '" + prefix + "." + name + "'"};
        if (it->second.sizes() != target.sizes() ||
            it->second.scalar_type() != target.scalar_type()) {
            return Error{"checkpoint tensor '" + prefix + "." + name +
                         "' does not match the model"};
        }
        target.copy_(it->second);
        return success();
    };
    for (const auto& p : module.named_parameters()) {
        if (auto s = copyInto(p.key(), p.value()); !s) return s;
    }
    for (const auto& b : module.named_buffers()) {
        if (auto s = copyInto(b.key(), b.value()); !s) return s;
    }
    return success();
}

void addAdamState(model::NamedTensors& out, torch::optim::Adam& optimizer,
                  const std::string& prefix) {
    auto& state = optimizer.state();
    const auto& params = optimizer.param_groups().at(0).params();
    for (std::size_t i = 0; i < params.size(); ++i) {
        auto it = state.find(stateKey(state, params[i]));
        if (it == state.end()) continue;  // not stepped yet
        const auto& s = static_cast<const torch::optim::AdamParamState&>(*it->second);
        const std::string base = prefix + "." + std::to_string(i) + ".";
        out.emplace_back(base + "exp_avg", cpuCopy(s.exp_avg()));
        out.emplace_back(base + "exp_avg_sq", cpuCopy(s.exp_avg_sq()));
        out.emplace_back(base + "step",
                         torch::tensor({static_cast<std::int64_t>(s.step())}, torch::kLong));
    }
}

Status loadAdamState(torch::optim::Adam& optimizer, const TensorMap& tensors,
                     const std::string& prefix) {
    auto& state = optimizer.state();
    state.clear();
    const auto& params = optimizer.param_groups().at(0).params();
    for (std::size_t i = 0; i < params.size(); ++i) {
        const std::string base = prefix + "." + std::to_string(i) + ".";
        auto avg = tensors.find(base + "exp_avg");
        auto sq = tensors.find(base + "exp_avg_sq");
        auto step = tensors.find(base + "step");
        if (avg == tensors.end() && sq == tensors.end() && step == tensors.end()) continue;
        if (avg == tensors.end() || sq == tensors.end() || step == tensors.end() ||
            avg->second.sizes() != params[i].sizes() || sq->second.sizes() != params[i].sizes()) {
            return Error{"checkpoint optimiser state '" + base +
                         "*' is incomplete or does not match"};
        }
        auto s = std::make_unique<torch::optim::AdamParamState>();
        s->step(step->second.item<std::int64_t>());
        s->exp_avg(avg->second.to(params[i].device()).clone());
        s->exp_avg_sq(sq->second.to(params[i].device()).clone());
        state[stateKey(state, params[i])] = std::move(s);
    }
    return success();
}

std::string checkpointPath(const std::string& runDir, std::int64_t step) {
    char name[64];
    std::snprintf(name, sizeof name, "step_%06lld.ckpt", static_cast<long long>(step));
    return runDir + "/checkpoints/" + name;
}

std::vector<std::int64_t> listCheckpoints(const std::string& runDir) {
    std::vector<std::int64_t> steps;
    std::error_code ec;
    for (fs::directory_iterator it(runDir + "/checkpoints", ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        long long step = -1;
        char tail = 0;
        // Exactly step_<digits>.ckpt: temporaries of an interrupted write never count.
        if (std::sscanf(name.c_str(), "step_%lld.ckp%c", &step, &tail) == 2 && tail == 't' &&
            name.size() > 5 && name.compare(name.size() - 5, 5, ".ckpt") == 0 && step >= 0) {
            steps.push_back(step);
        }
    }
    std::sort(steps.begin(), steps.end());
    return steps;
}

void pruneCheckpoints(const std::string& runDir, int keep) {
    const auto steps = listCheckpoints(runDir);
    for (std::size_t i = 0; i + static_cast<std::size_t>(std::max(keep, 1)) < steps.size(); ++i) {
        std::error_code ec;
        fs::remove(checkpointPath(runDir, steps[i]), ec);
    }
}

Result<CheckpointContents> readCheckpoint(const std::string& path) {
    auto file = model::readModelFile(path);
    if (!file) return Error{file.error()};
    if (file->metadata.value("kind", std::string()) != kCheckpointKind) {
        return Error{path + ": not a training checkpoint"};
    }
    CheckpointContents contents;
    contents.metadata = std::move(file->metadata);
    for (auto& [name, tensor] : file->tensors) contents.tensors.emplace(name, std::move(tensor));
    return contents;
}

}  // namespace latent::train
