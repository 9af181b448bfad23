// Quality metrics with known answers, the classifier file, and the trainer's quality columns.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/model/modelfile.h"
#include "core/model/modelfileio.h"
#include "core/train/classifier.h"
#include "core/train/dataset.h"
#include "core/train/metrics.h"
#include "core/train/networks.h"
#include "core/train/quality.h"
#include "core/train/qualityprobe.h"
#include "core/train/toy.h"
#include "core/train/trainer.h"
#include "tests/core/testutil.h"
#include "tests/core/train_testutil.h"

namespace latent {
namespace {

namespace fs = std::filesystem;
using train::FeatureStats;

FeatureStats gaussian(const std::vector<double>& mean, const torch::Tensor& covariance) {
    FeatureStats s;
    s.mean = torch::tensor(mean, torch::kFloat64);
    s.covariance = covariance.to(torch::kFloat64);
    s.count = 1000;
    return s;
}

torch::Tensor rotation(double angle) {
    return torch::tensor({std::cos(angle), -std::sin(angle), std::sin(angle), std::cos(angle)},
                         torch::kFloat64)
        .view({2, 2});
}

TEST(Quality, FrechetDistanceOfIdenticalSetsIsZero) {
    at::Generator gen = at::detail::createCPUGenerator(1);
    const torch::Tensor x = torch::randn({500, 16}, gen, torch::kFloat32);
    EXPECT_NEAR(train::frechetDistance(x, x), 0.0, 1e-6);
}

TEST(Quality, FrechetDistanceMatchesClosedFormForDiagonalGaussians) {
    // |m1 - m2|^2 + sum (sqrt(a_i) - sqrt(b_i))^2 when both covariances are diagonal.
    const auto a = gaussian({0, 0, 1}, torch::diag(torch::tensor({1.0, 4.0, 9.0})));
    const auto b = gaussian({1, 2, 1}, torch::diag(torch::tensor({4.0, 1.0, 9.0})));
    const double expected = (1 + 4 + 0) + (1 - 2) * (1 - 2) + (2 - 1) * (2 - 1) + 0;
    EXPECT_NEAR(train::frechetDistance(a, b), expected, 1e-9);
    EXPECT_NEAR(train::frechetDistance(b, a), expected, 1e-9);
}

TEST(Quality, FrechetDistanceHandlesCovariancesThatDoNotCommute) {
    // S1 = c I commutes with nothing in particular, but tr sqrt(S1 S2) = sqrt(c) tr sqrt(S2), and
    // S2 = R diag(d) R^T has tr sqrt(S2) = sum sqrt(d) for any rotation R.
    const torch::Tensor r = rotation(0.7);
    const torch::Tensor s2 = r.matmul(torch::diag(torch::tensor({9.0, 1.0}, torch::kFloat64))).matmul(r.t());
    const auto a = gaussian({0, 0}, 4.0 * torch::eye(2, torch::kFloat64));
    const auto b = gaussian({3, 4}, s2);
    const double expected = 25 + 8 + 10 - 2 * 2 * (3 + 1);
    EXPECT_NEAR(train::frechetDistance(a, b), expected, 1e-9);

    // Two general covariances: compare with the sampled estimate of the same Gaussians.
    at::Generator gen = at::detail::createCPUGenerator(7);
    const torch::Tensor l1 = torch::tensor({1.0, 0.0, 0.5, 1.5}, torch::kFloat64).view({2, 2});
    const torch::Tensor l2 = rotation(1.1).matmul(torch::diag(torch::tensor({2.0, 0.3}, torch::kFloat64)));
    const torch::Tensor x = torch::randn({200000, 2}, gen, torch::kFloat64).matmul(l1.t());
    const torch::Tensor y =
        torch::randn({200000, 2}, gen, torch::kFloat64).matmul(l2.t()) + torch::tensor({1.0, -1.0}, torch::kFloat64);
    const double exact = train::frechetDistance(gaussian({0, 0}, l1.matmul(l1.t())),
                                                gaussian({1, -1}, l2.matmul(l2.t())));
    EXPECT_NEAR(train::frechetDistance(x, y), exact, 0.1);
}

TEST(Quality, ClassEntropyOfUniformIsLogKAndOfOneClassIsZero) {
    EXPECT_NEAR(train::classHistogramEntropy(torch::arange(1000, torch::kLong).remainder(10), 10),
                std::log(10.0), 1e-12);
    EXPECT_NEAR(train::classHistogramEntropy(torch::full({50}, 3, torch::kLong), 10), 0.0, 1e-12);
    // Half in each of two classes: log 2.
    EXPECT_NEAR(train::classHistogramEntropy(torch::tensor({0, 1, 0, 1}, torch::kLong), 10),
                std::log(2.0), 1e-12);
}

TEST(Quality, GridJsDivergenceIsZeroForSameAndLog2ForDisjointPoints) {
    at::Generator gen = at::detail::createCPUGenerator(3);
    const torch::Tensor p = torch::randn({2000, 2}, gen, torch::kFloat32);
    EXPECT_NEAR(train::gridJsDivergence(p, p), 0.0, 1e-12);
    const torch::Tensor left = torch::rand({500, 2}, gen, torch::kFloat32) - 2.0;  // [-2, -1)^2
    const torch::Tensor right = torch::rand({800, 2}, gen, torch::kFloat32) + 1.0;  // [1, 2)^2
    EXPECT_NEAR(train::gridJsDivergence(left, right), std::log(2.0), 1e-12);
    const double partial = train::gridJsDivergence(p, p + 0.5);
    EXPECT_GT(partial, 0.01);
    EXPECT_LT(partial, std::log(2.0));
}

TEST(Quality, ClassifierFileRoundTripsAndRejectsOtherModels) {
    test::TempDir dir;
    train::FashionClassifier net;
    train::initWeights(*net, 11);
    net->eval();
    ASSERT_TRUE(train::writeClassifier(dir.file("c.ltm"), net, {{"test_accuracy", 0.5}}).ok());
    auto back = train::readClassifier(dir.file("c.ltm"));
    ASSERT_TRUE(back.ok()) << back.error();
    at::Generator gen = at::detail::createCPUGenerator(2);
    const torch::Tensor x = torch::rand({4, 1, 32, 32}, gen, torch::kFloat32) * 2 - 1;
    EXPECT_TRUE(torch::allclose(train::classifierLogits(net, x), train::classifierLogits(*back, x)));
    EXPECT_EQ(train::classifierFeatures(*back, x).sizes(),
              (std::vector<std::int64_t>{4, train::kClassifierFeatureSize}));
    // 64 px images are pooled to the classifier's 32 px.
    EXPECT_EQ(train::classifierLogits(*back, torch::zeros({2, 1, 64, 64})).sizes(),
              (std::vector<std::int64_t>{2, 10}));
    EXPECT_EQ(train::readClassifierMetadata(dir.file("c.ltm"))->value("test_accuracy", 0.0), 0.5);

    ASSERT_TRUE(model::writeModelFile(dir.file("g.ltm"), {{"architecture", "dcgan"}}, {}).ok());
    auto wrong = train::readClassifier(dir.file("g.ltm"));
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().find("not a classifier"), std::string::npos) << wrong.error();
}

TEST(Quality, ShippedClassifierIsAccurateOnHeldOutImages) {
    const std::string path = std::string(LATENT_SOURCE_DIR) + "/resources/models/fashion-classifier.ltm";
    auto test = train::loadFashionMnist(train::kFashionMnistDir, 32, false);
    if (!fs::exists(path) || !test) GTEST_SKIP() << "no shipped classifier or no Fashion-MNIST";
    EXPECT_LT(fs::file_size(path), 2u << 20);
    auto meta = train::readClassifierMetadata(path);
    ASSERT_TRUE(meta.ok()) << meta.error();
    EXPECT_GE(meta->value("test_accuracy", 0.0), 0.90);
    auto net = train::readClassifier(path);
    ASSERT_TRUE(net.ok()) << net.error();
    const torch::Tensor rows = torch::arange(2000, torch::kLong);
    EXPECT_GE(train::classifierAccuracy(*net, train::makeBatch(*test, rows),
                                        test->labels.index_select(0, rows)),
              0.88);
}

// A model trained on an image folder of garments is unconditional: `latent eval` still measures
// its FD (its 64 px samples read at the classifier's 32 px) and what classes it covers, but claims
// no accuracy; a grey model with other classes is refused in one line.
TEST(Quality, EvalMeasuresUnconditionalGreyModelsWithoutAccuracy) {
    const std::string classifier = std::string(LATENT_SOURCE_DIR) + "/resources/models/fashion-classifier.ltm";
    if (!fs::exists(classifier) || !train::loadFashionMnist(train::kFashionMnistDir, 32, false))
        GTEST_SKIP() << "no shipped classifier or no Fashion-MNIST";
    test::TempDir dir;
    model::DcganConfig grey{8, 64, 1, 4, {}, 0};
    ASSERT_TRUE(model::writeRandomDcgan(dir.file("folder.ltm"), grey, 3, "Folder model").ok());
    const auto run = test::runLatent("LATENT eval " + dir.file("folder.ltm") + " --count 50 --json");
    ASSERT_EQ(run.code, 0) << run.out;
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_FALSE(j["conditional"].get<bool>());
    EXPECT_TRUE(j["classifier_accuracy_on_samples"].is_null());
    // Untrained noise is far from garments, and its classes are whatever the noise looks like.
    EXPECT_GT(j["fid_samples"].get<double>(), 10 * j["fid_real_train"].get<double>());
    EXPECT_GE(j["class_entropy"].get<double>(), 0.0);
    EXPECT_LE(j["class_entropy"].get<double>(), std::log(10.0) + 1e-9);
    const auto text = test::runLatent("LATENT eval " + dir.file("folder.ltm") + " --count 50");
    ASSERT_EQ(text.code, 0) << text.out;
    EXPECT_NE(text.out.find("Frechet distance, samples"), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("accuracy"), std::string::npos) << text.out;

    grey.classNames = {"a", "b", "c"};
    ASSERT_TRUE(model::writeRandomDcgan(dir.file("three.ltm"), grey, 3, "Three classes").ok());
    const auto refused = test::runLatent("LATENT eval " + dir.file("three.ltm"));
    EXPECT_EQ(refused.code, 1);
    EXPECT_EQ(test::lineCount(refused.out), 1) << refused.out;
    EXPECT_NE(refused.out.find("unconditional or 10 classes"), std::string::npos) << refused.out;
}

TEST(Quality, ModeCoverageCountsTheModesTheDataHoldsAndNotACollapsedSet) {
    for (const std::string& name : train::toyKindNames()) {
        train::ToyKind kind{};
        ASSERT_TRUE(train::parseToyKind(name, &kind));
        const train::ToyModes modes = train::toyModes(kind);
        // The distribution itself covers every mode, nearly all of its points on them.
        const train::ModeCoverage real = train::modeCoverage(modes, train::sampleToy(kind, 20000, 3));
        EXPECT_EQ(real.covered, modes.count) << name;
        EXPECT_GT(real.onModes, 0.97) << name;
        // Every point on one mode: one covered. Points spread over the plane: few on modes.
        const train::ModeCoverage one =
            train::modeCoverage(modes, modes.points.narrow(0, 0, 1).expand({500, 2}));
        EXPECT_EQ(one.covered, 1) << name;
        const train::ModeCoverage blur = train::modeCoverage(
            modes, torch::rand({20000, 2}, torch::kFloat32) * 6.0 - 3.0);
        EXPECT_LT(blur.onModes, 0.3) << name;
    }
    // Half the modes of ring8 (the ones with an even index): 4 of 8.
    const train::ToyModes ring = train::toyModes(train::ToyKind::Ring8);
    const torch::Tensor even = train::sampleToy(train::ToyKind::Ring8, 4000, 5);
    const torch::Tensor angle = torch::atan2(even.select(1, 1), even.select(1, 0));
    const torch::Tensor index = torch::round(angle / (M_PI / 4)).remainder(8);
    EXPECT_EQ(train::modeCoverage(ring, even.index({index.remainder(2) == 0})).covered, 4);
}

TEST(Quality, DiversityIsOneForTheDataAndNearZeroForACollapsedGenerator) {
    const torch::Tensor real = train::sampleToy(train::ToyKind::Grid25, 5000, 1);
    auto probe = train::QualityProbe::forToy(real, train::ToyKind::Grid25, 5000);
    // A generator that ignores z and draws fresh data: as varied as the data, every mode covered.
    int call = 0;
    const train::GenerateFn likeData = [&](const torch::Tensor& z, const torch::Tensor&) {
        return train::sampleToy(train::ToyKind::Grid25, z.size(0), 100 + call++);
    };
    const train::QualityMeasurement good = probe->measure(likeData, 2, 0);
    EXPECT_NEAR(good.diversity, 1.0, 0.05);
    EXPECT_EQ(good.modesCovered, 25);
    EXPECT_LT(good.quality, 0.05);
    // Collapsed: every z lands near one point.
    const train::GenerateFn collapsed = [](const torch::Tensor& z, const torch::Tensor&) {
        return torch::tensor({1.0f, -1.0f}).expand({z.size(0), 2}) + 0.01 * z.narrow(1, 0, 2);
    };
    const train::QualityMeasurement bad = probe->measure(collapsed, 2, 0);
    EXPECT_LT(bad.diversity, 0.02);
    EXPECT_EQ(bad.modesCovered, 1);

    // Images: the same ratio on pooled pixels.
    const torch::Tensor images = torch::rand({200, 3, 32, 32}) * 2 - 1;
    auto imageProbe = train::QualityProbe::forImages(images, 200);
    const train::GenerateFn same = [&](const torch::Tensor& z, const torch::Tensor&) {
        return images.narrow(0, 0, z.size(0));
    };
    EXPECT_NEAR(imageProbe->measure(same, 4, 0).diversity, 1.0, 1e-6);
    const train::GenerateFn oneImage = [&](const torch::Tensor& z, const torch::Tensor&) {
        return images.narrow(0, 0, 1).expand({z.size(0), 3, 32, 32});
    };
    const train::QualityMeasurement flat = imageProbe->measure(oneImage, 4, 0);
    EXPECT_LT(flat.diversity, 1e-6);  // cdist is not exactly 0 on equal rows
    EXPECT_TRUE(std::isnan(flat.modesCovered));
    EXPECT_TRUE(std::isnan(flat.quality));
}

TEST(Quality, MetricsCsvHasQualityColumnsAndReadsOldFiles) {
    test::TempDir dir;
    train::MetricsRow measured;
    measured.step = 10;
    measured.quality = 12.5;
    measured.classEntropy = 2.25;
    measured.diversity = 0.75;
    measured.modesCovered = 7;
    train::MetricsRow plain;
    plain.step = 20;
    ASSERT_TRUE(train::appendMetrics(dir.file("m.csv"), measured).ok());
    ASSERT_TRUE(train::appendMetrics(dir.file("m.csv"), plain).ok());
    auto rows = train::readMetrics(dir.file("m.csv"));
    ASSERT_TRUE(rows.ok()) << rows.error();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_DOUBLE_EQ((*rows)[0].quality, 12.5);
    EXPECT_DOUBLE_EQ((*rows)[0].classEntropy, 2.25);
    EXPECT_DOUBLE_EQ((*rows)[0].diversity, 0.75);
    EXPECT_DOUBLE_EQ((*rows)[0].modesCovered, 7);
    EXPECT_TRUE(std::isnan((*rows)[1].quality));
    EXPECT_EQ(train::metricsCsvLine(plain).substr(train::metricsCsvLine(plain).size() - 4), ",,,,");

    // A file from before the quality columns: rows read, quality stays NaN.
    std::ofstream(dir.file("old.csv"))
        << "step,epoch,images_seen,g_loss,d_loss,d_real,d_fake,g_grad_norm,d_grad_norm,"
           "images_per_sec,wall_time_s\n10,0,640,1.5,0.5,1,-1,2,3,100.0,6.4\n";
    auto old = train::readMetrics(dir.file("old.csv"));
    ASSERT_TRUE(old.ok()) << old.error();
    ASSERT_EQ(old->size(), 1u);
    EXPECT_EQ((*old)[0].imagesSeen, 640);
    EXPECT_DOUBLE_EQ((*old)[0].imagesPerSec, 100.0);
    EXPECT_TRUE(std::isnan((*old)[0].quality));
}

TEST(QualityTrainer, ToyRunMeasuresJsAndPublishesTheHeatMap) {
    test::TempDir run;
    auto config = test::tinyToyConfig(run.path());
    config.qualityEvery = 3;
    train::Trainer trainer(config);
    trainer.start();
    trainer.wait();
    ASSERT_EQ(trainer.state(), train::TrainerState::Finished) << trainer.error();
    const auto rows = trainer.metrics();
    ASSERT_EQ(rows.size(), 6u);
    for (const auto& row : rows) {
        EXPECT_TRUE(std::isnan(row.classEntropy));
        if (row.step % 3 == 0) {
            EXPECT_GT(row.quality, 0.0);
            EXPECT_LE(row.quality, std::log(2.0) + 1e-9);
            EXPECT_GT(row.diversity, 0.0);
            EXPECT_GE(row.modesCovered, 0);
            EXPECT_LE(row.modesCovered, 8);
        } else {
            EXPECT_TRUE(std::isnan(row.quality)) << row.step;
            EXPECT_TRUE(std::isnan(row.modesCovered)) << row.step;
        }
    }
    const auto snap = trainer.snapshot();
    ASSERT_TRUE(snap);
    EXPECT_EQ(snap->heatmapSize, 64);
    EXPECT_FLOAT_EQ(snap->extent, 3.0f);
    ASSERT_EQ(snap->heatmap.size(), 64u * 64u);
    for (float v : snap->heatmap) {
        EXPECT_GE(v, 0.0f);
        EXPECT_LE(v, 1.0f);
    }
    EXPECT_EQ(snap->realPoints.size(), 2u * 1024u);
}

TEST(QualityTrainer, FashionRunMeasuresFdAndClassEntropy) {
    test::TempDir data, run;
    test::writeFakeFashionMnist(data.path(), 40);
    // The same fake images serve as the held-out t10k split.
    for (const char* kind : {"images-idx3", "labels-idx1"}) {
        fs::copy_file(data.file(std::string("train-") + kind + "-ubyte.gz"),
                      data.file(std::string("t10k-") + kind + "-ubyte.gz"));
    }
    train::FashionClassifier net;
    train::initWeights(*net, 4);
    ASSERT_TRUE(train::writeClassifier(data.file("c.ltm"), net, {}).ok());
    auto config = test::tinyDcganConfig(data.path(), run.path());
    config.steps = 4;
    config.qualityEvery = 2;
    config.qualitySamples = 30;
    config.classifierPath = data.file("c.ltm");
    train::Trainer trainer(config);
    trainer.start();
    trainer.wait();
    ASSERT_EQ(trainer.state(), train::TrainerState::Finished) << trainer.error();
    EXPECT_EQ(trainer.dataset().qualityNote, "");
    const auto rows = trainer.metrics();
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_TRUE(std::isnan(rows[0].quality));
    EXPECT_GT(rows[1].quality, 0.0);
    EXPECT_GE(rows[3].classEntropy, 0.0);
    EXPECT_LE(rows[3].classEntropy, std::log(10.0) + 1e-9);
    EXPECT_GT(rows[3].diversity, 0.0);
    EXPECT_TRUE(std::isnan(rows[3].modesCovered));
    auto csv = train::readMetrics(run.file("metrics.csv"));
    ASSERT_TRUE(csv.ok());
    EXPECT_NEAR((*csv)[1].quality, rows[1].quality, 1e-5 * rows[1].quality);  // %.6g in the file

    // Without a classifier the run still trains, with a note saying why quality is off.
    test::TempDir run2;
    config.runDir = run2.path();
    config.classifierPath = data.file("missing.ltm");
    train::Trainer second(config);
    second.start();
    second.wait();
    ASSERT_EQ(second.state(), train::TrainerState::Finished) << second.error();
    EXPECT_NE(second.dataset().qualityNote.find("quality metrics off"), std::string::npos);
    EXPECT_TRUE(std::isnan(second.metrics().back().quality));
}

TEST(QualityTrainer, FolderRunMeasuresDiversity) {
    test::TempDir data, run;
    test::writeImageFolder(data.path(), 12);
    auto config = test::tinyDcganConfig(data.path(), run.path());
    config.data = data.path();
    config.conditional = false;
    config.steps = 2;
    config.qualityEvery = 2;
    config.qualitySamples = 12;
    train::Trainer trainer(config);
    trainer.start();
    trainer.wait();
    ASSERT_EQ(trainer.state(), train::TrainerState::Finished) << trainer.error();
    EXPECT_NE(trainer.dataset().qualityNote.find("diversity is measured"), std::string::npos);
    const auto rows = trainer.metrics();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_GT(rows[1].diversity, 0.0);
    EXPECT_TRUE(std::isnan(rows[1].quality));
}

}  // namespace
}  // namespace latent
