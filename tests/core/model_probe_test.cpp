// Errors from a generator reach the user as one line, in the renderer and in the CLI, never the
// TorchScript interpreter's traceback. The model is written by the test with the system Python's
// torch; without it the test is skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "core/latent/latent.h"
#include "core/model/loader.h"
#include "core/render/renderer.h"
#include "tests/core/model_testutil.h"
#include "tests/core/testutil.h"

namespace {

using latent::test::contains;

// picky.pt: a Linear on z and a tanh that raises ValueError for batches above 32 (it passes the
// load probe and fails in use).
constexpr const char* kScript = R"PY(
import json, sys, torch
from torch import nn
meta = {"latent_size": 8, "resolution": 4, "channels": 1, "name": "Probe"}
torch.manual_seed(0)
class Picky(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 16)
    def forward(self, z):
        if z.size(0) > 32:
            raise ValueError("batch of " + str(z.size(0)) + " is too large")
        return torch.tanh(self.fc(z)).view(-1, 1, 4, 4)
torch.jit.save(torch.jit.script(Picky()), sys.argv[1] + "/picky.pt",
               _extra_files={"meta.json": json.dumps(meta)})
)PY";

class LoadProbe : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream(m_dir.file("make.py")) << kScript;
        const latent::test::CommandRun made = latent::test::runCommand(
            std::string(LATENT_PYTHON) + " " + m_dir.file("make.py") + " " + m_dir.path());
        if (made.code != 0 && made.out.find("No module named 'torch'") != std::string::npos)
            GTEST_SKIP() << "no torch in " << LATENT_PYTHON;
        ASSERT_EQ(made.code, 0) << made.out;
    }

    latent::test::TempDir m_dir;
};

}  // namespace

TEST_F(LoadProbe, GeneratorErrorsReachTheUserAsOneLine) {
    const std::string path = m_dir.file("picky.pt");
    auto loaded = latent::model::loadModel(path, {latent::model::DeviceKind::Cpu});
    ASSERT_TRUE(loaded.ok()) << loaded.error();

    // The renderer: a TorchScript error's what() is a traceback of many lines.
    latent::render::RenderRequest request;
    request.generator = loaded->generator;
    for (int i = 0; i < 40; ++i)
        request.latents.push_back(latent::latent::sampleLatent(static_cast<std::uint64_t>(i), 8));
    const latent::render::RenderResult result = latent::render::render(request);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error, "the generator failed: ValueError: batch of 40 is too large");

    // The CLI: a grid in one chunk of 40, and bench's batch of 64.
    const latent::test::CommandRun grid =
        latent::test::runCommand(std::string(LATENT_CLI_PATH) + " sample " + path +
                                 " --seed 1 --count 40 --out " + m_dir.file("grid.png"));
    EXPECT_EQ(grid.code, 1) << grid.out;
    EXPECT_EQ(grid.out, "latent: the generator failed: ValueError: batch of 40 is too large\n");
    const latent::test::CommandRun bench = latent::test::runCommand(
        std::string(LATENT_CLI_PATH) + " bench " + path + " --iterations 1");
    EXPECT_EQ(bench.code, 1) << bench.out;
    EXPECT_EQ(std::count(bench.out.begin(), bench.out.end(), '\n'), 1) << bench.out;
    EXPECT_TRUE(contains(bench.out, "ValueError: batch of 64 is too large"));
}
