// SeFa and PCA on TorchScript models that use the optional contract keys: meta.json
// "sefa_weight" and a scripted features() method (docs/model-format.md). The models are written
// by the test with the system Python's torch; without it the test is skipped.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "core/edit/pca.h"
#include "core/edit/sefa.h"
#include "core/model/loader.h"
#include "tests/core/testutil.h"

namespace {

// fc acts on z, and its weight is dominated by column 5 (then column 2, orthogonal to it): SeFa's
// top directions there are z_5 and z_2. A decoy Linear registered first is dominated by column 0.
// features() exposes only z_7, so PCA through features finds z_7, not what the image (fc) varies
// with.
constexpr const char* kScript = R"PY(
import json, sys, torch
from torch import nn
L, R = 12, 8
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.decoy = nn.Linear(L, 6)
        self.fc = nn.Linear(L, R * R)
        with torch.no_grad():
            self.decoy.weight.zero_(); self.decoy.weight[:, 0] = 5.0
            self.fc.weight.normal_(0.0, 0.01); self.fc.weight[:, 5] += 3.0
            self.fc.weight[0::2, 2] += 1.0; self.fc.weight[1::2, 2] -= 1.0
    def forward(self, z):
        return torch.tanh(self.fc(z) + 0.0 * self.decoy(z).sum()).view(-1, 1, 8, 8)
    @torch.jit.export
    def features(self, z):
        return z[:, 7:8] * torch.ones(1, 16)
meta = {"latent_size": L, "resolution": R, "channels": 1, "name": "Hooks"}
for path, extra in ((sys.argv[1], {"sefa_weight": "fc.weight"}), (sys.argv[2], {})):
    torch.jit.save(torch.jit.script(M()), path, _extra_files={"meta.json": json.dumps({**meta, **extra})})
)PY";

std::shared_ptr<const latent::model::Generator> load(const std::string& path) {
    auto loaded = latent::model::loadModel(path, {latent::model::DeviceKind::Cpu});
    EXPECT_TRUE(loaded.ok()) << loaded.error();
    return loaded.ok() ? loaded->generator : nullptr;
}

int largestAxis(const std::vector<float>& v) {
    int best = 0;
    for (int i = 1; i < static_cast<int>(v.size()); ++i) {
        if (std::abs(v[i]) > std::abs(v[best])) best = i;
    }
    return best;
}

}  // namespace

TEST(DirectionsTorchScriptHooks, SefaWeightAndFeaturesMethodAreUsed) {
    latent::test::TempDir dir;
    std::ofstream(dir.file("make.py")) << kScript;
    const std::string named = dir.file("named.pt"), unnamed = dir.file("unnamed.pt");
    const latent::test::CommandRun made = latent::test::runCommand(
        std::string(LATENT_PYTHON) + " " + dir.file("make.py") + " " + named + " " + unnamed);
    if (made.code != 0 && made.out.find("No module named 'torch'") != std::string::npos)
        GTEST_SKIP() << "no torch in " << LATENT_PYTHON;
    ASSERT_EQ(made.code, 0) << made.out;

    auto withName = load(named);
    ASSERT_TRUE(withName);
    auto sefa = latent::edit::sefaDirections(*withName, 2);
    ASSERT_TRUE(sefa.ok()) << sefa.error();
    EXPECT_EQ(largestAxis(sefa->set.directions[0].vector), 5);
    EXPECT_GT(std::abs(sefa->set.directions[0].vector[5]), 0.99f);
    EXPECT_EQ(largestAxis(sefa->set.directions[1].vector), 2);

    // Without "sefa_weight" the first 2-D parameter with latent-size columns (the decoy) is used.
    auto withoutName = load(unnamed);
    ASSERT_TRUE(withoutName);
    auto fallback = latent::edit::sefaDirections(*withoutName, 1);
    ASSERT_TRUE(fallback.ok()) << fallback.error();
    EXPECT_EQ(largestAxis(fallback->set.directions[0].vector), 0);

    latent::edit::PcaOptions options;
    options.samples = 400;
    options.count = 1;
    auto pca = latent::edit::pcaDirections(*withName, options);
    ASSERT_TRUE(pca.ok()) << pca.error();
    EXPECT_GT(std::abs(pca->directions[0].vector[7]), 0.95f);
}
