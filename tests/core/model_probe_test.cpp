// The load probe beyond shapes: the same latent must give the same image alone, in a larger batch
// and twice in a row (docs/model-format.md, "The probe"); errors from a generator reach the user
// as one line, in the renderer and in the CLI; and a Python pickle is refused with the command
// that converts it. The models are written by the test with the system Python's torch; without it
// those tests are skipped.
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

// Each module is a Linear on z and a tanh, with one flaw:
//   traced2.pt  traced at batch 2, its reshape keeps the 2 (fails at any other batch size)
//   mixing.pt   subtracts the batch mean (the image of a latent depends on its neighbours)
//   noisy.pt    adds torch.randn noise (noise_mode='random')
//   picky.pt    raises ValueError for batches above 32 (passes the probe, fails in use)
constexpr const char* kScript = R"PY(
import json, sys, torch
from torch import nn
L, R = 8, 4
meta = {"latent_size": L, "resolution": R, "channels": 1, "name": "Probe"}
torch.manual_seed(0)
class Traced(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(L, R * R)
    def forward(self, z):
        return torch.tanh(self.fc(z)).reshape(2, 1, 4, 4)
class Mixing(Traced):
    def forward(self, z):
        x = self.fc(z)
        return torch.tanh(x - x.mean(0, keepdim=True)).view(-1, 1, 4, 4)
class Noisy(Traced):
    def forward(self, z):
        x = self.fc(z)
        return torch.tanh(x + torch.randn_like(x)).view(-1, 1, 4, 4)
class Picky(Traced):
    def forward(self, z):
        if z.size(0) > 32:
            raise ValueError("batch of " + str(z.size(0)) + " is too large")
        return torch.tanh(self.fc(z)).view(-1, 1, 4, 4)
def save(module, name):
    torch.jit.save(module, sys.argv[1] + "/" + name, _extra_files={"meta.json": json.dumps(meta)})
save(torch.jit.trace(Traced(), torch.randn(2, L)), "traced2.pt")
save(torch.jit.script(Mixing()), "mixing.pt")
save(torch.jit.script(Noisy()), "noisy.pt")
save(torch.jit.script(Picky()), "picky.pt")
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

    std::string error(const std::string& name) const {
        auto loaded = latent::model::loadModel(m_dir.file(name), {latent::model::DeviceKind::Cpu});
        EXPECT_FALSE(loaded.ok()) << name << " unexpectedly loaded";
        return loaded.ok() ? std::string() : loaded.error();
    }

    latent::test::TempDir m_dir;
};

bool oneLine(const std::string& text) { return text.find('\n') == std::string::npos; }

}  // namespace

TEST_F(LoadProbe, ATraceWithItsBatchSizeBakedInIsRefusedInOneLine) {
    const std::string e = error("traced2.pt");
    EXPECT_TRUE(contains(e, m_dir.file("traced2.pt") +
                                ": the model works at batch size 2 but fails at batch size 1 ("));
    EXPECT_TRUE(contains(e, "shape '[2, 1, 4, 4]' is invalid"));
    EXPECT_TRUE(contains(e,
                         "); it was probably traced with a fixed batch size: export it with "
                         "tools/export_torchscript.py (StyleGAN pickles: --stylegan), which "
                         "checks this (docs/model-format.md)"));
    EXPECT_TRUE(oneLine(e)) << e;
}

TEST_F(LoadProbe, AModelThatMixesItsBatchIsRefused) {
    const std::string e = error("mixing.pt");
    EXPECT_TRUE(contains(e, m_dir.file("mixing.pt") +
                                ": the same latent gives a different image at batch size 1 than "
                                "at batch size 2 (max difference "));
    EXPECT_TRUE(contains(e, "): the model mixes the images of a batch"));
    EXPECT_TRUE(oneLine(e)) << e;
}

TEST_F(LoadProbe, RandomNoiseIsRefusedAsNotDeterministic) {
    const std::string e = error("noisy.pt");
    EXPECT_TRUE(contains(e, m_dir.file("noisy.pt") +
                                ": the model is not deterministic: the same latent gave two "
                                "different images (max difference "));
    EXPECT_TRUE(contains(e,
                         "a StyleGAN exported with noise_mode='random' does this: convert it "
                         "with tools/export_torchscript.py --stylegan (constant noise)"));
    EXPECT_TRUE(oneLine(e)) << e;
}

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

TEST(LoadPickle, APythonPickleIsRefusedWithTheConverterCommand) {
    latent::test::TempDir dir;
    // The first bytes of pickle protocol 4 (NVIDIA's .pkl) and 2 (a pre-zip torch.save file).
    const std::string nvidia = dir.file("ffhq.pkl"), legacy = dir.file("old.pt");
    latent::test::writeBytes(nvidia,
                             std::string("\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}", 12));
    latent::test::writeBytes(legacy, std::string("\x80\x02\x8a\x0a", 4) +
                                         "l\xfc\x9c"
                                         "F\xf9 j.");

    const std::string e = latent::test::loadError(nvidia);
    const std::string tools = std::string(LATENT_SOURCE_DIR) + "/tools";
    EXPECT_EQ(e, nvidia +
                     ": a Python pickle (such as an NVIDIA StyleGAN .pkl); Latent Studio never "
                     "unpickles files, since that can run any code. Convert it once: latent "
                     "convert " +
                     nvidia + " " + dir.file("ffhq.pt") +
                     " --stylegan-repo STYLEGAN_DIR (or python3 " + tools +
                     "/export_torchscript.py --stylegan " + nvidia +
                     " --stylegan-repo STYLEGAN_DIR " + dir.file("ffhq.pt") + ")");
    // A .pt pickle is converted beside itself, never over itself.
    const std::string old = latent::test::loadError(legacy);
    EXPECT_TRUE(contains(old, legacy + ": a Python pickle"));
    EXPECT_TRUE(
        contains(old, "latent convert " + legacy + " " + dir.file("old-converted.pt") + " "));

    // A path a shell would split is quoted, so the command can be pasted.
    const std::string spaced = dir.file("my net.pkl");
    latent::test::writeBytes(spaced, std::string("\x80\x05\x95", 3));
    EXPECT_TRUE(contains(latent::test::loadError(spaced),
                         "latent convert '" + spaced + "' '" + dir.file("my net.pt") + "' "));
}
