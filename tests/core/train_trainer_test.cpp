#include <gtest/gtest.h>

#include <ATen/Parallel.h>

#include <filesystem>
#include <mutex>
#include <fstream>
#include <sstream>

#include "core/image/png.h"
#include "core/model/generator.h"
#include "core/model/loader.h"
#include "core/runtime/runtime.h"
#include "core/train/augment.h"
#include "core/train/checkpoint.h"
#include "core/train/runfolder.h"
#include "core/train/trainer.h"
#include "tests/core/testutil.h"
#include "tests/core/train_testutil.h"

namespace {

using namespace latent;
namespace fs = std::filesystem;

train::TrainerState runToEnd(const train::TrainConfig& config, std::string* error = nullptr) {
    train::Trainer trainer(config);
    trainer.start();
    trainer.wait();
    if (error) *error = trainer.error();
    return trainer.state();
}

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every tensor (G, EMA, D, both Adam states) of two checkpoints is bit-identical.
void expectSameCheckpoint(const std::string& a, const std::string& b) {
    auto ca = train::readCheckpoint(a);
    auto cb = train::readCheckpoint(b);
    ASSERT_TRUE(ca.ok()) << ca.error();
    ASSERT_TRUE(cb.ok()) << cb.error();
    ASSERT_EQ(ca->tensors.size(), cb->tensors.size());
    for (const auto& [name, tensor] : ca->tensors) {
        ASSERT_TRUE(cb->tensors.count(name)) << name;
        EXPECT_TRUE(torch::equal(tensor, cb->tensors.at(name))) << name << " differs";
    }
    EXPECT_EQ(ca->metadata["step"], cb->metadata["step"]);
}

void expectExactResume(const train::TrainConfig& straight, train::TrainConfig split) {
    ASSERT_EQ(runToEnd(straight), train::TrainerState::Finished);

    const auto total = split.steps;
    split.steps = total / 2;
    ASSERT_EQ(runToEnd(split), train::TrainerState::Finished);
    split.steps = total;
    split.resume = true;
    std::string error;
    ASSERT_EQ(runToEnd(split, &error), train::TrainerState::Finished) << error;

    expectSameCheckpoint(train::checkpointPath(straight.runDir, total),
                         train::checkpointPath(split.runDir, total));
    // The metrics of the resumed run continue where the first half stopped, with the same values
    // in every column but the timings (images/s and wall time).
    auto rows = [](const std::string& dir) {
        auto read = train::readMetrics(dir + "/metrics.csv");
        EXPECT_TRUE(read.ok()) << read.error();
        std::vector<std::string> out;
        if (!read.ok()) return out;
        for (train::MetricsRow row : *read) {
            row.imagesPerSec = 0;
            row.wallTimeS = 0;
            out.push_back(train::metricsCsvLine(row));
        }
        return out;
    };
    const auto a = rows(straight.runDir), b = rows(split.runDir);
    ASSERT_EQ(a.size(), static_cast<std::size_t>(total));
    EXPECT_EQ(a, b);
}

}  // namespace

TEST(TrainTrainer, ResumeIsExactForConditionalDcgan) {
    test::TempDir data, one, two;
    test::writeFakeFashionMnist(data.path(), 40);
    auto config = test::tinyDcganConfig(data.path(), one.path());
    config.loss = train::LossKind::Hinge;
    config.r1Gamma = 1.0;
    auto other = config;
    other.runDir = two.path();
    expectExactResume(config, other);
}

TEST(TrainTrainer, ResumeIsExactForToyWganGp) {
    test::TempDir one, two;
    auto config = test::tinyToyConfig(one.path());
    config.loss = train::LossKind::WganGp;  // 5 D steps per G step, gradient penalty
    auto other = config;
    other.runDir = two.path();
    expectExactResume(config, other);
}

TEST(TrainTrainer, DivergenceStopsTheRunAndKeepsTheLastCheckpoint) {
    test::TempDir run;
    auto config = test::tinyToyConfig(run.path());
    config.steps = 4;
    config.checkpointEvery = 2;
    ASSERT_EQ(runToEnd(config), train::TrainerState::Finished);
    const std::string last = train::checkpointPath(run.path(), 4);
    const std::string before = fileBytes(last);
    ASSERT_FALSE(before.empty());

    // An absurd learning rate blows the weights up on the next update.
    config.resume = true;
    config.steps = 20;
    config.lrG = config.lrD = 1e30;
    std::string error;
    EXPECT_EQ(runToEnd(config, &error), train::TrainerState::Failed);
    EXPECT_NE(error.find("training diverged at step 5: "), std::string::npos) << error;
    EXPECT_TRUE(error.find("NaN") != std::string::npos ||
                error.find("infinite") != std::string::npos)
        << error;
    EXPECT_EQ(train::listCheckpoints(run.path()), (std::vector<std::int64_t>{2, 4}));
    EXPECT_EQ(fileBytes(last), before);
}

TEST(TrainTrainer, PauseResumeAndStopTakeEffectWithinOneStep) {
    test::TempDir run;
    auto config = test::tinyToyConfig(run.path());
    config.steps = 1000000000;
    train::Trainer trainer(config);
    trainer.start();
    ASSERT_TRUE(test::waitFor([&] { return trainer.step() >= 3; })) << trainer.error();

    trainer.pause();
    const auto requested = trainer.step();
    ASSERT_TRUE(test::waitFor([&] { return trainer.state() == train::TrainerState::Paused; }));
    const auto paused = trainer.step();
    EXPECT_LE(paused, requested + 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(trainer.step(), paused);

    trainer.resume();
    ASSERT_TRUE(test::waitFor([&] { return trainer.step() >= paused + 3; }));

    trainer.stop();
    const auto stopRequested = trainer.step();
    trainer.wait();  // stop takes effect between steps: at most the step in progress finishes
    EXPECT_EQ(trainer.state(), train::TrainerState::Stopped);
    EXPECT_LE(trainer.step(), stopRequested + 1);
    // Stopping writes a checkpoint of the last step.
    ASSERT_FALSE(train::listCheckpoints(run.path()).empty());
    EXPECT_EQ(train::listCheckpoints(run.path()).back(), trainer.step());
    EXPECT_FALSE(trainer.metrics().empty());
    ASSERT_TRUE(trainer.snapshot());
    EXPECT_EQ(trainer.snapshot()->points.size(), 1024u * 2);
}

// The first samples show within seconds: snapshots at steps 10 and 50 ahead of the first regular
// sample (step 500 here), shown but not written to samples/.
TEST(TrainTrainer, FirstSamplesArePublishedEarlyWithoutWritingFiles) {
    test::TempDir run;
    auto config = test::tinyToyConfig(run.path());
    config.steps = 60;
    config.sampleEvery = 500;
    std::vector<std::int64_t> published;
    train::Trainer::Callbacks callbacks;
    callbacks.snapshot = [&](const std::shared_ptr<const train::TrainerSnapshot>& s) {
        published.push_back(s->step);  // the trainer's thread; read after wait()
    };
    train::Trainer trainer(config, callbacks);
    trainer.start();
    trainer.wait();
    ASSERT_EQ(trainer.state(), train::TrainerState::Finished) << trainer.error();
    EXPECT_EQ(published, (std::vector<std::int64_t>{0, 10, 50, 60}));
    std::vector<std::string> samples;
    for (const auto& e : fs::directory_iterator(run.file("samples")))
        samples.push_back(e.path().filename());
    EXPECT_EQ(samples, (std::vector<std::string>{"step_000060.png"}));  // the end only
    EXPECT_FALSE(train::earlyPreview(600, 500));
    EXPECT_TRUE(train::earlyPreview(400, 0));
}

// The Training panel's CPU row: the run's thread count and a lower priority apply to the training
// thread and the OpenMP team it starts, not to the caller (the UI thread, the Explorer's renders).
TEST(TrainTrainer, RunsWithItsOwnThreadCountAndLowerPriority) {
    test::TempDir run;
    auto config = test::tinyToyConfig(run.path());
    config.threads = 2;
    config.lowPriority = true;
    const int callerThreads = at::get_num_threads();
    const int callerNice = runtime::thisThreadsNiceness();
    int trainingThreads = 0, trainingNice = -100;
    std::vector<int> teamNice;
    std::mutex teamMutex;
    train::Trainer::Callbacks callbacks;
    callbacks.loaded = [&](const train::DatasetSummary&) {  // on the training thread
        trainingThreads = at::get_num_threads();
        trainingNice = runtime::thisThreadsNiceness();
        at::parallel_for(0, 64, 1, [&](std::int64_t, std::int64_t) {
            const int nice = runtime::thisThreadsNiceness();
            std::lock_guard<std::mutex> lock(teamMutex);
            teamNice.push_back(nice);
        });
    };
    train::Trainer trainer(config, callbacks);
    trainer.start();
    trainer.wait();
    ASSERT_EQ(trainer.state(), train::TrainerState::Finished) << trainer.error();
    EXPECT_EQ(trainingThreads, 2);
    EXPECT_EQ(trainingNice, std::min(19, callerNice + 10));
    ASSERT_FALSE(teamNice.empty());
    for (int nice : teamNice) EXPECT_EQ(nice, trainingNice);
    EXPECT_EQ(at::get_num_threads(), callerThreads);
    EXPECT_EQ(runtime::thisThreadsNiceness(), callerNice);

    // Out of range is a one-line error naming the field.
    config.threads = runtime::maxThreadCount() + 1;
    auto checked = train::prepareConfig(config);
    ASSERT_FALSE(checked.ok());
    EXPECT_NE(checked.error().find("threads must be between 0 and"), std::string::npos)
        << checked.error();
}

TEST(TrainTrainer, WritesRunFolderAndLoadableEmaModel) {
    test::TempDir data, run;
    test::writeFakeFashionMnist(data.path(), 40);
    auto config = test::tinyDcganConfig(data.path(), run.path());
    config.steps = 4;
    config.sampleEvery = 2;
    config.checkpointEvery = 2;
    config.keepCheckpoints = 1;
    std::shared_ptr<const train::TrainerSnapshot> fromCallback;
    train::Trainer::Callbacks callbacks;
    callbacks.snapshot = [&](std::shared_ptr<const train::TrainerSnapshot> s) {
        fromCallback = std::move(s);
    };
    train::Trainer trainer(config, callbacks);
    trainer.start();
    trainer.wait();
    ASSERT_EQ(trainer.state(), train::TrainerState::Finished) << trainer.error();
    EXPECT_EQ(trainer.dataset().size, 40);
    EXPECT_EQ(trainer.dataset().channels, 1);
    EXPECT_EQ(trainer.dataset().classNames.size(), 10u);

    // Only the newest checkpoint is kept and no temporary file is left behind.
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(run.file("checkpoints")))
        names.push_back(e.path().filename());
    EXPECT_EQ(names, (std::vector<std::string>{"step_000004.ckpt"}));
    // A leftover temporary from a crash mid-write is ignored when resuming.
    std::ofstream(run.file("checkpoints/.step_000006.ckpt.tmp-1-1")) << "partial";
    EXPECT_EQ(train::listCheckpoints(run.path()), (std::vector<std::int64_t>{4}));

    auto loaded = model::loadModel(run.file("ema.ltm"), {model::DeviceKind::Cpu});
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_EQ(loaded->info.resolution, 32);
    EXPECT_EQ(loaded->info.channels, 1);
    EXPECT_EQ(loaded->info.classNames.size(), 10u);
    EXPECT_EQ(loaded->info.classNames[0], "T-shirt/top");

    EXPECT_TRUE(image::readPng(run.file("samples/step_000002.png")).ok());
    EXPECT_TRUE(image::readPng(run.file("samples/step_000004.png")).ok());
    std::ifstream csv(run.file("metrics.csv"));
    std::string header;
    std::getline(csv, header);
    EXPECT_EQ(
        header,
        "step,epoch,images_seen,g_loss,d_loss,d_real,d_fake,g_grad_norm,d_grad_norm,images_per_sec,"
        "wall_time_s,quality,class_entropy,diversity,modes_covered,real_sign,augment_p");
    EXPECT_TRUE(fs::exists(run.file("config.json")));
    ASSERT_EQ(trainer.metrics().size(), 4u);
    EXPECT_EQ(trainer.metrics().back().imagesSeen, 4 * 8);

    // The snapshot is an independent model a UI can render from, with its info.
    ASSERT_TRUE(fromCallback && fromCallback->model.generator);
    EXPECT_EQ(fromCallback->step, 4);
    const model::ModelInfo& info = fromCallback->model.info;
    EXPECT_EQ(info.name, "Training snapshot, step 4 (fashion-mnist)");
    EXPECT_EQ(info.latentSize, 8);
    EXPECT_EQ(info.resolution, 32);
    EXPECT_EQ(info.channels, 1);
    EXPECT_EQ(info.classNames.size(), 10u);
    EXPECT_EQ(info.contentHash, "snapshot:" + config.runDir + ":4");
    torch::InferenceMode inference;
    auto images = fromCallback->model.generator->generate(torch::zeros({2, 8}),
                                                          torch::tensor({0, 9}, torch::kLong));
    EXPECT_EQ(images.sizes(), (std::vector<std::int64_t>{2, 1, 32, 32}));
}

TEST(TrainTrainer, BadDataFailsWithAMessage) {
    test::TempDir run, empty;
    auto config = test::tinyDcganConfig(empty.path(), run.file("run"));
    std::string error;
    EXPECT_EQ(runToEnd(config, &error), train::TrainerState::Failed);
    EXPECT_NE(error.find("train-images-idx3-ubyte.gz"), std::string::npos) << error;

    config.resume = true;
    EXPECT_EQ(runToEnd(config, &error), train::TrainerState::Failed);
    EXPECT_NE(error.find("no checkpoint"), std::string::npos) << error;
}

// A checkpoint's generator opens in the Explorer and the CLI like any model file: the same
// images as the run's ema.ltm written with it. A toy run's checkpoint says why it does not.
TEST(TrainTrainer, ACheckpointOpensAsTheRunsGenerator) {
    test::TempDir data, run, toy;
    test::writeFakeFashionMnist(data.path(), 40);
    auto config = test::tinyDcganConfig(data.path(), run.path());
    config.checkpointEvery = 3;
    ASSERT_EQ(runToEnd(config), train::TrainerState::Finished);
    const std::string checkpoint = train::checkpointPath(run.path(), 6);
    auto fromCheckpoint = model::loadModel(checkpoint, {model::DeviceKind::Cpu});
    ASSERT_TRUE(fromCheckpoint.ok()) << fromCheckpoint.error();
    auto ema = model::loadModel(train::runEmaPath(run.path()), {model::DeviceKind::Cpu});
    ASSERT_TRUE(ema.ok()) << ema.error();
    EXPECT_EQ(fromCheckpoint->info.classNames, ema->info.classNames);
    EXPECT_EQ(fromCheckpoint->info.resolution, 32);
    c10::InferenceMode guard;
    const auto z = torch::randn({3, 8});
    const auto classes = torch::tensor({0, 4, 9}, torch::kLong);
    EXPECT_TRUE(torch::equal(fromCheckpoint->generator->generate(z, classes),
                             ema->generator->generate(z, classes)));
    const auto cli = test::runLatent("LATENT sample " + checkpoint + " --seed 3 --class 2 --out " +
                                     run.file("from-checkpoint.png"));
    EXPECT_EQ(cli.code, 0) << cli.out;

    auto toyConfig = test::tinyToyConfig(toy.path());
    toyConfig.checkpointEvery = 6;
    ASSERT_EQ(runToEnd(toyConfig), train::TrainerState::Finished);
    auto refused = model::loadModel(train::checkpointPath(toy.path(), 6), {model::DeviceKind::Cpu});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("toy run's checkpoint"), std::string::npos) << refused.error();
}

// The style-based generator trains (lazy R1, style mixing, random layer noise, the EMA half-life)
// and resumes bit for bit; its ema.ltm opens as a style-based model.
TEST(TrainTrainer, ResumeIsExactForTheStyleBasedGenerator) {
    test::TempDir data, one, two;
    test::writeFakeFashionMnist(data.path(), 40);
    auto config = train::withStyleRecipe(test::tinyDcganConfig(data.path(), one.path()));
    config.resolution = 32;
    config.batch = 8;
    config.latentSize = 8;
    config.gWidth = 8;
    config.dWidth = 8;
    config.steps = 18;  // lazy R1 at steps 0 and 16, either side of the split
    config.logEvery = 1;
    config.checkpointEvery = 0;
    auto other = config;
    other.runDir = two.path();
    expectExactResume(config, other);
    auto loaded = model::loadModel(one.path() + "/ema.ltm", {model::DeviceKind::Cpu});
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_TRUE(loaded->info.styleBased());
    EXPECT_EQ(loaded->info.numClasses(), 10);
    EXPECT_EQ(loaded->info.resolution, 32);
}

TEST(TrainTrainer, ResumeIsExactWithAdaptiveAugmentation) {
    // An image folder: augmentation is on by default, adaptive. 16 images and a batch of 8: D soon
    // knows every real image, and p rises.
    test::TempDir data, one, two;
    test::writeImageFolder(data.path(), 16);
    auto config = test::tinyDcganConfig(data.path(), one.path());
    config.data = data.path();
    config.conditional = false;
    config.steps = 30;  // p is adjusted every 4 steps, so the split (15) falls between two
    config.lrD = 0.01;
    auto other = config;
    other.runDir = two.path();
    expectExactResume(config, other);
    auto rows = train::readMetrics(one.path() + "/metrics.csv");
    ASSERT_TRUE(rows.ok()) << rows.error();
    EXPECT_EQ(rows->front().augmentP, 0.0);
    EXPECT_GT(rows->back().augmentP, 0.0) << "D grew sure of the reals; p should have risen";
    EXPECT_GT(rows->back().realSign, train::kAugmentTarget);
    EXPECT_NE(fileBytes(one.path() + "/config.json").find("\"augment\": \"ada\""),
              std::string::npos);
}
