#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "core/latent/latent.h"
#include "core/model/generator.h"
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

    // Seed's latent, drawn by the test model or by `generator` (a gated wrapper of it).
    render::RenderRequest request(std::uint64_t seed,
                                  const std::shared_ptr<const model::Generator>& generator = nullptr) const {
        render::RenderRequest r;
        r.generator = generator ? generator : m_model.generator;
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

// A model whose next generate() waits at a gate the test opens: it holds a request "in flight"
// for as long as a test needs, so the renderer's rules are checked without timing anything.
class GatedGenerator final : public model::Generator {
public:
    explicit GatedGenerator(std::shared_ptr<const model::Generator> inner) : m_inner(std::move(inner)) {}

    const model::ModelInfo& info() const override { return m_inner->info(); }
    torch::Device device() const override { return m_inner->device(); }
    torch::Tensor generate(const torch::Tensor& z, const torch::Tensor& classes,
                           float truncation) const override {
        std::unique_lock<std::mutex> lock(m_mutex);
        ++m_entered;
        m_changed.notify_all();
        m_changed.wait(lock, [this] { return m_open; });
        lock.unlock();
        return m_inner->generate(z, classes, truncation);
    }

    // Blocks until a render is inside generate() (and held there while the gate is closed).
    void waitUntilEntered(int count = 1) const {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [&] { return m_entered >= count; });
    }
    void open() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_open = true;
        m_changed.notify_all();
    }

private:
    std::shared_ptr<const model::Generator> m_inner;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    mutable int m_entered = 0;
    mutable bool m_open = false;
};

// Collects what a Renderer delivers, from its worker thread.
struct Delivered {
    std::mutex mutex;
    std::vector<render::RenderResult> results;

    render::Renderer::Callback callback() {
        return [this](render::RenderResult r) {
            std::lock_guard<std::mutex> lock(mutex);
            results.push_back(std::move(r));
        };
    }
    std::vector<std::uint64_t> generations() {
        std::lock_guard<std::mutex> lock(mutex);
        std::vector<std::uint64_t> g;
        for (const auto& r : results) g.push_back(r.generation);
        return g;
    }
};

// Runs `f` on another thread and says whether it returned within a minute: a call that waits on a
// render held at a closed gate never would.
template <typename F>
bool returnsWithinAMinute(F f) {
    auto done = std::async(std::launch::async, std::move(f));
    return done.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
}

TEST_F(RendererTest, NewerRequestReplacesThePendingOneAndTheInFlightFrameIsStillShown) {
    auto gated = std::make_shared<GatedGenerator>(m_model.generator);
    Delivered delivered;
    render::Renderer renderer(delivered.callback());
    render::RenderRequest first = request(1, gated);
    const std::uint64_t g1 = renderer.submit(first);
    gated->waitUntilEntered();

    // A burst of slider events while a frame is being drawn: submit never waits for the render.
    std::uint64_t last = 0;
    ASSERT_TRUE(returnsWithinAMinute([&] {
        for (int i = 0; i < 200; ++i) {
            last = renderer.submit(request(static_cast<std::uint64_t>(1000 + i), gated));
        }
    })) << "submit waited for the render in flight";
    gated->open();
    renderer.waitIdle();

    // The frame that was being drawn is delivered (a frame on the way), then only the newest:
    // the 199 requests that waited behind it were replaced without being drawn.
    EXPECT_EQ(delivered.generations(), (std::vector<std::uint64_t>{g1, last}));
    EXPECT_EQ(renderer.droppedCount(), 199u);
    std::lock_guard<std::mutex> lock(delivered.mutex);
    EXPECT_EQ(delivered.results[0].images[0], render::render(request(1)).images[0]);
    EXPECT_EQ(delivered.results[1].images[0], render::render(request(1199)).images[0]);
}

TEST_F(RendererTest, InFlightFrameOfAModelTheUserLeftIsNotShown) {
    auto gated = std::make_shared<GatedGenerator>(m_model.generator);
    Delivered delivered;
    render::Renderer renderer(delivered.callback());
    render::RenderRequest old = request(1, gated);
    renderer.submit(old);
    gated->waitUntilEntered();
    const std::uint64_t now = renderer.submit(request(2));  // another model (the plain one)
    gated->open();
    renderer.waitIdle();
    EXPECT_EQ(delivered.generations(), (std::vector<std::uint64_t>{now}));
    EXPECT_EQ(renderer.droppedCount(), 1u);
}

TEST_F(RendererTest, CallerMayAskThatASupersededResultBeDropped) {
    auto gated = std::make_shared<GatedGenerator>(m_model.generator);
    Delivered delivered;
    render::Renderer renderer(delivered.callback());
    render::RenderRequest first = request(1, gated);
    renderer.submit(first, render::WhenSuperseded::Drop);
    gated->waitUntilEntered();
    render::RenderRequest second = request(2, gated);
    const std::uint64_t g2 = renderer.submit(second, render::WhenSuperseded::Drop);
    gated->open();
    renderer.waitIdle();
    EXPECT_EQ(delivered.generations(), (std::vector<std::uint64_t>{g2}));
    EXPECT_EQ(renderer.droppedCount(), 1u);
}

TEST_F(RendererTest, SharedWorkerServesTheMainViewBeforeThumbnails) {
    auto worker = std::make_shared<render::RenderWorker>();
    auto gated = std::make_shared<GatedGenerator>(m_model.generator);
    std::mutex mutex;
    std::vector<std::string> order;
    auto note = [&](const std::string& who) {
        return [&, who](const render::RenderResult&) {
            std::lock_guard<std::mutex> lock(mutex);
            order.push_back(who);
        };
    };
    render::Renderer blocker(worker, render::RenderPriority::Background, note("blocker"));
    render::Renderer library(worker, render::RenderPriority::Library, note("library"));
    render::Renderer thumbnails(worker, render::RenderPriority::Thumbnails, note("thumbnails"));
    render::Renderer mainView(worker, render::RenderPriority::MainView, note("main"));
    render::RenderRequest held = request(1, gated);
    blocker.submit(held);
    gated->waitUntilEntered();
    // Waiting in the order they arrived; drawn in priority order.
    library.submit(request(2));
    thumbnails.submit(request(3));
    mainView.submit(request(4));
    gated->open();
    worker->waitIdle();
    EXPECT_EQ(order, (std::vector<std::string>{"blocker", "main", "thumbnails", "library"}));
}

TEST_F(RendererTest, ClosingALaneDoesNotWaitForItsRenderAndNeverCallsBack) {
    auto worker = std::make_shared<render::RenderWorker>();
    auto gated = std::make_shared<GatedGenerator>(m_model.generator);
    std::atomic<int> calls{0};
    auto lane = std::make_unique<render::Renderer>(
        worker, render::RenderPriority::MainView, [&](const render::RenderResult&) { ++calls; });
    render::RenderRequest held = request(1, gated);
    lane->submit(held);
    gated->waitUntilEntered();
    lane->submit(request(2));  // waiting behind it: discarded with the lane
    ASSERT_TRUE(returnsWithinAMinute([&] { lane.reset(); })) << "closing waited for a render";
    // The worker carries on for the other lanes once the held render ends.
    Delivered other;
    render::Renderer survivor(worker, render::RenderPriority::Thumbnails, other.callback());
    const std::uint64_t g = survivor.submit(request(3));
    gated->open();
    worker->waitIdle();
    EXPECT_EQ(calls.load(), 0);
    EXPECT_EQ(other.generations(), (std::vector<std::uint64_t>{g}));
}

TEST_F(RendererTest, ErrorsTravelInsideTheResult) {
    std::mutex mutex;
    std::string error;
    render::Renderer renderer([&](const render::RenderResult& r) {
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

TEST_F(RendererTest, DestroyingWithWorkPendingEndsWithoutCallingBackLater) {
    auto calls = std::make_shared<std::atomic<int>>(0);
    auto renderer = std::make_unique<render::Renderer>([calls](const render::RenderResult&) { ++*calls; });
    for (int i = 0; i < 10; ++i) renderer->submit(request(static_cast<std::uint64_t>(i)));
    ASSERT_TRUE(returnsWithinAMinute([&] { renderer.reset(); }));  // joins its own worker
    const int seen = calls->load();
    EXPECT_LE(seen, 2) << "more than the frame in flight and none waiting were drawn";
    EXPECT_EQ(calls->load(), seen);
}
