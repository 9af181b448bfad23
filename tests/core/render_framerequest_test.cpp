// The one builder of render requests from an explorer frame (core/render/framerequest.h).
#include <gtest/gtest.h>

#include "core/latent/latent.h"
#include "core/render/framerequest.h"

using namespace latent;

namespace {

model::LoadedModel modelWith(bool conditional, bool styleBased) {
    model::LoadedModel m;
    m.info.name = "sizes only";
    m.info.latentSize = 6;
    if (conditional) m.info.classNames = {"a", "b", "c"};
    if (styleBased) {
        m.info.hasMapping = true;
        m.info.hasSynthesis = true;
        m.info.wSize = 4;
        m.info.numWs = 3;
    }
    return m;
}

edit::Direction direction(const std::string& name) {
    edit::Direction d;
    d.name = name;
    d.method = "user";
    d.vector = ::latent::latent::sampleLatent(name.size(), 6);
    return d;
}

edit::ExplorerFrame frameOf(std::uint64_t seed) {
    edit::ExplorerFrame f;
    f.seed = seed;
    f.z = ::latent::latent::sampleLatent(seed, 6);
    f.classIndex = 2;
    f.truncation = 0.7f;
    return f;
}

}  // namespace

TEST(FrameRequest, AmountsApplyInTheDirectionsOrderThenTheClassMorph) {
    const std::vector<edit::Direction> directions = {direction("smile"), direction("age"),
                                                     direction("pose")};
    edit::ExplorerFrame f = frameOf(3);
    f.amounts = {{"pose", 0.5f}, {"smile", -1.0f}, {"unknown", 2.0f}, {"age", 0.0f}};
    f.classMorph.name = "a to c";
    f.classMorph.method = "class-morph";
    f.classMorphAmount = 0.25f;
    const render::RenderRequest r = render::frameRequest(modelWith(true, false), directions, f);
    ASSERT_EQ(r.edits.size(), 3u);
    EXPECT_EQ(r.edits[0].direction.name, "smile");
    EXPECT_EQ(r.edits[0].amount, -1.0f);
    EXPECT_EQ(r.edits[1].direction.name, "pose");
    EXPECT_EQ(r.edits[2].direction.method, "class-morph");
    EXPECT_EQ(r.edits[2].amount, 0.25f);
    EXPECT_EQ(r.latents, std::vector<::latent::latent::Latent>{f.z});
    EXPECT_EQ(r.classes, std::vector<int>{2});
    EXPECT_EQ(r.truncation, 0.7f);
}

TEST(FrameRequest, ClassOnlyForConditionalModelsAndWPlusAndMixOnlyForStyleBasedOnes) {
    edit::ExplorerFrame f = frameOf(4);
    f.wPlus.assign(12, 0.5f);
    f.mix = {true, 99, 1, 2};
    const render::RenderRequest plain = render::frameRequest(modelWith(false, false), {}, f);
    EXPECT_TRUE(plain.classes.empty());
    EXPECT_TRUE(plain.wPlus.empty());
    EXPECT_TRUE(plain.mix.z.empty());

    const render::RenderRequest style = render::frameRequest(modelWith(false, true), {}, f);
    EXPECT_EQ(style.wPlus, f.wPlus);
    EXPECT_EQ(style.mix.z, ::latent::latent::sampleLatent(99, 6));
    EXPECT_EQ(style.mix.firstLayer, 1);
    EXPECT_EQ(style.mix.lastLayer, 2);

    f.mix.enabled = false;
    EXPECT_TRUE(render::frameRequest(modelWith(false, true), {}, f).mix.z.empty());
}

TEST(FrameRequest, SeedsTakeTheFramesSettingsButTheirOwnLatents) {
    const std::vector<edit::Direction> directions = {direction("smile")};
    edit::ExplorerFrame f = frameOf(5);
    f.amounts = {{"smile", 1.5f}};
    f.wPlus.assign(12, 0.5f);  // the frame's own projection: not the neighbours'
    f.mix = {true, 7, 0, -1};
    const render::RenderRequest r =
        render::seedsRequest(modelWith(true, true), directions, f, {10, 11});
    ASSERT_EQ(r.latents.size(), 2u);
    EXPECT_EQ(r.latents[0], ::latent::latent::sampleLatent(10, 6));
    EXPECT_EQ(r.latents[1], ::latent::latent::sampleLatent(11, 6));
    EXPECT_EQ(r.classes, (std::vector<int>{2, 2}));
    EXPECT_EQ(r.truncation, 0.7f);
    ASSERT_EQ(r.edits.size(), 1u);
    EXPECT_EQ(r.edits[0].amount, 1.5f);
    EXPECT_TRUE(r.wPlus.empty());
    EXPECT_EQ(r.mix.z, ::latent::latent::sampleLatent(7, 6));
}
