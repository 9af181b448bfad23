// Edits, style mixing and W+ latents through render::render() (core/edit/apply.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/edit/apply.h"
#include "core/latent/latent.h"
#include "core/render/renderer.h"
#include "tests/core/model_testutil.h"
#include "tests/core/testutil.h"

using namespace latent;
using edit::Edit;
using edit::Space;
using Latent = ::latent::latent::Latent;

namespace {

// A unit direction drawn from a seed.
Latent unitVector(std::uint64_t seed, int size) {
    Latent v = ::latent::latent::sampleLatent(seed, size);
    const float n = ::latent::latent::norm(v);
    for (float& x : v) x /= n;
    return v;
}

Edit makeEdit(Space space, const Latent& vector, float amount, float sigma = 1.0f, int first = 0,
              int last = -1) {
    Edit e;
    e.direction.name = "test direction";
    e.direction.method = "user";
    e.direction.space = space;
    e.direction.vector = vector;
    e.direction.sigma = sigma;
    e.direction.firstLayer = first;
    e.direction.lastLayer = last;
    e.amount = amount;
    return e;
}

// Which of the four 8x8 quadrants (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right) of two
// 16x16 images differ in at least one pixel.
std::vector<bool> changedQuadrants(const image::ImageRGB8& a, const image::ImageRGB8& b) {
    std::vector<bool> changed(4, false);
    for (int y = 0; y < a.height; ++y) {
        for (int x = 0; x < a.width; ++x) {
            if (!std::equal(a.pixel(x, y), a.pixel(x, y) + 3, b.pixel(x, y))) {
                changed[static_cast<std::size_t>((y >= a.height / 2) * 2 + (x >= a.width / 2))] =
                    true;
            }
        }
    }
    return changed;
}

class EditApplyTest : public ::testing::Test {
protected:
    static model::LoadedModel load(const std::string& path) {
        auto loaded = model::loadModel(path, {model::DeviceKind::Cpu});
        EXPECT_TRUE(loaded.ok()) << loaded.error();
        return loaded.ok() ? *loaded : model::LoadedModel{};
    }

    void SetUp() override {
        ASSERT_TRUE(
            model::writeRandomDcgan(m_dir.file("g.ltm"), test::smallDcgan(), 3, "test").ok());
        m_dcgan = load(m_dir.file("g.ltm"));
        m_layers = load(test::fixture("good_style_layers.pt"));
        m_single = load(test::fixture("good_style.pt"));
    }

    static render::RenderRequest request(const model::LoadedModel& m, std::uint64_t seed,
                                         float psi = 1.0f) {
        render::RenderRequest r;
        r.generator = m.generator;
        r.latents = {::latent::latent::sampleLatent(seed, m.info.latentSize)};
        r.truncation = psi;
        return r;
    }

    static image::ImageRGB8 draw(const render::RenderRequest& r) {
        render::RenderResult result = render::render(r);
        EXPECT_TRUE(result.ok()) << result.error;
        return result.ok() ? result.images.front() : image::ImageRGB8{};
    }

    static std::string error(const render::RenderRequest& r) {
        render::RenderResult result = render::render(r);
        EXPECT_FALSE(result.ok()) << "the request unexpectedly rendered";
        return result.error;
    }

    // mapping(z) of one latent, flattened: what a projection would hand over as a W+ latent.
    static Latent mapped(const model::LoadedModel& m, const Latent& z) {
        c10::InferenceMode guard;
        const torch::Tensor zt = torch::tensor(z).view({1, -1});
        const torch::Tensor w = m.generator->mapping(zt, {}).contiguous();
        return Latent(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
    }

    test::TempDir m_dir;
    model::LoadedModel m_dcgan;
    model::LoadedModel m_layers;  // four style layers, layer k draws quadrant k
    model::LoadedModel m_single;  // one w for all layers
};

}  // namespace

TEST_F(EditApplyTest, ZEditGivesTheImageOfTheManuallyOffsetLatent) {
    for (float psi : {1.0f, 0.7f}) {
        render::RenderRequest edited = request(m_dcgan, 11, psi);
        const Latent v = unitVector(100, m_dcgan.info.latentSize);
        edited.edits = {makeEdit(Space::Z, v, 1.5f, 0.8f)};

        render::RenderRequest manual = request(m_dcgan, 11, psi);
        for (std::size_t i = 0; i < v.size(); ++i) manual.latents[0][i] += 1.5f * 0.8f * v[i];
        EXPECT_EQ(draw(edited), draw(manual)) << "psi " << psi;
        EXPECT_NE(draw(edited), draw(request(m_dcgan, 11, psi)));
    }
}

TEST_F(EditApplyTest, ZEditsComposeInAnyOrder) {
    const int d = m_dcgan.info.latentSize;
    std::vector<Edit> edits{makeEdit(Space::Z, unitVector(1, d), 2.0f, 0.5f),
                            makeEdit(Space::Z, unitVector(2, d), -1.25f, 1.5f),
                            makeEdit(Space::Z, unitVector(3, d), 0.3f, 3.0f)};
    render::RenderRequest r = request(m_dcgan, 4);
    r.edits = edits;
    const image::ImageRGB8 first = draw(r);
    const Latent firstZ = edit::applyZEdits(r.latents[0], edits);
    std::sort(edits.begin(), edits.end(),
              [](const Edit& a, const Edit& b) { return a.amount < b.amount; });
    do {
        r.edits = edits;
        EXPECT_EQ(draw(r), first);
        EXPECT_EQ(edit::applyZEdits(r.latents[0], edits), firstZ);
    } while (std::next_permutation(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
        return a.amount < b.amount;
    }));
    EXPECT_NE(first, draw(request(m_dcgan, 4)));
}

TEST_F(EditApplyTest, ZeroAmountsGiveThePlainImageExactly) {
    render::RenderRequest r = request(m_dcgan, 8, 0.6f);
    r.edits = {makeEdit(Space::Z, unitVector(1, m_dcgan.info.latentSize), 0.0f)};
    EXPECT_EQ(draw(r), draw(request(m_dcgan, 8, 0.6f)));
    EXPECT_EQ(edit::applyZEdits(r.latents[0], r.edits), r.latents[0]);

    for (float psi : {1.0f, 0.6f}) {
        const int w = m_layers.info.wSize;
        render::RenderRequest s = request(m_layers, 8, psi);
        s.edits = {makeEdit(Space::Z, unitVector(1, m_layers.info.latentSize), 0.0f),
                   makeEdit(Space::W, unitVector(2, w), 0.0f),
                   makeEdit(Space::WPlus, unitVector(3, w), 0.0f, 1.0f, 1, 2)};
        EXPECT_EQ(draw(s), draw(request(m_layers, 8, psi))) << "psi " << psi;
    }
}

TEST_F(EditApplyTest, WEditChangesEveryLayer) {
    render::RenderRequest r = request(m_layers, 5);
    r.edits = {makeEdit(Space::W, unitVector(7, m_layers.info.wSize), 3.0f)};
    EXPECT_EQ(changedQuadrants(draw(r), draw(request(m_layers, 5))), std::vector<bool>(4, true));
    // On a single-w model a W edit is just as welcome.
    render::RenderRequest single = request(m_single, 5);
    single.edits = {makeEdit(Space::W, unitVector(7, m_single.info.wSize), 3.0f)};
    EXPECT_NE(draw(single), draw(request(m_single, 5)));
}

TEST_F(EditApplyTest, WPlusEditOnOneLayerChangesOnlyThatLayersRegion) {
    ASSERT_EQ(m_layers.info.numWs, 4);
    for (float psi : {1.0f, 0.7f}) {
        const image::ImageRGB8 plain = draw(request(m_layers, 9, psi));
        for (int k = 0; k < 4; ++k) {
            render::RenderRequest r = request(m_layers, 9, psi);
            r.edits = {
                makeEdit(Space::WPlus, unitVector(20, m_layers.info.wSize), 3.0f, 1.0f, k, k)};
            std::vector<bool> expected(4, false);
            expected[static_cast<std::size_t>(k)] = true;
            EXPECT_EQ(changedQuadrants(draw(r), plain), expected)
                << "layer " << k << ", psi " << psi;
        }
    }
}

TEST_F(EditApplyTest, MixingTakesTheChosenLayersFromTheSecondLatent) {
    for (float psi : {1.0f, 0.7f}) {
        render::RenderRequest r = request(m_layers, 1, psi);
        r.mix.z = ::latent::latent::sampleLatent(2, m_layers.info.latentSize);
        r.mix.firstLayer = 2;
        r.mix.lastLayer = 3;
        const image::ImageRGB8 mixed = draw(r);
        const image::ImageRGB8 first = draw(request(m_layers, 1, psi));
        const image::ImageRGB8 second = draw(request(m_layers, 2, psi));
        EXPECT_EQ(changedQuadrants(mixed, first), (std::vector<bool>{false, false, true, true}));
        EXPECT_EQ(changedQuadrants(mixed, second), (std::vector<bool>{true, true, false, false}));
        r.mix.lastLayer = -1;  // through the last layer: the same range here
        EXPECT_EQ(draw(r), mixed);
    }
}

TEST_F(EditApplyTest, WPlusLatentOfMappingReproducesThePlainImage) {
    for (const model::LoadedModel* m : {&m_layers, &m_single}) {
        render::RenderRequest r = request(*m, 3);
        r.wPlus = mapped(*m, r.latents[0]);
        ASSERT_EQ(static_cast<int>(r.wPlus.size()), std::max(1, m->info.numWs) * m->info.wSize);
        r.latents[0] = ::latent::latent::sampleLatent(99, m->info.latentSize);  // ignored
        EXPECT_EQ(draw(r), draw(request(*m, 3))) << m->info.name;
    }
}

TEST_F(EditApplyTest, LoaderReadsTheNumberOfStyleLayers) {
    EXPECT_EQ(m_layers.info.numWs, 4);
    EXPECT_EQ(m_layers.info.wSize, 8);
    EXPECT_EQ(m_single.info.numWs, 1);
    EXPECT_EQ(m_dcgan.info.numWs, 0);
    EXPECT_TRUE(test::contains(test::loadError(test::fixture("wrong_num_ws.pt")),
                               "mapping returns 4 w per image but meta.json says num_ws 2"));
}

TEST_F(EditApplyTest, EditsAModelCannotTakeAreClearErrors) {
    const int d = m_dcgan.info.latentSize;
    const int w = m_layers.info.wSize;
    render::RenderRequest r = request(m_dcgan, 1);
    r.edits = {makeEdit(Space::W, unitVector(1, d), 1.0f)};
    EXPECT_TRUE(test::contains(error(r), "W edit 'test direction' needs a style-based model"));

    r.edits = {makeEdit(Space::Z, unitVector(1, d + 3), 1.0f)};
    EXPECT_TRUE(test::contains(error(r), "has " + std::to_string(d + 3) + " values but"));
    EXPECT_TRUE(test::contains(error(r), "expects " + std::to_string(d) + " (its latent size)"));

    r.edits = {};
    r.mix.z = ::latent::latent::sampleLatent(2, d);
    EXPECT_TRUE(test::contains(error(r), "style mixing needs a style-based model"));

    render::RenderRequest s = request(m_layers, 1);
    s.edits = {makeEdit(Space::WPlus, unitVector(1, w), 1.0f, 1.0f, 2, 5)};
    EXPECT_TRUE(test::contains(
        error(s), "layer range 2-5 is outside the style layers 0-3 of Fixture style layers"));
    s.edits = {makeEdit(Space::WPlus, unitVector(1, w), 1.0f, 1.0f, -1, 2)};
    EXPECT_TRUE(test::contains(error(s), "layer range -1-2 is outside"));
    s.edits = {makeEdit(Space::W, unitVector(1, w - 1), 1.0f)};
    EXPECT_TRUE(test::contains(error(s), "expects 8 (its w size)"));
    s.edits = {};
    s.mix.z = ::latent::latent::sampleLatent(2, m_layers.info.latentSize);
    s.mix.firstLayer = 3;
    s.mix.lastLayer = 4;
    EXPECT_TRUE(test::contains(error(s), "style mixing: layer range 3-4 is outside"));
    s.mix = {};
    s.wPlus = Latent(static_cast<std::size_t>(w), 0.0f);
    EXPECT_TRUE(
        test::contains(error(s), "the W+ latent has 8 values but Fixture style layers expects 32"));

    render::RenderRequest single = request(m_single, 1);
    single.edits = {makeEdit(Space::WPlus, unitVector(1, m_single.info.wSize), 1.0f, 1.0f, 0, 0)};
    EXPECT_TRUE(test::contains(error(single), "has a single w"));
    single.edits = {};
    single.mix.z = ::latent::latent::sampleLatent(2, m_single.info.latentSize);
    EXPECT_TRUE(test::contains(error(single), "style mixing needs several style layers"));
}

TEST_F(EditApplyTest, ClassMorphAtZeroAndOneDrawsTheTwoClasses) {
    test::TempDir dir;
    model::DcganConfig config = test::smallDcgan();
    config.classNames = {"shirt", "shoe", "bag"};
    ASSERT_TRUE(model::writeRandomDcgan(dir.file("c.ltm"), config, 5, "test").ok());
    const model::LoadedModel cond = load(dir.file("c.ltm"));
    auto plain = [&](int cls, float psi) {
        render::RenderRequest r = request(cond, 6, psi);
        r.classes = {cls};
        return draw(r);
    };
    Edit morph;
    morph.direction.name = "shirt to bag";
    morph.direction.method = "class-morph";
    morph.direction.classFrom = 0;
    morph.direction.classTo = 2;
    for (float psi : {1.0f, 0.7f}) {
        render::RenderRequest r = request(cond, 6, psi);
        r.classes = {1};  // the morph decides the class embedding
        morph.amount = 0.0f;
        r.edits = {morph};
        EXPECT_EQ(draw(r), plain(0, psi));
        morph.amount = 1.0f;
        r.edits = {morph};
        EXPECT_EQ(draw(r), plain(2, psi));
        morph.amount = 1.7f;  // clamped to 1
        r.edits = {morph};
        EXPECT_EQ(draw(r), plain(2, psi));
        morph.amount = 0.5f;
        r.edits = {morph};
        const image::ImageRGB8 half = draw(r);
        EXPECT_NE(half, plain(0, psi));
        EXPECT_NE(half, plain(2, psi));
        // Composes with a Z edit like any other edit.
        r.edits.push_back(makeEdit(Space::Z, unitVector(5, cond.info.latentSize), 2.0f));
        EXPECT_NE(draw(r), half);
    }
    render::RenderRequest two = request(cond, 6);
    two.classes = {0};
    two.edits = {morph, morph};
    EXPECT_TRUE(test::contains(error(two), "one class morph at a time"));

    render::RenderRequest uncond = request(m_dcgan, 6);
    uncond.edits = {morph};
    EXPECT_TRUE(test::contains(error(uncond), "class morph 'shirt to bag': " + m_dcgan.info.name +
                                                  " is not class-conditional"));
    const model::LoadedModel script = load(test::fixture("good_cond.pt"));
    render::RenderRequest noTable = request(script, 6);
    noTable.classes = {0};
    noTable.edits = {morph};
    EXPECT_TRUE(test::contains(error(noTable), "cannot morph between classes"));
}
