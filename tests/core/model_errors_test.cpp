// Every way a model file can be bad gets its own message, naming the file and the problem.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <future>

#include "core/model/dcgan.h"
#include "core/model/modelfileio.h"
#include "core/runtime/runtime.h"
#include "model_testutil.h"
#include "testutil.h"

namespace latent::model {
namespace {

using test::loadError;
using test::TempDir;

class ModelErrors : public ::testing::Test {
protected:
    void SetUp() override {
        m_good = m_dir.file("good.ltm");
        ASSERT_TRUE(writeRandomDcgan(m_good, test::smallDcgan(), 1, "good").ok());
        m_bytes = test::readBytes(m_good);
    }
    // Writes `bytes` under `name` and returns the path.
    std::string damaged(const std::string& name, const std::string& bytes) {
        std::string path = m_dir.file(name);
        test::writeBytes(path, bytes);
        return path;
    }

    TempDir m_dir;
    std::string m_good;
    std::string m_bytes;
};

TEST_F(ModelErrors, TruncatedPayload) {
    const auto path = damaged("cut.ltm", m_bytes.substr(0, m_bytes.size() / 2));
    const auto error = loadError(path);
    EXPECT_TRUE(test::contains(error, path + ": truncated file (header says "));
    EXPECT_TRUE(test::contains(error, "file has "));
}

TEST_F(ModelErrors, TruncatedHeader) {
    EXPECT_TRUE(test::contains(loadError(damaged("cut.ltm", m_bytes.substr(0, 40))), "truncated file"));
    EXPECT_TRUE(test::contains(loadError(damaged("tiny.ltm", m_bytes.substr(0, 10))), "truncated file"));
}

TEST_F(ModelErrors, NotAModel) {
    EXPECT_TRUE(test::contains(loadError(damaged("notes.ltm", "just some text\n")), "notes.ltm: not a Latent Studio model or TorchScript archive (unrecognised header)"));
}

TEST_F(ModelErrors, EmptyFile) {
    EXPECT_TRUE(test::contains(loadError(damaged("empty.ltm", "")), "empty.ltm: file is empty"));
}

TEST_F(ModelErrors, Directory) {
    EXPECT_TRUE(test::contains(loadError(m_dir.path()), m_dir.path() + ": is a directory"));
}

TEST_F(ModelErrors, MissingFile) {
    EXPECT_TRUE(test::contains(loadError(m_dir.file("nope.ltm")), "nope.ltm: file not found"));
    EXPECT_TRUE(test::contains(loadError(""), "no model file given"));
}

TEST_F(ModelErrors, FifoDoesNotHang) {
    const std::string fifo = m_dir.file("pipe.ltm");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto pending = std::async(std::launch::async, [&] { return loadModel(fifo); });
    ASSERT_EQ(pending.wait_for(std::chrono::seconds(10)), std::future_status::ready)
        << "loadModel blocked on a FIFO";
    auto result = pending.get();
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(test::contains(result.error(), "pipe.ltm: not a regular file"));
}

TEST_F(ModelErrors, Unreadable) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads mode-000 files";
    ASSERT_EQ(::chmod(m_good.c_str(), 0), 0);
    EXPECT_TRUE(test::contains(loadError(m_good), "good.ltm: cannot read file (permission denied)"));
}

TEST_F(ModelErrors, CorruptedChecksum) {
    std::string bytes = m_bytes;
    bytes[bytes.size() - 5] ^= 0x40;  // inside the payload
    EXPECT_TRUE(test::contains(loadError(damaged("flip.ltm", bytes)), "flip.ltm: checksum mismatch, the file is corrupt"));
}

TEST_F(ModelErrors, AFlippedBitInTheHeaderIsCaught) {
    // The metadata's name: "good" becomes "gOod" (one bit). Version 1 files let this through.
    std::string bytes = m_bytes;
    const auto at = bytes.find("\"good\"");
    ASSERT_NE(at, std::string::npos);
    bytes[at + 2] ^= 0x20;
    const std::string error = loadError(damaged("header.ltm", bytes));
    EXPECT_TRUE(test::contains(error, "header.ltm: checksum mismatch, the file is corrupt (its header or preamble was changed"));
    EXPECT_EQ(error.find('\n'), std::string::npos);
}

TEST_F(ModelErrors, VersionOneFilesStillOpen) {
    // A version 1 file: the same header without its checksum (JSON whitespace keeps the length).
    std::string bytes = m_bytes;
    ASSERT_EQ(bytes.compare(kModelPreambleSize, sizeof kHeaderChecksumPrefix - 1, kHeaderChecksumPrefix), 0);
    const std::size_t length = sizeof kHeaderChecksumPrefix - 1 + 16 + 2;  // digits, '"', ','
    ASSERT_EQ(bytes[kModelPreambleSize + length - 1], ',');
    bytes.replace(kModelPreambleSize, length, "{" + std::string(length - 1, ' '));
    bytes[8] = 1;
    auto loaded = loadModel(damaged("v1.ltm", bytes));
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_EQ(loaded->info.name, "good");
}

TEST_F(ModelErrors, NewerVersion) {
    std::string bytes = m_bytes;
    bytes[8] = 9;
    EXPECT_TRUE(test::contains(loadError(damaged("v9.ltm", bytes)), "v9.ltm: model file version 9 is newer than this Latent Studio supports (2)"));
}

TEST_F(ModelErrors, HeaderNotJson) {
    std::string bytes = m_bytes;
    bytes[16] = '#';  // the opening brace
    EXPECT_TRUE(test::contains(loadError(damaged("json.ltm", bytes)), "corrupt model file (header is not valid JSON"));
}

TEST_F(ModelErrors, TrailingBytes) {
    EXPECT_TRUE(test::contains(loadError(damaged("tail.ltm", m_bytes + "extra")), "corrupt model file (5 unexpected bytes after the payload)"));
}

TEST_F(ModelErrors, TensorsDisagreeWithArchitecture) {
    auto contents = readModelFile(m_good);
    ASSERT_TRUE(contents.ok()) << contents.error();
    NamedTensors missing(contents->tensors.begin() + 1, contents->tensors.end());
    ASSERT_TRUE(writeModelFile(m_dir.file("missing.ltm"), contents->metadata, missing).ok());
    EXPECT_TRUE(test::contains(loadError(m_dir.file("missing.ltm")), "weights do not match the dcgan architecture in the metadata: missing tensor '" +
                          contents->tensors[0].first + "'"));

    NamedTensors reshaped = contents->tensors;
    reshaped[0].second = reshaped[0].second.reshape({-1});
    ASSERT_TRUE(writeModelFile(m_dir.file("shape.ltm"), contents->metadata, reshaped).ok());
    EXPECT_TRUE(test::contains(loadError(m_dir.file("shape.ltm")), "' has shape ["));

    NamedTensors extra = contents->tensors;
    extra.emplace_back("stray.weight", torch::zeros({2}));
    ASSERT_TRUE(writeModelFile(m_dir.file("extra.ltm"), contents->metadata, extra).ok());
    EXPECT_TRUE(test::contains(loadError(m_dir.file("extra.ltm")), "unexpected tensor 'stray.weight'"));
}

TEST_F(ModelErrors, BadMetadata) {
    auto contents = readModelFile(m_good);
    ASSERT_TRUE(contents.ok()) << contents.error();
    auto meta = contents->metadata;
    meta["architecture"] = "biggan";
    ASSERT_TRUE(writeModelFile(m_dir.file("arch.ltm"), meta, contents->tensors).ok());
    EXPECT_TRUE(test::contains(loadError(m_dir.file("arch.ltm")), "unsupported architecture 'biggan'"));

    meta = contents->metadata;
    meta.erase("latent_size");
    ASSERT_TRUE(writeModelFile(m_dir.file("nolatent.ltm"), meta, contents->tensors).ok());
    EXPECT_TRUE(test::contains(loadError(m_dir.file("nolatent.ltm")), "metadata has no \"latent_size\""));

    meta = contents->metadata;
    meta["resolution"] = 100;
    ASSERT_TRUE(writeModelFile(m_dir.file("res.ltm"), meta, contents->tensors).ok());
    EXPECT_TRUE(test::contains(loadError(m_dir.file("res.ltm")), "resolution must be 32, 64 or 128"));
}

TEST_F(ModelErrors, NaNWeightsAreCaughtByTheProbe) {
    auto contents = readModelFile(m_good);
    ASSERT_TRUE(contents.ok()) << contents.error();
    NamedTensors tensors = contents->tensors;
    for (auto& [name, t] : tensors) {
        if (t.is_floating_point()) t = torch::full_like(t, std::numeric_limits<float>::quiet_NaN());
    }
    ASSERT_TRUE(writeModelFile(m_dir.file("nan.ltm"), contents->metadata, tensors).ok());
    EXPECT_TRUE(test::contains(loadError(m_dir.file("nan.ltm")), "nan.ltm: output contains NaN or infinite values"));
}

TEST_F(ModelErrors, CudaWithoutGpu) {
    if (runtime::cudaAvailable()) GTEST_SKIP() << "this machine has CUDA";
    LoadOptions options;
    options.device = DeviceKind::Cuda;
    auto loaded = loadModel(m_good, options);
    ASSERT_FALSE(loaded.ok());
    EXPECT_TRUE(test::contains(loaded.error(), "CUDA"));
}

}  // namespace
}  // namespace latent::model
