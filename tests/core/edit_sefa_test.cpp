// SeFa on converted StyleGANs and on TorchScript DCGANs: which parameter it factorises, the
// ConvTranspose2d first layer, and a matrix of too low a rank (warned about, only its meaningful
// directions returned) — in core, and as `latent directions` shows it.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <cmath>
#include <fstream>

#include "core/edit/directionset.h"
#include "core/edit/sefa.h"
#include "core/model/generator.h"
#include "core/model/loader.h"
#include "tests/core/model_testutil.h"
#include "tests/core/testutil.h"

namespace {

using latent::test::contains;
using latent::test::fixture;

std::shared_ptr<const latent::model::Generator> load(const std::string& path) {
    auto loaded = latent::model::loadModel(path, {latent::model::DeviceKind::Cpu});
    EXPECT_TRUE(loaded.ok()) << loaded.error();
    return loaded.ok() ? loaded->generator : nullptr;
}

void expectOrthonormal(const latent::edit::DirectionSet& set) {
    for (std::size_t i = 0; i < set.directions.size(); ++i) {
        for (std::size_t j = 0; j < set.directions.size(); ++j) {
            double dot = 0.0;
            const auto& a = set.directions[i].vector;
            const auto& b = set.directions[j].vector;
            for (std::size_t k = 0; k < a.size(); ++k) dot += double(a[k]) * double(b[k]);
            EXPECT_NEAR(dot, i == j ? 1.0 : 0.0, 1e-4) << "directions " << i << " and " << j;
        }
    }
}

// The archive's parameter `name`, read without our loader.
torch::Tensor parameter(const std::string& path, const std::string& name) {
    torch::jit::Module module = torch::jit::load(path, torch::kCPU);
    for (const auto& p : module.named_parameters(/*recurse=*/true)) {
        if (p.name == name) return p.value.detach().to(torch::kFloat32);
    }
    ADD_FAILURE() << path << " has no parameter " << name;
    return {};
}

// W[:latent] reshaped to latent x (out·kh·kw), transposed: the map from z to the first layer.
torch::Tensor latentRowsAsMatrix(const torch::Tensor& w, std::int64_t latent) {
    return w.narrow(0, 0, latent).reshape({latent, -1}).t();
}

}  // namespace

TEST(SefaWeights, TorchScriptDcganFactorisesItsConvTransposeWeight) {
    const std::string path = fixture("dcgan_torchscript.pt");
    auto g = load(path);
    ASSERT_TRUE(g);
    const int latentSize = g->info().latentSize;
    const latent::model::FirstLayerWeight weight = g->firstLayerWeight();
    ASSERT_TRUE(weight.matrix.defined());
    EXPECT_EQ(weight.name, "g.net.0.weight");
    const torch::Tensor w = parameter(path, weight.name);
    ASSERT_EQ(w.dim(), 4);
    EXPECT_TRUE(torch::equal(weight.matrix, latentRowsAsMatrix(w, latentSize)));

    auto sefa = latent::edit::sefaDirections(*g, 5);
    ASSERT_TRUE(sefa.ok()) << sefa.error();
    EXPECT_EQ(sefa->weightName, "g.net.0.weight");
    EXPECT_EQ(sefa->warning, "");
    ASSERT_EQ(sefa->set.directions.size(), 5u);
    EXPECT_EQ(sefa->set.directions[0].space, latent::edit::Space::Z);
    EXPECT_EQ(static_cast<int>(sefa->set.directions[0].vector.size()), latentSize);
    expectOrthonormal(sefa->set);
}

TEST(SefaWeights, ConditionalTorchScriptDcganUsesTheLatentRowsOnly) {
    // tools/dcgan.py's conditional DCGAN: net.0 takes z (8) and the class embedding (3) together.
    // Traced: this LibTorch's torch.jit.save fails on a scripted forward(z, c=None).
    latent::test::TempDir dir;
    const std::string model = dir.file("cond.pt");
    std::ofstream(dir.file("make.py"))
        << "import sys\nsys.path.insert(0, '" << LATENT_SOURCE_DIR << "/tools')\n"
        << "from dcgan import DCGANGenerator\nfrom export_torchscript import export_generator\n"
        << "import torch\ntorch.manual_seed(1)\n"
        << "g = DCGANGenerator({'latent_size': 8, 'resolution': 32, 'channels': 1, 'base_width': 4,"
        << " 'class_names': ['a', 'b', 'c']})\n"
        << "export_generator(g, sys.argv[1], latent_size=8, resolution=32, channels=1,"
        << " name='Conditional DCGAN', class_names=['a', 'b', 'c'], method='trace')\n";
    const latent::test::CommandRun made = latent::test::runCommand(
        std::string(LATENT_PYTHON) + " " + dir.file("make.py") + " " + model);
    if (made.code != 0 && made.out.find("No module named 'torch'") != std::string::npos)
        GTEST_SKIP() << "no torch in " << LATENT_PYTHON;
    ASSERT_EQ(made.code, 0) << made.out;

    auto g = load(model);
    ASSERT_TRUE(g);
    const latent::model::FirstLayerWeight weight = g->firstLayerWeight();
    ASSERT_TRUE(weight.matrix.defined()) << "no SeFa matrix found";
    const torch::Tensor w = parameter(model, weight.name);
    ASSERT_EQ(w.size(0), 8 + 3);
    EXPECT_TRUE(torch::equal(weight.matrix, latentRowsAsMatrix(w, 8)));
    auto sefa = latent::edit::sefaDirections(*g, 3);
    ASSERT_TRUE(sefa.ok()) << sefa.error();
    EXPECT_EQ(sefa->set.directions.size(), 3u);
    expectOrthonormal(sefa->set);
}

TEST(SefaWeights, ALowRankWeightGivesOnlyItsMeaningfulDirectionsAndAWarning) {
    // stylegan3_sefa_input.pt names the input layer's affine in meta.json: 4 rows, rank 4.
    auto g = load(fixture("stylegan3_sefa_input.pt"));
    ASSERT_TRUE(g);
    auto sefa = latent::edit::sefaDirections(*g);  // 10 asked for
    ASSERT_TRUE(sefa.ok()) << sefa.error();
    EXPECT_EQ(sefa->weightName, "synthesis_net.input.affine.weight");
    EXPECT_EQ(sefa->warning,
              "SeFa: 'synthesis_net.input.affine.weight' has rank 4, so only 4 of the 10 "
              "directions asked for are meaningful; name another parameter in meta.json "
              "\"sefa_weight\"");
    ASSERT_EQ(sefa->set.directions.size(), 4u);
    EXPECT_EQ(sefa->set.directions[0].space, latent::edit::Space::W);
    expectOrthonormal(sefa->set);
    // Asking for no more than the rank: no warning.
    auto four = latent::edit::sefaDirections(*g, 4);
    ASSERT_TRUE(four.ok()) << four.error();
    EXPECT_EQ(four->warning, "");
    EXPECT_EQ(four->set.directions.size(), 4u);
}

TEST(SefaWeights, ConvertedStyleGanFactorisesTheMatrixTheConverterNamed) {
    auto g = load(fixture("stylegan2.pt"));
    ASSERT_TRUE(g);
    auto sefa = latent::edit::sefaDirections(*g, 6);
    ASSERT_TRUE(sefa.ok()) << sefa.error();
    EXPECT_EQ(sefa->weightName, "sefa");
    EXPECT_EQ(sefa->warning, "");
    EXPECT_EQ(sefa->set.directions.size(), 6u);
    expectOrthonormal(sefa->set);
}

TEST(SefaWeights, DirectionsCommandWarnsAndNamesTheParameter) {
    latent::test::TempDir dir;
    const std::string dirs = dir.file("dirs.json");
    const latent::test::CommandRun r = latent::test::runCommand(
        std::string(LATENT_CLI_PATH) + " directions " + fixture("stylegan3_sefa_input.pt") +
        " --method sefa --out " + dirs);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_TRUE(contains(r.out,
                         "latent: warning: SeFa: 'synthesis_net.input.affine.weight' has "
                         "rank 4, so only 4 of the 10 directions asked for are meaningful"));
    EXPECT_TRUE(contains(r.out,
                         "(4 sefa directions for stylegan3 from "
                         "'synthesis_net.input.affine.weight', "));
    auto set = latent::edit::loadDirections(dirs);
    ASSERT_TRUE(set.ok()) << set.error();
    EXPECT_EQ(set->directions.size(), 4u);
}
