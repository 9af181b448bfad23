#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "core/latent/latent.h"
#include "core/model/loader.h"
#include "core/model/modelfile.h"
#include "core/render/renderer.h"
#include "tests/core/testutil.h"

using namespace latent;

namespace {

class RendererTest : public ::testing::Test {
protected:
    void SetUp() override {
        model::DcganConfig config;
        config.resolution = 32;
        config.baseWidth = 16;
        config.latentSize = 32;
        ASSERT_TRUE(model::writeRandomDcgan(m_dir.file("g.ltm"), config, 1, "test").ok());
        auto loaded = model::loadModel(m_dir.file("g.ltm"), {model::DeviceKind::Cpu});
        ASSERT_TRUE(loaded.ok()) << loaded.error();
        m_model = *loaded;
    }

    render::RenderRequest request(std::uint64_t seed) const {
        render::RenderRequest r;
        r.generator = m_model.generator;
        r.latents = {::latent::latent::sampleLatent(seed, m_model.info.latentSize)};
        return r;
    }

    test::TempDir m_dir;
    model::LoadedModel m_model;
};

}  // namespace

TEST_F(RendererTest, SynchronousRenderGivesTheModelsImage) {
    const render::RenderResult r = render::render(request(5));
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.images.size(), 1u);
    EXPECT_EQ(r.images[0].width, 32);
    EXPECT_EQ(r.images[0].height, 32);
    EXPECT_GT(r.milliseconds, 0.0);
    // Deterministic: the same request gives the same pixels; another seed does not.
    EXPECT_EQ(render::render(request(5)).images[0], r.images[0]);
    EXPECT_NE(render::render(request(6)).images[0], r.images[0]);
}

TEST_F(RendererTest, BadRequestsComeBackAsErrorsNotCrashes) {
    render::RenderRequest noModel;
    noModel.latents = {::latent::latent::sampleLatent(1, 32)};
    EXPECT_NE(render::render(noModel).error.find("no model"), std::string::npos);

    render::RenderRequest wrongSize = request(1);
    wrongSize.latents[0].resize(7);
    EXPECT_NE(render::render(wrongSize).error.find("expects 32"), std::string::npos);

    render::RenderRequest unconditionalWithClass = request(1);
    unconditionalWithClass.classes = {3};
    EXPECT_TRUE(render::render(unconditionalWithClass).ok());  // classes ignored when unconditional
}

TEST_F(RendererTest, SubmitNeverBlocksAndNewestRequestWins) {
    std::mutex mutex;
    std::vector<render::RenderResult> results;
    render::Renderer renderer([&](render::RenderResult r) {
        std::lock_guard<std::mutex> lock(mutex);
        results.push_back(std::move(r));
    });
    // A burst of slider events: submit must return at once even though each render takes time.
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t last = 0;
    for (int i = 0; i < 200; ++i) last = renderer.submit(request(static_cast<std::uint64_t>(i)));
    const double submitMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const double oneRenderMs = render::render(request(0)).milliseconds;
    EXPECT_LT(submitMs, 200 * oneRenderMs) << "submit waited on renders";
    renderer.waitIdle();

    std::lock_guard<std::mutex> lock(mutex);
    ASSERT_FALSE(results.empty());
    // Coalesced: far fewer renders than requests, and the last delivered frame is the newest.
    EXPECT_LT(results.size(), 200u);
    EXPECT_EQ(results.back().generation, last);
    EXPECT_EQ(results.back().images[0], render::render(request(199)).images[0]);
    EXPECT_EQ(renderer.droppedCount() + results.size(), 200u);
    for (std::size_t i = 1; i < results.size(); ++i) {
        EXPECT_GT(results[i].generation, results[i - 1].generation);
    }
}

TEST_F(RendererTest, StaleResultIsDroppedWhenANewerRequestArrivesMidRender) {
    std::mutex mutex;
    std::vector<std::uint64_t> delivered;
    std::atomic<bool> firstStarted{false};
    render::Renderer renderer([&](render::RenderResult r) {
        std::lock_guard<std::mutex> lock(mutex);
        delivered.push_back(r.generation);
    });
    // A big batch makes the first render slow enough to submit a second one while it runs.
    render::RenderRequest slow = request(1);
    for (int i = 0; i < 255; ++i) slow.latents.push_back(::latent::latent::sampleLatent(100 + i, 32));
    const std::uint64_t g1 = renderer.submit(slow);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const std::uint64_t g2 = renderer.submit(request(2));
    renderer.waitIdle();
    std::lock_guard<std::mutex> lock(mutex);
    ASSERT_FALSE(delivered.empty());
    EXPECT_EQ(delivered.back(), g2);
    for (std::uint64_t g : delivered) EXPECT_NE(g, g1) << "stale result was delivered";
    EXPECT_GE(renderer.droppedCount(), 1u);
}

TEST_F(RendererTest, ErrorsTravelInsideTheResult) {
    std::mutex mutex;
    std::string error;
    render::Renderer renderer([&](render::RenderResult r) {
        std::lock_guard<std::mutex> lock(mutex);
        error = r.error;
    });
    render::RenderRequest bad = request(1);
    bad.latents[0].resize(3);
    renderer.submit(bad);
    renderer.waitIdle();
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_NE(error.find("expects 32"), std::string::npos);
}

TEST_F(RendererTest, DestroyingWithWorkPendingDoesNotHang) {
    auto renderer = std::make_unique<render::Renderer>([](render::RenderResult) {});
    for (int i = 0; i < 10; ++i) renderer->submit(request(static_cast<std::uint64_t>(i)));
    renderer.reset();  // joins; the test fails by timeout if it hangs
    SUCCEED();
}
