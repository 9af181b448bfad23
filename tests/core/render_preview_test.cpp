// The drag preview (docs/model-format.md, "Previews"): a converted StyleGAN2 offers the skip image
// after fewer blocks; the renderer draws it when asked, scaled up to the full size, and says so;
// choosePreview picks the size a drag can afford; the loader checks what an archive claims.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include <fstream>

#include "core/latent/latent.h"
#include "core/model/generator.h"
#include "core/model/loader.h"
#include "core/render/renderer.h"
#include "core/render/tensorimage.h"
#include "tests/core/model_testutil.h"
#include "tests/core/testutil.h"

namespace latent {
namespace {

using model::DeviceKind;
using model::loadModel;
using test::contains;
using test::fixture;

model::LoadedModel previewModel() {
    auto loaded = loadModel(fixture("stylegan2_preview.pt"), {DeviceKind::Cpu});
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error());
    return loaded.ok() ? *loaded : model::LoadedModel{};
}

render::RenderRequest requestFor(const model::LoadedModel& m, int preview) {
    render::RenderRequest r;
    r.generator = m.generator;
    r.latents = {latent::sampleLatent(11, m.info.latentSize)};
    r.previewResolution = preview;
    return r;
}

int maxDifference(const image::ImageRGB8& a, const image::ImageRGB8& b) {
    int most = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i)
        most = std::max(most, std::abs(int(a.pixels[i]) - int(b.pixels[i])));
    return most;
}

TEST(RenderPreview, TheLoaderReadsTheOfferedSizesAndTheirCosts) {
    const auto m = previewModel();
    ASSERT_TRUE(m.generator);
    EXPECT_EQ(m.info.resolution, 64);
    EXPECT_EQ(m.info.previewResolutions, (std::vector<int>{16, 32}));
    ASSERT_EQ(m.info.previewCosts.size(), 2u);
    EXPECT_GT(m.info.previewCosts[0], 0.0);
    EXPECT_LT(m.info.previewCosts[0], m.info.previewCosts[1]);
    EXPECT_LT(m.info.previewCosts[1], 0.5);  // the 64 px block dominates this network
    // A DCGAN has none.
    auto plain = loadModel(fixture("dcgan_torchscript.pt"), {DeviceKind::Cpu});
    ASSERT_TRUE(plain.ok()) << plain.error();
    EXPECT_TRUE(plain->info.previewResolutions.empty());
}

TEST(RenderPreview, APreviewIsTheSmallImageScaledUpAndSaysSo) {
    const auto m = previewModel();
    ASSERT_TRUE(m.generator);
    const render::RenderResult full = render::render(requestFor(m, 0));
    const render::RenderResult preview = render::render(requestFor(m, 32));
    ASSERT_TRUE(full.ok()) << full.error;
    ASSERT_TRUE(preview.ok()) << preview.error;
    EXPECT_EQ(full.previewResolution, 0);
    EXPECT_EQ(preview.previewResolution, 32);
    ASSERT_EQ(preview.images.front().width, 64);  // shown at the full size
    ASSERT_EQ(preview.images.front().height, 64);

    // Exactly the archive's 32 px preview of the same w, scaled up bilinearly.
    c10::InferenceMode guard;
    const latent::Latent z = latent::sampleLatent(11, m.info.latentSize);
    const torch::Tensor zt = torch::from_blob(const_cast<float*>(z.data()),
                                              {1, m.info.latentSize}, torch::kFloat32);
    const torch::Tensor small = m.generator->preview(m.generator->mapping(zt, {}), 32);
    namespace F = torch::nn::functional;
    const torch::Tensor up =
        F::interpolate(small, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{64, 64})
                                  .mode(torch::kBilinear)
                                  .align_corners(false))
            .clamp(-1, 1);
    EXPECT_LE(maxDifference(render::toImages(up).front(), preview.images.front()), 1);
    // And not the full frame: the top block's detail is missing.
    EXPECT_GT(maxDifference(full.images.front(), preview.images.front()), 10);
}

TEST(RenderPreview, ASizeTheModelDoesNotOfferDrawsTheFullFrame) {
    const auto m = previewModel();
    ASSERT_TRUE(m.generator);
    const render::RenderResult full = render::render(requestFor(m, 0));
    const render::RenderResult odd = render::render(requestFor(m, 24));
    ASSERT_TRUE(odd.ok()) << odd.error;
    EXPECT_EQ(odd.previewResolution, 0);
    EXPECT_EQ(maxDifference(full.images.front(), odd.images.front()), 0);
}

TEST(RenderPreview, ChoosePreviewFitsTheBudget) {
    model::ModelInfo info;
    info.resolution = 256;
    EXPECT_EQ(render::choosePreview(info, 500.0), 0);  // no previews offered
    info.previewResolutions = {16, 32, 64, 128};
    info.previewCosts = {0.06, 0.25, 0.5, 0.75};
    EXPECT_EQ(render::choosePreview(info, 90.0), 0);      // full frames fit: no preview
    EXPECT_EQ(render::choosePreview(info, 130.0), 128);   // 0.75 x 130 = 97.5
    EXPECT_EQ(render::choosePreview(info, 300.0), 32);    // 0.25 x 300 = 75; 0.5 x 300 = 150
    EXPECT_EQ(render::choosePreview(info, 5000.0), 16);   // nothing fits: the smallest
    EXPECT_EQ(render::choosePreview(info, 300.0, 200.0), 64);
}

// Archives that claim previews they do not have, or sizes that cannot be, are refused at load.
TEST(RenderPreview, BadPreviewClaimsAreRefusedInOneLine) {
    test::TempDir dir;
    std::ofstream(dir.file("make.py")) << R"PY(
import json, sys, zipfile, torch
src, out = sys.argv[1], sys.argv[2]
meta = json.loads([zipfile.ZipFile(src).read(n) for n in zipfile.ZipFile(src).namelist()
                   if n.endswith("extra/meta.json")][0])
m = torch.jit.load(src)
def save(name, **changes):
    torch.jit.save(m, out + "/" + name, _extra_files={"meta.json": json.dumps(dict(meta, **changes))})
save("not_dividing.pt", preview_resolutions=[16, 24], preview_costs=[0.1, 0.2])
save("no_costs.pt", preview_costs=None)
save("too_big.pt", preview_resolutions=[16, 64], preview_costs=[0.1, 0.9])
save("unordered.pt", preview_resolutions=[32, 16], preview_costs=[0.2, 0.1])
plain = torch.jit.load(sys.argv[3])
torch.jit.save(plain, out + "/no_method.pt", _extra_files={"meta.json": json.dumps(dict(
    json.loads([zipfile.ZipFile(sys.argv[3]).read(n) for n in zipfile.ZipFile(sys.argv[3]).namelist()
                if n.endswith("extra/meta.json")][0]), preview_resolutions=[16], preview_costs=[0.2]))})
)PY";
    const test::CommandRun made = test::runCommand(
        std::string(LATENT_PYTHON) + " " + dir.file("make.py") + " " +
        fixture("stylegan2_preview.pt") + " " + dir.path() + " " + fixture("stylegan3.pt"));
    if (made.code != 0 && made.out.find("No module named 'torch'") != std::string::npos)
        GTEST_SKIP() << "no torch in " << LATENT_PYTHON;
    ASSERT_EQ(made.code, 0) << made.out;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"not_dividing.pt", "meta.json preview 24 px"},
        {"no_costs.pt", "as many preview_costs"},
        {"too_big.pt", "meta.json preview 64 px"},
        {"unordered.pt", "meta.json preview 16 px"},
        {"no_method.pt", "has no preview(w, size)"},
    };
    for (const auto& [name, words] : cases) {
        auto loaded = loadModel(dir.file(name), {DeviceKind::Cpu});
        ASSERT_FALSE(loaded.ok()) << name;
        EXPECT_TRUE(contains(loaded.error(), words)) << name << ": " << loaded.error();
        EXPECT_EQ(loaded.error().find('\n'), std::string::npos) << loaded.error();
    }
}

}  // namespace
}  // namespace latent
