#include "core/train/faceregressor.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/latent/latent.h"
#include "core/model/modelfileio.h"
#include "core/train/checkpoint.h"
#include "core/train/faces.h"
#include "core/train/networks.h"

namespace latent::train {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace {

constexpr std::int64_t kPredictChunk = 250;  // images per forward when predicting: bounded memory
constexpr std::int64_t kOutputs = 18;

// Each attribute's range as two 18-vectors (min, max - min).
std::pair<torch::Tensor, torch::Tensor> rangeTensors() {
    std::vector<float> lo, span;
    for (const FaceAttributeRange& r : faceAttributeRanges()) {
        lo.push_back(r.min);
        span.push_back(r.max - r.min);
    }
    return {torch::tensor(lo), torch::tensor(span)};
}

torch::Tensor normalisedTargets(const std::vector<FaceAttributes>& faces) {
    std::vector<float> values;
    values.reserve(faces.size() * kOutputs);
    for (const FaceAttributes& f : faces) {
        const std::vector<float> v = faceAttributesToVector(f);
        values.insert(values.end(), v.begin(), v.end());
    }
    const auto [lo, span] = rangeTensors();
    return (torch::tensor(values).view({-1, kOutputs}) - lo) / span;
}

torch::Tensor regressorInput(const torch::Tensor& images) {
    torch::Tensor x = images.to(torch::kCPU, torch::kFloat32);
    if (x.size(2) != kFaceRegressorResolution || x.size(3) != kFaceRegressorResolution) {
        auto options = F::InterpolateFuncOptions().size(
            std::vector<std::int64_t>{kFaceRegressorResolution, kFaceRegressorResolution});
        // Area averaging when shrinking (no aliasing), bilinear when enlarging.
        if (x.size(2) > kFaceRegressorResolution) {
            options.mode(torch::kArea);
        } else {
            options.mode(torch::kBilinear).align_corners(false);
        }
        x = F::interpolate(x, options);
    }
    return x;
}

}  // namespace

FaceRegressorImpl::FaceRegressorImpl() {
    static_assert(kOutputs == 18, "one output per face attribute");
    nn::Sequential body;
    appendConvBlock(body, 3, 32);
    appendConvBlock(body, 32, 64);
    appendConvBlock(body, 64, 128);
    appendConvBlock(body, 128, 128);
    m_body = register_module("body", body);
    m_hidden = register_module("hidden", nn::Linear(128 * 4 * 4, 256));
    m_head = register_module("head", nn::Linear(256, kOutputs));
}

torch::Tensor FaceRegressorImpl::forward(const torch::Tensor& x) {
    return m_head->forward(torch::relu(m_hidden->forward(m_body->forward(x).flatten(1))));
}

torch::Tensor predictFaceAttributes(FaceRegressor& model, const torch::Tensor& images) {
    TORCH_CHECK(images.dim() == 4 && images.size(1) == 3,
                "the face regressor reads N x 3 x R x R images");
    torch::NoGradGuard noGrad;
    model->eval();
    const auto [lo, span] = rangeTensors();
    std::vector<torch::Tensor> parts;
    for (std::int64_t i = 0; i < images.size(0); i += kPredictChunk) {
        const std::int64_t n = std::min(kPredictChunk, images.size(0) - i);
        const torch::Tensor unit = model->forward(regressorInput(images.narrow(0, i, n)));
        parts.push_back(unit.clamp(0.0, 1.0) * span + lo);
    }
    if (parts.empty()) return torch::zeros({0, kOutputs});
    return torch::cat(parts);
}

std::vector<double> faceRegressorError(FaceRegressor& model, std::int64_t count) {
    std::vector<torch::Tensor> errors;
    const auto [lo, span] = rangeTensors();
    for (std::int64_t first = 0; first < count; first += kPredictChunk) {
        const auto faces = faceAttributesRange(static_cast<std::uint64_t>(first),
                                               static_cast<std::size_t>(std::min(kPredictChunk, count - first)),
                                               kFaceRegressorTestSeed);
        const torch::Tensor predicted =
            predictFaceAttributes(model, renderFaces(faces, kFaceRegressorResolution));
        errors.push_back((predicted - (normalisedTargets(faces) * span + lo)).abs());
    }
    const torch::Tensor mean = torch::cat(errors).mean(0).to(torch::kDouble).contiguous();
    return std::vector<double>(mean.data_ptr<double>(), mean.data_ptr<double>() + mean.numel());
}

Result<TrainedFaceRegressor> trainFaceRegressor(const FaceRegressorTrainOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    try {
        FaceRegressor model;
        initWeights(*model, latent::mixSeed(o.seed, 1));
        torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(o.lr));
        double runningLoss = 0;
        model->train();
        for (std::int64_t k = 0; k < o.steps; ++k) {
            const double lr = o.lr * (1.0 - static_cast<double>(k) / static_cast<double>(o.steps));
            static_cast<torch::optim::AdamOptions&>(adam.param_groups()[0].options()).lr(lr);
            // Every step new faces: the population is as large as the run needs.
            const auto faces = faceAttributesRange(
                static_cast<std::uint64_t>(k * o.batch) + latent::mixSeed(o.seed, 2) % 1000000000,
                static_cast<std::size_t>(o.batch), kFaceRegressorTrainSeed);
            const torch::Tensor x = renderFaces(faces, kFaceRegressorResolution);
            torch::Tensor loss = F::mse_loss(model->forward(x), normalisedTargets(faces));
            adam.zero_grad();
            loss.backward();
            adam.step();
            runningLoss += loss.item<double>();
            if (o.progress && (k + 1) % 100 == 0) {
                char line[128];
                std::snprintf(line, sizeof line, "step %lld/%lld  loss %.5f",
                              static_cast<long long>(k) + 1, static_cast<long long>(o.steps),
                              runningLoss / 100.0);
                o.progress(line);
                runningLoss = 0;
            }
        }
        model->eval();
        TrainedFaceRegressor result;
        result.model = model;
        result.meanAbsoluteError = faceRegressorError(model, std::max<std::int64_t>(1, o.testCount));
        result.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return result;
    } catch (const std::exception& e) {
        return Error{std::string("face regressor training failed: ") + e.what()};
    }
}

Status writeFaceRegressor(const std::string& path, FaceRegressor& model,
                          const nlohmann::json& extra) {
    nlohmann::json meta = extra;
    meta["format_version"] = 1;
    meta["architecture"] = kFaceRegressorArchitecture;
    meta["name"] = "Procedural face attribute regressor";
    meta["input"] = "N x 3 x 64 x 64 in [-1, 1]";
    meta["attributes"] = faceAttributeNames();
    nlohmann::json ranges = nlohmann::json::array();
    for (const FaceAttributeRange& r : faceAttributeRanges()) ranges.push_back({r.min, r.max});
    meta["ranges"] = ranges;
    model::NamedTensors tensors;
    addModuleTensors(tensors, *model, "regressor");
    return model::writeModelFile(path, meta, tensors);
}

Result<FaceRegressor> readFaceRegressor(const std::string& path) {
    auto file = model::readModelFile(path);
    if (!file) return Error{file.error()};
    if (file->metadata.value("architecture", std::string()) != kFaceRegressorArchitecture)
        return Error{path + ": not a face regressor (architecture is not \"face-regressor\")"};
    try {
        if (file->metadata.value("attributes", std::vector<std::string>()) != faceAttributeNames())
            return Error{path + ": made for other face attributes than this version draws"};
        FaceRegressor model;
        TensorMap tensors(file->tensors.begin(), file->tensors.end());
        if (auto s = loadModuleTensors(*model, tensors, "regressor"); !s)
            return Error{path + ": " + s.error()};
        model->eval();
        return model;
    } catch (const std::exception& e) {
        return Error{path + ": " + e.what()};
    }
}

}  // namespace latent::train
