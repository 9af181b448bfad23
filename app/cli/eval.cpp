// `latent eval`: sample quality of a grey Fashion-MNIST-like generator (class-conditional, or
// unconditional as trained on an image folder), measured in the shipped classifier's feature
// space, with real training images as the reference floor; face models go to evalFaceModel
// (evalfaces.cpp).
#include <cstdio>
#include <ostream>

#include <nlohmann/json.hpp>

#include "app/cli/cli.h"
#include "app/cli/common.h"
#include "app/cli/evalcommand.h"
#include "core/model/generator.h"
#include "core/train/classifier.h"
#include "core/train/dataset.h"
#include "core/train/quality.h"
#include "core/train/qualityprobe.h"

namespace latent::cli {

namespace {

constexpr std::uint64_t kEvalSeed = 20240601;

}  // namespace

int commandEval(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv,
              {"classifier", "count", "threads", "device", "fashion-mnist-dir", "regressor",
               "directions", "effect-samples"},
              {"json"});
    args.expectPositionals(1, "latent eval MODEL [--classifier FILE | --regressor FILE "
                              "[--directions DIRS.json]] [--count N] [--json]");
    const std::string classifierPath = args.text("classifier", train::findClassifier());
    const std::string dataDir = args.text("fashion-mnist-dir", train::kFashionMnistDir);
    const model::DeviceKind device = deviceOption(args);
    applyThreads(args);
    auto loaded = model::loadModel(args.positional(0, "MODEL"), {device});
    if (!loaded) {
        err << "latent: " << loaded.error() << "\n";
        return 1;
    }
    const model::ModelInfo& info = loaded->info;
    if (info.channels == 3) return evalFaceModel(args, *loaded, out, err);
    const int classes = info.numClasses();
    if (info.channels != 1 || (classes != 0 && classes != 10)) {
        err << "latent: " << info.name
            << " is neither a grey Fashion-MNIST-like generator (1 channel, unconditional or 10 "
               "classes) nor a colour face model\n";
        return 1;
    }
    for (const char* option : {"regressor", "directions", "effect-samples"}) {
        if (args.has(option))
            throw UsageError{std::string("--") + option + " is for face models (3 channels)"};
    }
    // At most the 5000 training images the classifier never saw (the reference floor).
    const std::int64_t count = args.integer("count", 2000, 10, 5000);
    if (classifierPath.empty()) {
        err << "latent: no classifier found (resources/models/fashion-classifier.ltm); "
               "give one with --classifier FILE\n";
        return 1;
    }
    auto classifier = train::readClassifier(classifierPath);
    if (!classifier) {
        err << "latent: " << classifier.error() << "\n";
        return 1;
    }
    auto test = train::loadFashionMnist(dataDir, train::kClassifierResolution, false);
    auto trainSet = train::loadFashionMnist(dataDir, train::kClassifierResolution, true);
    if (!test || !trainSet) {
        err << "latent: " << (!test ? test.error() : trainSet.error()) << "\n";
        return 1;
    }
    if (trainSet->size() < train::kClassifierTrainRows + count) {
        err << "latent: Fashion-MNIST: too few training images for --count " << count << "\n";
        return 1;
    }

    torch::InferenceMode inference;
    auto generator = loaded->generator;
    const train::GenerateFn generate = [&](const torch::Tensor& z, const torch::Tensor& c) {
        return generator->generate(z, c);
    };
    train::GeneratedSet samples =
        train::generateSamples(generate, count, info.latentSize, classes, kEvalSeed);
    // The classifier reads 32 px.
    samples.samples = train::resizeImages(samples.samples, train::kClassifierResolution,
                                          train::kClassifierResolution);
    auto& net = *classifier;
    const train::FeatureStats reference = train::featureStats(train::classifierFeatures(
        net, train::makeBatch(*test, torch::arange(test->size(), torch::kLong))));
    const torch::Tensor held =
        torch::arange(train::kClassifierTrainRows, train::kClassifierTrainRows + count,
                      torch::kLong);
    const double fidRealTrain = train::frechetDistance(
        train::featureStats(train::classifierFeatures(net, train::makeBatch(*trainSet, held))),
        reference);
    const torch::Tensor features = train::classifierFeatures(net, samples.samples);
    const double fidSamples = train::frechetDistance(train::featureStats(features), reference);
    const torch::Tensor predicted = net->head(features).argmax(1);
    // Unconditional models have no class to be recognised as: only the entropy of what is seen.
    const bool conditional = classes > 0;
    const double accuracy =
        conditional ? predicted.eq(samples.classes).to(torch::kFloat64).mean().item<double>() : 0.0;
    const double entropy = train::classHistogramEntropy(predicted, 10);

    if (args.flag("json")) {
        const nlohmann::json j = {
            {"model", info.name},
            {"classifier", classifierPath},
            {"count", count},
            {"conditional", conditional},
            {"reference", "fashion-mnist t10k (10000 images)"},
            {"fid_samples", fidSamples},
            {"fid_real_train", fidRealTrain},
            {"classifier_accuracy_on_samples", conditional ? nlohmann::json(accuracy) : nullptr},
            {"class_entropy", entropy}};
        out << j.dump(2) << "\n";
        return 0;
    }
    char text[512];
    std::snprintf(text, sizeof text,
                  "%s: %lld samples vs Fashion-MNIST t10k, in the classifier's feature space\n"
                  "  Frechet distance, samples:               %.3f\n"
                  "  Frechet distance, real training images:  %.3f  (the floor)\n",
                  info.name.c_str(), static_cast<long long>(count), fidSamples, fidRealTrain);
    out << text;
    if (conditional) {
        std::snprintf(text, sizeof text,
                      "  classifier accuracy on samples:          %.2f%%  (sample of class c seen "
                      "as c)\n",
                      100.0 * accuracy);
        out << text;
    }
    std::snprintf(text, sizeof text,
                  "  entropy of predicted classes:            %.4f nats  (max log 10 = 2.3026)\n",
                  entropy);
    out << text;
    return 0;
}

}  // namespace latent::cli
