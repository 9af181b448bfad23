#include "core/train/checkpoint.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <type_traits>

#include "core/train/runfolder.h"

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
    auto copyInto = [&](const std::string& name, const torch::Tensor& target) -> Status {
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
            avg->second.sizes() != params[i].sizes() || sq->second.sizes() != params[i].sizes() ||
            avg->second.scalar_type() != params[i].scalar_type() ||
            sq->second.scalar_type() != params[i].scalar_type()) {
            return Error{"checkpoint optimiser state '" + base +
                         "*' is incomplete or does not match"};
        }
        const torch::Tensor& count = step->second;
        if (count.numel() != 1 || !(count.scalar_type() == torch::kLong ||
                                    count.scalar_type() == torch::kInt)) {
            return Error{"checkpoint optimiser state '" + base +
                         "step' is not one integer (" + std::to_string(count.numel()) +
                         " values)"};
        }
        const std::int64_t steps = count.item<std::int64_t>();
        if (steps < 0 || steps > (std::int64_t(1) << 40)) {
            return Error{"checkpoint optimiser state '" + base + "step' is out of range (" +
                         std::to_string(steps) + ")"};
        }
        auto s = std::make_unique<torch::optim::AdamParamState>();
        s->step(steps);
        s->exp_avg(avg->second.to(params[i].device()).clone());
        s->exp_avg_sq(sq->second.to(params[i].device()).clone());
        state[stateKey(state, params[i])] = std::move(s);
    }
    return success();
}

std::string checkpointPath(const std::string& runDir, std::int64_t step) {
    char name[64];
    std::snprintf(name, sizeof name, "step_%06lld.ckpt", static_cast<long long>(step));
    return runCheckpointsDir(runDir) + "/" + name;
}

std::vector<CheckpointName> checkpointNames(const std::string& runDir) {
    std::vector<CheckpointName> names;
    std::error_code ec;
    for (fs::directory_iterator it(runCheckpointsDir(runDir), ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        // Exactly step_<digits>.ckpt: temporaries of an interrupted write never count.
        if (name.size() <= 10 || name.compare(0, 5, "step_") != 0 ||
            name.compare(name.size() - 5, 5, ".ckpt") != 0) {
            continue;
        }
        const std::string number = name.substr(5, name.size() - 10);
        if (!std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        CheckpointName entry{it->path().string(), name, -1};
        // At most 10 significant digits: the number cannot overflow before the range check.
        const std::size_t first = std::min(number.find_first_not_of('0'), number.size());
        if (number.size() - first <= 10) {
            const long long step = std::stoll("0" + number.substr(first));
            if (step <= kMaxCheckpointStep) entry.step = step;
        }
        names.push_back(std::move(entry));
    }
    std::sort(names.begin(), names.end(), [](const CheckpointName& a, const CheckpointName& b) {
        const bool aBad = a.step < 0, bBad = b.step < 0;
        if (aBad != bBad) return aBad;
        return a.step != b.step ? a.step > b.step : a.name > b.name;
    });
    return names;
}

std::vector<std::int64_t> listCheckpoints(const std::string& runDir) {
    std::vector<std::int64_t> steps;
    for (const CheckpointName& c : checkpointNames(runDir)) {
        // The canonical name only ("step_4.ckpt" is not how step 4 is written): prune and resume
        // find each listed step at checkpointPath().
        if (c.step >= 0 && c.name == fs::path(checkpointPath(runDir, c.step)).filename().string())
            steps.push_back(c.step);
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
    const nlohmann::json& meta = file->metadata;
    const auto step = meta.find("step"), images = meta.find("images_seen"),
               wall = meta.find("wall_time_s");
    if (step == meta.end() || !step->is_number_integer() || step->get<std::int64_t>() < 0 ||
        step->get<std::int64_t>() > kMaxCheckpointStep) {
        const std::string what = step == meta.end() ? std::string("missing") : step->dump();
        return Error{path + ": step " + what + " is not a step count (0.." +
                     std::to_string(kMaxCheckpointStep) + ")"};
    }
    if (images != meta.end() && (!images->is_number_integer() || images->get<std::int64_t>() < 0))
        return Error{path + ": images_seen is not a count"};
    if (wall != meta.end() && (!wall->is_number() || !std::isfinite(wall->get<double>()) ||
                               wall->get<double>() < 0)) {
        return Error{path + ": wall_time_s is not a duration"};
    }
    CheckpointContents contents;
    contents.metadata = std::move(file->metadata);
    for (auto& [name, tensor] : file->tensors) contents.tensors.emplace(name, std::move(tensor));
    return contents;
}

}  // namespace latent::train
