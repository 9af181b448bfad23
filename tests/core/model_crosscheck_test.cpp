// tools/dcgan.py + tools/latentfile.py must reproduce C++ outputs from a C++-written model file,
// so Python benchmarks and training scripts work on exactly the weights the app shows.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/model/probe.h"
#include "model_testutil.h"
#include "testutil.h"

namespace latent::model {
namespace {

void writeTensor(const std::string& path, const torch::Tensor& t) {
    const auto c = t.contiguous();
    test::writeBytes(path, std::string(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size()));
}

void crossCheck(const DcganConfig& config) {
    test::TempDir dir;
    const std::string model = dir.file("model.ltm");
    ASSERT_TRUE(writeRandomDcgan(model, config, 21, "cross").ok());
    auto loaded = loadModel(model);
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const int n = 3;
    const auto z = seededLatents(n, config.latentSize, 5);
    const auto classes = cyclingClasses(n, static_cast<int>(config.classNames.size()));
    const auto expected = test::generate(*loaded->generator, z, classes);
    writeTensor(dir.file("z.bin"), z);
    std::string command = std::string(LATENT_PYTHON) + " " + LATENT_SOURCE_DIR +
                          "/tests/fixtures/dcgan_crosscheck.py " + model + " " + dir.file("z.bin") +
                          " " + dir.file("out.bin");
    if (classes.defined()) {
        writeTensor(dir.file("c.bin"), classes);
        command += " " + dir.file("c.bin");
    }
    const int status = std::system(command.c_str());
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) GTEST_SKIP() << "no torch in " << LATENT_PYTHON;
    ASSERT_EQ(status, 0) << command;
    const std::string bytes = test::readBytes(dir.file("out.bin"));
    ASSERT_EQ(bytes.size(), static_cast<std::size_t>(expected.numel()) * sizeof(float));
    const auto python = torch::from_blob(const_cast<char*>(bytes.data()), expected.sizes(), torch::kFloat32);
    EXPECT_LT((python - expected).abs().max().item<float>(), 1e-5f);
}

TEST(DcganCrossCheck, PythonMatchesCpp) { crossCheck(test::smallDcgan(64)); }

TEST(DcganCrossCheck, ConditionalPythonMatchesCpp) {
    auto config = test::smallDcgan(32, 1);
    config.classNames = {"a", "b", "c", "d"};
    config.embeddingSize = 5;
    crossCheck(config);
}

TEST(DcganCrossCheck, PythonWrittenFileLoadsInCpp) {
    test::TempDir dir;
    const std::string model = dir.file("py.ltm");
    const std::string command = std::string(LATENT_PYTHON) + " " + LATENT_SOURCE_DIR +
                                "/tests/fixtures/dcgan_crosscheck.py --write " + model;
    const int status = std::system(command.c_str());
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) GTEST_SKIP() << "no torch in " << LATENT_PYTHON;
    ASSERT_EQ(status, 0) << command;
    auto loaded = loadModel(model);
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_EQ(loaded->info.name, "written by Python");
    EXPECT_EQ(loaded->info.classNames, (std::vector<std::string>{"x", "y"}));
}

}  // namespace
}  // namespace latent::model
