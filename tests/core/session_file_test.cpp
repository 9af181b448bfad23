// Session files (core/edit/explorersession.h): what is saved comes back bit for bit; broken files say why.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "core/edit/explorersession.h"
#include "core/latent/latent.h"
#include "core/model/checksum.h"
#include "testutil.h"

namespace latent::edit {
namespace {

constexpr int kSize = 8;

ExplorerFrame frame(std::uint64_t seed) {
    ExplorerFrame f;
    f.seed = seed;
    f.z = latent::sampleLatent(seed, kSize);
    f.classIndex = 2;
    f.truncation = 0.7f;
    return f;
}

ExplorerSession sample() {
    ExplorerSession s;
    s.modelName = "Test";
    s.modelPath = "/models/test.ltm";
    s.modelHash = "0123456789abcdef";
    s.latentSize = kSize;
    Direction smile{"smile", "attribute", Space::Z, latent::sampleLatent(99, kSize), 1.0f};
    s.directions.latentSize = kSize;
    s.directions.directions = {smile};
    s.current = frame(42);
    s.current.z[3] = 0.1234567f;  // a hand edit: not the seed's latent any more
    s.current.edited = true;
    s.current.amounts = {{"smile", 1.5f}};
    s.current.classMorph = Direction{"a → b", "class-morph", Space::Z, {}, 1.0f, 0, -1, 0, 2};
    s.current.classMorphAmount = 0.25f;
    s.a = frame(1);
    s.a->classIndex = 0;
    s.a->amounts = {{"smile", -2.0f}};
    s.b = s.current;
    s.b->origin = Origin::Interpolated;
    s.abPosition = 0.375f;
    s.keyframes = {Keyframe{latent::sampleLatent(1, kSize), 1, false},
                   Keyframe{latent::sampleLatent(2, kSize), 2, true, Origin::Projected},
                   Keyframe{latent::sampleLatent(5, kSize), 5, false}};
    s.bookmarks = {Bookmark{"Seed 7", frame(7)}, Bookmark{"my favourite", s.current}};
    return s;
}

void expectSame(const ExplorerSession& a, const ExplorerSession& b) {
    EXPECT_EQ(a.modelName, b.modelName);
    EXPECT_EQ(a.modelPath, b.modelPath);
    EXPECT_EQ(a.modelHash, b.modelHash);
    EXPECT_EQ(a.latentSize, b.latentSize);
    ASSERT_EQ(a.directions.directions.size(), b.directions.directions.size());
    EXPECT_EQ(a.directions.directions[0].vector, b.directions.directions[0].vector);
    EXPECT_EQ(a.directions.directions[0].name, b.directions.directions[0].name);
    EXPECT_TRUE(a.current == b.current);
    EXPECT_EQ(a.a, b.a);
    EXPECT_EQ(a.b, b.b);
    EXPECT_EQ(a.abPosition, b.abPosition);
    EXPECT_EQ(a.keyframes, b.keyframes);
    EXPECT_EQ(a.bookmarks, b.bookmarks);
}

TEST(SessionFileTest, SavesAndReadsBackEveryBit) {
    test::TempDir dir;
    const ExplorerSession s = sample();
    const std::string path = dir.file("a" + std::string(kSessionSuffix));
    ASSERT_TRUE(saveSession(path, s).ok());
    auto read = readSession(path);
    ASSERT_TRUE(read.ok()) << read.error();
    expectSame(s, *read);
    // No temporary left beside it.
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        (void)entry;
        ++files;
    }
    EXPECT_EQ(files, 1);
}

TEST(SessionFileTest, FramesTravelAloneForDragAndDrop) {
    const ExplorerSession s = sample();
    auto back = frameFromJson(frameToJson(s.current), kSize);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_TRUE(*back == s.current);
    auto wrongSize = frameFromJson(frameToJson(s.current), kSize + 1);
    ASSERT_FALSE(wrongSize.ok());
    EXPECT_NE(wrongSize.error().find("model takes 9"), std::string::npos) << wrongSize.error();
}

TEST(SessionFileTest, BrokenFilesSayWhatIsWrong) {
    test::TempDir dir;
    auto errorOf = [&](const std::string& text) {
        const std::string path = dir.file("broken.latent-session.json");
        std::ofstream(path, std::ios::trunc) << text;
        auto read = readSession(path);
        EXPECT_FALSE(read.ok());
        EXPECT_EQ(read.error().rfind(path, 0), 0u) << "names the file: " << read.error();
        return read.error();
    };
    EXPECT_NE(errorOf("{ this is not json").find("not valid JSON"), std::string::npos);
    EXPECT_NE(errorOf("{\"a\": 1}").find("not a Latent Studio session"), std::string::npos);
    std::string good = sessionToJson(sample());
    std::string future = good;
    future.replace(future.find("\"version\": 1"), 12, "\"version\": 7");
    EXPECT_NE(errorOf(future).find("version 7"), std::string::npos);
    // A latent cut short: the count and the model's size are named.
    ExplorerSession shortLatent = sample();
    shortLatent.bookmarks[0].frame.z.pop_back();
    EXPECT_NE(errorOf(sessionToJson(shortLatent)).find("bookmark 1 has a latent of 7 values"),
              std::string::npos);
    ExplorerSession nan = sample();
    nan.keyframes[1].z[0] = std::numeric_limits<float>::quiet_NaN();
    EXPECT_NE(errorOf(sessionToJson(nan)).find("keyframe 2"), std::string::npos);
    EXPECT_NE(errorOf(good.substr(0, good.size() / 2)).find("not valid JSON"), std::string::npos);

    auto missing = readSession(dir.file("nowhere.latent-session.json"));
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("no such file"), std::string::npos);
}

TEST(SessionFileTest, FindsAndChecksItsModel) {
    test::TempDir dir;
    const std::string modelPath = dir.file("m.ltm");
    std::ofstream(modelPath, std::ios::binary) << "weights";
    ExplorerSession s = sample();
    s.modelPath = "/elsewhere/m.ltm";  // moved: found beside the session
    EXPECT_EQ(resolveModelPath(s, dir.file("s.latent-session.json")), modelPath);
    s.modelPath = modelPath;
    EXPECT_EQ(resolveModelPath(s, "/tmp/other/s.latent-session.json"), modelPath);

    s.modelHash = "ffffffffffffffff";
    const Status changed = checkSessionModel(s, modelPath);
    ASSERT_FALSE(changed.ok());
    EXPECT_NE(changed.error().find("has changed since the session was saved"), std::string::npos);
    s.modelHash = model::fnv1a64Hex("weights", 7);
    EXPECT_TRUE(checkSessionModel(s, modelPath).ok());
    s.modelHash = "";  // no hash saved: any file of that name will do
    EXPECT_TRUE(checkSessionModel(s, modelPath).ok());
    const Status gone = checkSessionModel(s, dir.file("gone.ltm"));
    ASSERT_FALSE(gone.ok());
    EXPECT_NE(gone.error().find("is missing"), std::string::npos);
}

TEST(SessionFileTest, DefaultBookmarkNamesSayWhereTheLatentCameFrom) {
    ExplorerFrame f = frame(42);
    EXPECT_EQ(defaultBookmarkName(f), "Seed 42");
    EXPECT_EQ(frameFileStem(f), "seed42");
    f.amounts = {{"smile", 1.0f}};  // moved along a direction: no longer seed 42's own image
    EXPECT_EQ(defaultBookmarkName(f), "Seed 42, edited");
    EXPECT_EQ(frameFileStem(f), "seed42-edited");
    f.amounts.clear();
    f.edited = true;
    EXPECT_EQ(frameLabel(f), "seed 42, edited");
    f.edited = false;
    f.origin = Origin::Interpolated;
    EXPECT_EQ(defaultBookmarkName(f), "Interpolated");
    EXPECT_EQ(frameFileStem(f), "interpolated");
    f.origin = Origin::Projected;
    EXPECT_EQ(defaultBookmarkName(f), "Projected");
    f.origin = Origin::Imported;
    f.edited = true;
    EXPECT_EQ(frameLabel(f), "imported latent, edited");
    EXPECT_EQ(frameFileStem(f), "imported-edited");
}

// Files written before frames had an origin (and A/B were bare latents) still open.
TEST(SessionFileTest, OlderFilesReadWithTheirProvenance) {
    const std::string z = "[0.5, -1, 0.25, 0, 1, 2, -2, 0.125]";
    const std::string text = R"({"kind": "latent-studio-session", "version": 1,
        "model": {"name": "Test", "path": "/m.ltm", "hash": "", "latent_size": 8},
        "current": {"seed": 3, "latent": )" + z + R"(, "edited": true, "projected": true},
        "a": {"seed": 4, "latent": )" + z + R"(, "edited": false},
        "b": null, "ab_position": 0, "keyframes": [], "bookmarks": []})";
    auto s = sessionFromJson(text);
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(s->current.origin, Origin::Projected);
    ASSERT_TRUE(s->a.has_value());
    EXPECT_EQ(s->a->seed, 4u);
    EXPECT_EQ(s->a->origin, Origin::Seed);
    EXPECT_EQ(s->a->truncation, 1.0f);
}

}  // namespace
}  // namespace latent::edit
