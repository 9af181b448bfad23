#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/image/png.h"
#include "core/train/dataset.h"
#include "core/train/idx.h"
#include "core/train/prefetcher.h"
#include "core/train/toy.h"
#include "tests/core/testutil.h"

namespace {

using namespace latent;

// A tiny Fashion-MNIST look-alike: n 28x28 images whose pixels are all `i`, label i % 10.
void writeFakeMnist(const std::string& dir, int n) {
    train::IdxArray images{{n, 28, 28}, {}};
    train::IdxArray labels{{n}, {}};
    for (int i = 0; i < n; ++i) {
        images.data.insert(images.data.end(), 28 * 28, static_cast<std::uint8_t>(i * 20));
        labels.data.push_back(static_cast<std::uint8_t>(i % 10));
    }
    ASSERT_TRUE(train::writeIdxGz(dir + "/train-images-idx3-ubyte.gz", images).ok());
    ASSERT_TRUE(train::writeIdxGz(dir + "/train-labels-idx1-ubyte.gz", labels).ok());
}

}  // namespace

TEST(TrainDataset, ReadsGzippedIdxFashionMnist) {
    test::TempDir dir;
    writeFakeMnist(dir.path(), 12);
    auto d = train::loadFashionMnist(dir.path(), 32);
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(d->size(), 12);
    EXPECT_EQ(d->classNames.size(), 10u);
    EXPECT_EQ(d->classNames[9], "Ankle boot");
    EXPECT_EQ(d->labels[11].item<std::int64_t>(), 1);

    // 28 -> 32 pads 2 px of background (-1) around the unchanged image.
    auto batch = train::makeBatch(*d, torch::tensor({0, 5}, torch::kLong));
    ASSERT_EQ(batch.sizes(), (std::vector<std::int64_t>{2, 1, 32, 32}));
    EXPECT_FLOAT_EQ(batch[1][0][0][0].item<float>(), -1.0f);
    EXPECT_NEAR(batch[1][0][16][16].item<float>(), 100 / 127.5 - 1.0, 1e-6);
    EXPECT_GE(batch.min().item<float>(), -1.0f);
    EXPECT_LE(batch.max().item<float>(), 1.0f);

    auto d64 = train::loadFashionMnist(dir.path(), 64);
    ASSERT_TRUE(d64.ok());
    EXPECT_EQ(train::makeBatch(*d64, torch::tensor({3}, torch::kLong)).size(3), 64);
}

TEST(TrainDataset, MissingOrCorruptIdxNamesTheFile) {
    test::TempDir dir;
    auto missing = train::loadFashionMnist(dir.path(), 32);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("train-images-idx3-ubyte.gz"), std::string::npos)
        << missing.error();

    writeFakeMnist(dir.path(), 4);
    // Header promises 5 images but holds 4: truncated.
    train::IdxArray bad{{5, 28, 28}, std::vector<std::uint8_t>(4 * 28 * 28, 0)};
    ASSERT_TRUE(train::writeIdxGz(dir.file("train-images-idx3-ubyte.gz"), bad).ok());
    auto truncated = train::loadFashionMnist(dir.path(), 32);
    ASSERT_FALSE(truncated.ok());
    EXPECT_NE(truncated.error().find("truncated"), std::string::npos) << truncated.error();

    std::ofstream(dir.file("train-labels-idx1-ubyte.gz")) << "not an idx file at all";
    auto garbage = train::readIdx(dir.file("train-labels-idx1-ubyte.gz"), 1);
    ASSERT_FALSE(garbage.ok());
    EXPECT_NE(garbage.error().find("train-labels-idx1-ubyte.gz"), std::string::npos);
}

TEST(TrainDataset, ImageFolderSkipsAndCountsUnreadableFiles) {
    test::TempDir dir;
    namespace fs = std::filesystem;
    fs::create_directories(dir.file("cats"));
    fs::create_directories(dir.file("dogs/puppies"));
    image::ImageRGB8 wide(40, 20);
    for (auto& p : wide.pixels) p = 200;
    ASSERT_TRUE(image::writePng(dir.file("cats/a.png"), wide).ok());
    ASSERT_TRUE(image::writePng(dir.file("dogs/puppies/b.PNG"), image::ImageRGB8(8, 8)).ok());
    std::ofstream(dir.file("dogs/broken.png")) << "definitely not a png";
    std::ofstream(dir.file("dogs/broken.jpg")) << "nor a jpeg";
    std::ofstream(dir.file("dogs/notes.txt")) << "ignored: not an image name";

    auto d = train::loadImageFolder(dir.path(), 32);
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(d->size(), 2);
    EXPECT_EQ(d->skipped, 2);
    EXPECT_EQ(d->classNames, (std::vector<std::string>{"cats", "dogs"}));
    EXPECT_EQ(d->labels[1].item<std::int64_t>(), 1);
    auto batch = train::makeBatch(*d, torch::tensor({0, 1}, torch::kLong));
    EXPECT_EQ(batch.sizes(), (std::vector<std::int64_t>{2, 3, 32, 32}));
    EXPECT_NEAR(batch[0][0][0][0].item<float>(), 200 / 127.5 - 1.0, 1e-5);

    test::TempDir empty;
    std::ofstream(empty.file("x.png")) << "broken";
    auto none = train::loadImageFolder(empty.path(), 32);
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().find("no readable images"), std::string::npos) << none.error();
}

TEST(TrainDataset, ToySamplersAreShapedAndSeeded) {
    for (const auto& name : train::toyKindNames()) {
        train::ToyKind kind;
        ASSERT_TRUE(train::parseToyKind(name, &kind));
        auto a = train::sampleToy(kind, 500, 7);
        EXPECT_EQ(a.sizes(), (std::vector<std::int64_t>{500, 2})) << name;
        EXPECT_TRUE(torch::equal(a, train::sampleToy(kind, 500, 7))) << name;
        EXPECT_FALSE(torch::equal(a, train::sampleToy(kind, 500, 8))) << name;
        EXPECT_LT(a.abs().max().item<float>(), 3.0f) << name;
    }
    train::ToyKind kind;
    EXPECT_FALSE(train::parseToyKind("ring9", &kind));
    auto bad = train::loadDataset("toy:ring9", 32, 0);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("ring9"), std::string::npos);
}

TEST(TrainDataset, PrefetcherDeliversTheSeededOrderAndStops) {
    auto loaded = train::loadDataset("toy:ring8", 0, 3);
    ASSERT_TRUE(loaded.ok());
    auto dataset = std::make_shared<const train::Dataset>(std::move(loaded).value());
    train::BatchOrder order(dataset->size(), 100, 11);
    {
        train::BatchPrefetcher prefetcher(dataset, 100, 11, 5, 2);
        for (std::int64_t k = 5; k < 9; ++k) {
            train::Batch b = prefetcher.next();
            EXPECT_EQ(b.index, k);
            EXPECT_TRUE(torch::equal(b.data, train::makeBatch(*dataset, order.indices(k))));
        }
    }  // destroyed with a full queue: must not hang
    // A different epoch is a different permutation.
    const auto perEpoch = order.batchesPerEpoch();
    EXPECT_FALSE(torch::equal(order.indices(0), order.indices(perEpoch)));
}
