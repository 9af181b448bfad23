// The recipes a run starts from (train::defaultConfig): what a user gets by picking the data and
// pressing Start. Mode coverage of the toy recipe is measured on real training, not timed.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "core/runtime/runtime.h"
#include "core/train/collapse.h"
#include "core/train/trainer.h"
#include "tests/core/testutil.h"

namespace latent {
namespace {

// The toy recipe for `steps` steps, measured once at the end.
std::vector<train::MetricsRow> trainToy(const std::string& data, std::int64_t steps,
                                        const std::string& runDir) {
    train::TrainConfig c = train::defaultConfig(data);
    c.runDir = runDir;
    c.steps = steps;
    c.qualityEvery = static_cast<int>(steps);
    c.logEvery = static_cast<int>(steps);
    c.sampleEvery = 0;
    c.checkpointEvery = 0;
    train::Trainer trainer(c);
    trainer.start();
    trainer.wait();
    EXPECT_EQ(trainer.state(), train::TrainerState::Finished) << trainer.error();
    EXPECT_FALSE(train::checkCollapse(trainer.metrics(), c).raised) << data;
    return trainer.metrics();
}

// Before this recipe (NS loss, Adam 2e-4, widths 128, batch 64) ring8 ended as one blob in the
// centre: 0 of 8 modes after 5000 steps. With it, ring8 is covered by step 2000, a tenth of the
// run (grid25's 25 modes by its end: docs/training.md, too slow for CI).
TEST(TrainDefaults, ToyRecipeCoversEveryModeOfRing8) {
    runtime::configureThreads(1);  // OpenBLAS too: its own pool would fight for the cores
    test::TempDir run;
    const auto rows = trainToy("toy:ring8", 2000, run.path());
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.back().modesCovered, 8);
    EXPECT_LT(rows.back().quality, 0.4);  // JS divergence; 0.60 before
    EXPECT_GT(rows.back().diversity, 0.8);
}

// The spiral's 10 arcs by step 4000. Left out under AddressSanitizer (CI): every one of the many
// small tensors of an MLP step goes through ASan's allocator, and 4000 steps take minutes there.
TEST(TrainDefaults, ToyRecipeCoversTheWholeSpiral) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "too slow under AddressSanitizer; runs in Release builds";
#endif
    runtime::configureThreads(1);
    test::TempDir run;
    const auto rows = trainToy("toy:spiral", 4000, run.path());
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.back().modesCovered, 10);
    EXPECT_LT(rows.back().quality, 0.2);
}

TEST(TrainDefaults, FashionMnistStartsFromTheShippedModelsRecipe) {
    const train::TrainConfig c = train::defaultConfig("fashion-mnist");
    EXPECT_TRUE(c.conditional);
    EXPECT_EQ(c.architecture, train::Architecture::Dcgan);
    EXPECT_EQ(c.resolution, 32);
    EXPECT_EQ(c.batch, 64);
    EXPECT_EQ(c.steps, 8000);
    const train::TrainConfig folder = train::defaultConfig("/photos");
    EXPECT_FALSE(folder.conditional);
    EXPECT_EQ(folder.architecture, train::Architecture::Dcgan);
    const train::TrainConfig toy = train::prepareConfig([] {
        train::TrainConfig t = train::defaultConfig("toy:grid25");
        t.runDir = "/tmp/run";
        return t;
    }()).value();
    EXPECT_EQ(toy.architecture, train::Architecture::Mlp);
    EXPECT_DOUBLE_EQ(toy.lrG, 2e-3);
    EXPECT_DOUBLE_EQ(toy.r1Gamma, 0.5);
}

}  // namespace
}  // namespace latent
