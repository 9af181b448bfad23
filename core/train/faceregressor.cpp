#include "core/train/faceregressor.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/latent/latent.h"
#include "core/model/modelfileio.h"
#include "core/train/checkpoint.h"
#include "core/train/dataset.h"
#include "core/train/faces.h"
#include "core/train/networks.h"

namespace latent::train {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace {

constexpr std::int64_t kPredictChunk = 250;  // images per forward when predicting: bounded memory
constexpr std::int64_t kAttributes = 18;
constexpr std::int64_t kHidden = 256;
constexpr double kTwoPi = 6.283185307179586;
constexpr double kCategoryWeight = 0.1;  // cross-entropy against the squared error of unit values

// Each attribute's range as two 18-vectors (min, max - min).
std::pair<torch::Tensor, torch::Tensor> rangeTensors() {
    std::vector<float> lo, span;
    for (const FaceAttributeRange& r : faceAttributeRanges()) {
        lo.push_back(r.min);
        span.push_back(r.max - r.min);
    }
    return {torch::tensor(lo), torch::tensor(span)};
}

// How many outputs an attribute takes: a continuous one 1 (its value scaled to [0, 1] over its
// range), a wrapping one (a hue) 2 (the cosine and sine of its angle, so that 0.98 and 0.02 are
// neighbours to the loss as they are to the eye), a categorical one a logit per value.
std::int64_t outputsOf(std::size_t attribute) {
    if (faceAttributeRanges()[attribute].wraps) return 2;
    const std::size_t categories = faceAttributeCategories(attribute).size();
    return categories > 0 ? static_cast<std::int64_t>(categories) : 1;
}

std::int64_t outputCount() {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < faceAttributeRanges().size(); ++i) n += outputsOf(i);
    return n;
}

torch::Tensor attributeTensor(const std::vector<FaceAttributes>& faces) {
    std::vector<float> values;
    values.reserve(faces.size() * kAttributes);
    for (const FaceAttributes& f : faces) {
        const std::vector<float> v = faceAttributesToVector(f);
        values.insert(values.end(), v.begin(), v.end());
    }
    return torch::tensor(values).view({-1, kAttributes});
}

// The training loss for outputs against true attributes: mean squared error over the continuous
// and wrapping outputs plus the mean cross-entropy of the categorical ones.
torch::Tensor regressorLoss(const torch::Tensor& outputs, const torch::Tensor& attributes) {
    const auto [lo, span] = rangeTensors();
    const torch::Tensor unit = (attributes - lo) / span;
    std::vector<torch::Tensor> predicted, wanted, crossEntropy;
    std::int64_t c = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(kAttributes); ++i) {
        const std::int64_t width = outputsOf(i);
        const torch::Tensor out = outputs.narrow(1, c, width);
        const torch::Tensor u = unit.select(1, static_cast<std::int64_t>(i));
        if (faceAttributeRanges()[i].wraps) {
            predicted.push_back(out);
            wanted.push_back(torch::stack({torch::cos(u * kTwoPi), torch::sin(u * kTwoPi)}, 1));
        } else if (width > 1) {
            const torch::Tensor index =
                attributes.select(1, static_cast<std::int64_t>(i)).round().to(torch::kLong);
            crossEntropy.push_back(F::cross_entropy(out, index));
        } else {
            predicted.push_back(out);
            wanted.push_back(u.unsqueeze(1));
        }
        c += width;
    }
    return F::mse_loss(torch::cat(predicted, 1), torch::cat(wanted, 1)) +
           kCategoryWeight * torch::stack(crossEntropy).mean();
}

// Outputs back to attribute units: continuous values clamped to their range, hues from their
// angle, categories the most likely value.
torch::Tensor decodeOutputs(const torch::Tensor& outputs) {
    const auto [lo, span] = rangeTensors();
    std::vector<torch::Tensor> columns;
    std::int64_t c = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(kAttributes); ++i) {
        const std::int64_t width = outputsOf(i);
        const torch::Tensor out = outputs.narrow(1, c, width);
        if (faceAttributeRanges()[i].wraps) {
            const torch::Tensor turns = torch::atan2(out.select(1, 1), out.select(1, 0)) / kTwoPi;
            columns.push_back(torch::remainder(turns, 1.0));
        } else if (width > 1) {
            columns.push_back(out.argmax(1).to(torch::kFloat32) / span[static_cast<std::int64_t>(i)]);
        } else {
            columns.push_back(out.select(1, 0).clamp(0.0, 1.0));
        }
        c += width;
    }
    return torch::stack(columns, 1) * span + lo;
}

torch::Tensor regressorInput(const torch::Tensor& images) {
    return resizeImages(images.to(torch::kCPU, torch::kFloat32), kFaceRegressorResolution,
                        kFaceRegressorResolution);
}

}  // namespace

FaceRegressorImpl::FaceRegressorImpl() {
    nn::Sequential body;
    appendConvBlock(body, 3, 32);
    appendConvBlock(body, 32, 64);
    appendConvBlock(body, 64, 128);
    appendConvBlock(body, 128, 128);
    m_body = register_module("body", body);
    m_hidden = register_module("hidden", nn::Linear(128 * 4 * 4, kHidden));
    m_head = register_module("head", nn::Linear(kHidden, outputCount()));
}

torch::Tensor FaceRegressorImpl::features(const torch::Tensor& x) {
    return torch::relu(m_hidden->forward(m_body->forward(x).flatten(1)));
}

torch::Tensor FaceRegressorImpl::forward(const torch::Tensor& x) {
    return m_head->forward(features(x));
}

namespace {

// `read` applied to the images in chunks (bounded memory), without gradients, rows concatenated.
template <typename Read>
torch::Tensor readInChunks(FaceRegressor& model, const torch::Tensor& images, std::int64_t width,
                           Read read) {
    TORCH_CHECK(images.dim() == 4 && images.size(1) == 3,
                "the face regressor reads N x 3 x R x R images");
    torch::NoGradGuard noGrad;
    model->eval();
    std::vector<torch::Tensor> parts;
    for (std::int64_t i = 0; i < images.size(0); i += kPredictChunk) {
        const std::int64_t n = std::min(kPredictChunk, images.size(0) - i);
        parts.push_back(read(regressorInput(images.narrow(0, i, n))));
    }
    if (parts.empty()) return torch::zeros({0, width});
    return torch::cat(parts);
}

}  // namespace

torch::Tensor predictFaceAttributes(FaceRegressor& model, const torch::Tensor& images) {
    return readInChunks(model, images, kAttributes, [&](const torch::Tensor& x) {
        return decodeOutputs(model->forward(x));
    });
}

torch::Tensor faceRegressorFeatures(FaceRegressor& model, const torch::Tensor& images) {
    return readInChunks(model, images, kHidden,
                        [&](const torch::Tensor& x) { return model->features(x); });
}

torch::Tensor faceAttributeDistance(const torch::Tensor& a, const torch::Tensor& b) {
    TORCH_CHECK(a.sizes() == b.sizes() && a.dim() == 2 && a.size(1) == kAttributes,
                "attribute tables of N x 18");
    const auto [lo, span] = rangeTensors();
    torch::Tensor d = (a - b).abs() / span;  // in units of each range
    std::vector<torch::Tensor> columns;
    for (std::size_t i = 0; i < static_cast<std::size_t>(kAttributes); ++i) {
        const auto column = static_cast<std::int64_t>(i);
        if (faceAttributeRanges()[i].wraps) {
            const torch::Tensor x = d.select(1, column);
            columns.push_back(torch::minimum(x, 1.0 - x) * span[column]);
        } else if (!faceAttributeCategories(i).empty()) {
            columns.push_back(a.select(1, column).round().ne(b.select(1, column).round())
                                  .to(torch::kFloat32));
        } else {
            columns.push_back(d.select(1, column) * span[column]);
        }
    }
    return torch::stack(columns, 1);
}

std::vector<double> faceRegressorError(FaceRegressor& model, std::int64_t count) {
    std::vector<torch::Tensor> errors;
    for (std::int64_t first = 0; first < count; first += kPredictChunk) {
        const auto faces = faceAttributesRange(static_cast<std::uint64_t>(first),
                                               static_cast<std::size_t>(std::min(kPredictChunk, count - first)),
                                               kFaceRegressorTestSeed);
        const torch::Tensor predicted =
            predictFaceAttributes(model, renderFaces(faces, kFaceRegressorResolution));
        errors.push_back(faceAttributeDistance(predicted, attributeTensor(faces)));
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
            torch::Tensor loss = regressorLoss(model->forward(x), attributeTensor(faces));
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
    meta["outputs"] =
        "each continuous attribute scaled to [0, 1] over its range; the hues as (cos, sin); a "
        "logit per value of the categorical ones";
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
