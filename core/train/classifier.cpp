#include "core/train/classifier.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/latent/latent.h"
#include "core/model/modelfileio.h"
#include "core/train/checkpoint.h"
#include "core/train/dataset.h"
#include "core/train/networks.h"
#include "core/train/prefetcher.h"

namespace latent::train {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace {

constexpr std::int64_t kChunk = 500;  // images per forward when evaluating: bounded memory

torch::Tensor toClassifierInput(const torch::Tensor& images) {
    torch::Tensor x = images.to(torch::kCPU, torch::kFloat32);
    if (x.size(2) != kClassifierResolution)
        x = torch::adaptive_avg_pool2d(x, {kClassifierResolution, kClassifierResolution});
    return x;
}

template <typename Fn>
torch::Tensor chunked(FashionClassifier& model, const torch::Tensor& images, Fn fn) {
    torch::NoGradGuard noGrad;
    model->eval();
    std::vector<torch::Tensor> parts;
    for (std::int64_t i = 0; i < images.size(0); i += kChunk) {
        const std::int64_t n = std::min(kChunk, images.size(0) - i);
        parts.push_back(fn(toClassifierInput(images.narrow(0, i, n))));
    }
    return torch::cat(parts);
}

}  // namespace

FashionClassifierImpl::FashionClassifierImpl() {
    nn::Sequential body;
    appendConvBlock(body, 1, 32);
    appendConvBlock(body, 32, 64);
    appendConvBlock(body, 64, 64);
    m_body = register_module("body", body);
    m_features = register_module("features", nn::Linear(64 * 4 * 4, kClassifierFeatureSize));
    m_head = register_module("head", nn::Linear(kClassifierFeatureSize, 10));
}

torch::Tensor FashionClassifierImpl::features(const torch::Tensor& x) {
    return torch::relu(m_features->forward(m_body->forward(x).flatten(1)));
}

torch::Tensor FashionClassifierImpl::head(const torch::Tensor& features) {
    return m_head->forward(features);
}

torch::Tensor FashionClassifierImpl::forward(const torch::Tensor& x) { return head(features(x)); }

torch::Tensor classifierFeatures(FashionClassifier& model, const torch::Tensor& images) {
    return chunked(model, images, [&](const torch::Tensor& x) { return model->features(x); });
}

torch::Tensor classifierLogits(FashionClassifier& model, const torch::Tensor& images) {
    return chunked(model, images, [&](const torch::Tensor& x) { return model->forward(x); });
}

double classifierAccuracy(FashionClassifier& model, const torch::Tensor& images,
                          const torch::Tensor& labels) {
    if (images.size(0) == 0) return 0;
    const torch::Tensor predicted = classifierLogits(model, images).argmax(1);
    return predicted.eq(labels.to(torch::kCPU)).to(torch::kFloat64).mean().item<double>();
}

Result<TrainedClassifier> trainClassifier(const ClassifierTrainOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    const std::string dir = o.fashionMnistDir.empty() ? kFashionMnistDir : o.fashionMnistDir;
    try {
        auto train = loadFashionMnist(dir, kClassifierResolution, true);
        if (!train) return Error{train.error()};
        auto test = loadFashionMnist(dir, kClassifierResolution, false);
        if (!test) return Error{test.error()};
        if (train->size() <= kClassifierTrainRows)
            return Error{"Fashion-MNIST: the training split has too few images"};

        FashionClassifier model;
        initWeights(*model, latent::mixSeed(o.seed, 1));
        torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(o.lr));
        BatchOrder order(kClassifierTrainRows, o.batch, latent::mixSeed(o.seed, 2));
        const std::int64_t total = order.batchesPerEpoch() * o.epochs;
        double runningLoss = 0;
        model->train();
        for (std::int64_t k = 0; k < total; ++k) {
            // Linear decay to 0: the last steps settle instead of bouncing, worth ~1% accuracy.
            const double lr = o.lr * (1.0 - static_cast<double>(k) / static_cast<double>(total));
            static_cast<torch::optim::AdamOptions&>(adam.param_groups()[0].options()).lr(lr);
            const torch::Tensor indices = order.indices(k);
            const torch::Tensor x = makeBatch(*train, indices);
            const torch::Tensor y = train->labels.index_select(0, indices);
            torch::Tensor loss = F::cross_entropy(model->forward(x), y);
            adam.zero_grad();
            loss.backward();
            adam.step();
            runningLoss += loss.item<double>();
            if (o.progress && (k + 1) % 200 == 0) {
                char line[128];
                std::snprintf(line, sizeof line, "epoch %lld  batch %lld/%lld  loss %.4f",
                              static_cast<long long>(order.epochOf(k)),
                              static_cast<long long>(k) + 1, static_cast<long long>(total),
                              runningLoss / 200.0);
                o.progress(line);
                runningLoss = 0;
            }
        }
        model->eval();
        TrainedClassifier result;
        result.model = model;
        const torch::Tensor all = torch::arange(test->size(), torch::kLong);
        result.testAccuracy = classifierAccuracy(model, makeBatch(*test, all), test->labels);
        const torch::Tensor held =
            torch::arange(kClassifierTrainRows, train->size(), torch::kLong);
        result.heldOutAccuracy = classifierAccuracy(model, makeBatch(*train, held),
                                                    train->labels.index_select(0, held));
        result.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return result;
    } catch (const std::exception& e) {
        return Error{std::string("classifier training failed: ") + e.what()};
    }
}

Status writeClassifier(const std::string& path, FashionClassifier& model,
                       const nlohmann::json& extra) {
    nlohmann::json meta = extra;
    meta["format_version"] = 1;
    meta["architecture"] = kClassifierArchitecture;
    meta["name"] = "Fashion-MNIST classifier";
    meta["input"] = "N x 1 x 32 x 32 in [-1, 1] (28 px padded with -1)";
    meta["feature_size"] = kClassifierFeatureSize;
    meta["class_names"] = fashionMnistClassNames();
    model::NamedTensors tensors;
    addModuleTensors(tensors, *model, "classifier");
    return model::writeModelFile(path, meta, tensors);
}

Result<nlohmann::json> readClassifierMetadata(const std::string& path) {
    auto file = model::readModelFile(path);
    if (!file) return Error{file.error()};
    if (file->metadata.value("architecture", std::string()) != kClassifierArchitecture)
        return Error{path + ": not a classifier file (architecture is not \"classifier\")"};
    return file->metadata;
}

Result<FashionClassifier> readClassifier(const std::string& path) {
    auto file = model::readModelFile(path);
    if (!file) return Error{file.error()};
    if (file->metadata.value("architecture", std::string()) != kClassifierArchitecture)
        return Error{path + ": not a classifier file (architecture is not \"classifier\")"};
    try {
        FashionClassifier model;
        TensorMap tensors(file->tensors.begin(), file->tensors.end());
        if (auto s = loadModuleTensors(*model, tensors, "classifier"); !s)
            return Error{path + ": " + s.error()};
        model->eval();
        return model;
    } catch (const std::exception& e) {
        return Error{path + ": " + e.what()};
    }
}

}  // namespace latent::train
