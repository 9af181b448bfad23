#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/image/png.h"
#include "core/train/dataset.h"
#include "core/train/faces.h"
#include "core/train/idx.h"
#include "core/train/prefetcher.h"
#include "core/train/toy.h"
#include "tests/core/model_testutil.h"
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

TEST(TrainDataset, ImageFoldersDecodeLazilyBatchByBatch) {
    test::TempDir dir;
    for (int i = 0; i < 4; ++i) {
        image::ImageRGB8 img(20, 20);
        for (auto& p : img.pixels) p = static_cast<std::uint8_t>(40 * (i + 1));
        ASSERT_TRUE(image::writePng(dir.file("img" + std::to_string(i) + ".png"), img).ok());
    }
    auto d = train::loadImageFolder(dir.path(), 16);
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(d->source, train::DataSource::Files);
    EXPECT_FALSE(d->data.defined()) << "no pixels are held in memory";
    EXPECT_EQ(d->size(), 4);
    EXPECT_EQ(d->channels(), 3);
    auto pixel = [&](std::int64_t row) {
        return train::makeBatch(*d, torch::tensor({row}, torch::kLong))[0][1][8][8].item<float>();
    };
    EXPECT_NEAR(pixel(2), 120 / 127.5 - 1.0, 1e-5);
    // A file damaged after the listing gives way to the next one that decodes, the same every time.
    std::ofstream(dir.file("img2.png"), std::ios::binary | std::ios::trunc)
        << "\x89PNG\r\n\x1a\n and then nothing usable";
    EXPECT_NEAR(pixel(2), 160 / 127.5 - 1.0, 1e-5);
    EXPECT_NEAR(pixel(2), 160 / 127.5 - 1.0, 1e-5);
    EXPECT_THROW(train::makeBatch(*d, torch::tensor({4}, torch::kLong)), c10::Error);
    // A damaged first file is found at load time: skipped and counted.
    std::ofstream(dir.file("img0.png"), std::ios::binary | std::ios::trunc)
        << "\x89PNG\r\n\x1a\n truncated";
    auto again = train::loadImageFolder(dir.path(), 16);
    ASSERT_TRUE(again.ok()) << again.error();
    EXPECT_EQ(again->size(), 3);
    EXPECT_EQ(again->skipped, 1);
}

TEST(TrainDataset, AFolderOfGreyPngsTrainsInGrey) {
    test::TempDir dir;
    test::writeBytes(dir.file("a.png"), test::greyPng(12, 200));
    test::writeBytes(dir.file("b.png"), test::greyPng(12, 50));
    auto grey = train::loadImageFolder(dir.path(), 16);
    ASSERT_TRUE(grey.ok()) << grey.error();
    EXPECT_EQ(grey->channels(), 1);
    const torch::Tensor batch = train::makeBatch(*grey, torch::tensor({0, 1}, torch::kLong));
    EXPECT_EQ(batch.sizes(), (std::vector<std::int64_t>{2, 1, 16, 16}));
    EXPECT_NEAR(batch[1][0][5][5].item<float>(), 50 / 127.5 - 1.0, 1e-5);
    // One colour image among them: the folder trains in colour.
    image::ImageRGB8 colour(12, 12);
    ASSERT_TRUE(image::writePng(dir.file("c.png"), colour).ok());
    auto mixed = train::loadImageFolder(dir.path(), 16);
    ASSERT_TRUE(mixed.ok()) << mixed.error();
    EXPECT_EQ(mixed->channels(), 3);
}

TEST(TrainDataset, FacesAreDrawnPerBatchFromTheirIndex) {
    auto d = train::loadDataset("faces:100", 32, 0);
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(d->source, train::DataSource::Faces);
    EXPECT_EQ(d->size(), 100);
    EXPECT_EQ(d->channels(), 3);
    EXPECT_TRUE(d->classNames.empty());
    const torch::Tensor batch = train::makeBatch(*d, torch::tensor({7, 42}, torch::kLong));
    EXPECT_EQ(batch.sizes(), (std::vector<std::int64_t>{2, 3, 32, 32}));
    const torch::Tensor face42 = train::renderFaces({train::faceAttributes(42)}, 32);
    EXPECT_TRUE(torch::equal(batch[1], face42[0])) << "row i is `latent faces` face i";
    EXPECT_FALSE(torch::equal(batch[0], batch[1]));
    EXPECT_THROW(train::makeBatch(*d, torch::tensor({100}, torch::kLong)), c10::Error);

    auto all = train::loadDataset("faces", 64, 0);
    ASSERT_TRUE(all.ok()) << all.error();
    EXPECT_EQ(all->size(), train::kDefaultFaceCount);
    for (const char* bad : {"faces:0", "faces:-3", "faces:abc", "faces:", "faces:20000000"}) {
        auto refused = train::loadDataset(bad, 32, 0);
        ASSERT_FALSE(refused.ok()) << bad;
        EXPECT_NE(refused.error().find("faces:N"), std::string::npos) << refused.error();
    }
    auto tiny = train::loadDataset("faces", 8, 0);
    ASSERT_FALSE(tiny.ok());
    EXPECT_EQ(tiny.error(), "faces are drawn at 16 to 512 px (got 8)");
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
