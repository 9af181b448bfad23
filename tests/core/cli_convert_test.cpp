// `latent convert PKL [OUT.pt]`, run as a user would: the Python converter writes the archive, then
// the CLI opens it. The fixture pickle needs the fake StyleGAN code in
// tests/fixtures/stylegan_repo, as a real one needs NVIDIA's repository.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/model/loader.h"
#include "tests/core/model_testutil.h"
#include "tests/core/testutil.h"

namespace {

using latent::test::contains;
using latent::test::fixture;

const std::string kRepo = std::string(LATENT_SOURCE_DIR) + "/tests/fixtures/stylegan_repo";

latent::test::CommandRun latentCli(const std::string& args) {
    return latent::test::runCommand(std::string(LATENT_CLI_PATH) + " " + args);
}

long lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

class ConvertCli : public ::testing::Test {
protected:
    void SetUp() override { std::filesystem::copy_file(fixture("stylegan2.pkl"), m_pickle); }
    latent::test::TempDir m_dir;
    std::string m_pickle = m_dir.file("net.pkl");
};

}  // namespace

TEST_F(ConvertCli, WritesAnArchiveThatLoadsWithTheTrainedWAvg) {
    const latent::test::CommandRun r =
        latentCli("convert " + m_pickle + " --stylegan-repo " + kRepo);
    ASSERT_EQ(r.code, 0) << r.out;
    const std::string out = m_dir.file("net.pt");  // the default: the pickle's name, .pt
    EXPECT_TRUE(contains(r.out, "wrote " + out + " (stylegan2, 32 px"));
    EXPECT_TRUE(contains(r.out, "opened " + out +
                                    ": \"net\" (stylegan2, 3 x 32 px, z 32, "
                                    "w 32 x 8 style layers, trained w_avg, unconditional)\n"));
    auto loaded = latent::model::loadModel(out, {latent::model::DeviceKind::Cpu});
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    EXPECT_TRUE(loaded->info.styleBased());
    EXPECT_EQ(loaded->info.wAvgSource, latent::model::WAvgSource::Trained);

    // The options reach the converter; an existing output needs --force.
    const std::string named = m_dir.file("named.pt");
    const latent::test::CommandRun again = latentCli(
        "convert " + m_pickle + " " + named + " --stylegan-repo " + kRepo + " --name 'My faces'");
    ASSERT_EQ(again.code, 0) << again.out;
    auto renamed = latent::model::loadModel(named, {latent::model::DeviceKind::Cpu});
    ASSERT_TRUE(renamed.ok()) << renamed.error();
    EXPECT_EQ(renamed->info.name, "My faces");
    const latent::test::CommandRun exists = latentCli("convert " + m_pickle + " " + named);
    EXPECT_EQ(exists.code, 2) << exists.out;
    EXPECT_EQ(exists.out, "latent: " + named + " already exists; add --force to overwrite it\n");
}

TEST_F(ConvertCli, WithoutTheStyleGanCodeItFailsInOneLineNamingTheOption) {
    const latent::test::CommandRun r = latentCli("convert " + m_pickle);
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(lines(r.out), 1) << r.out;
    EXPECT_EQ(r.out.rfind("latent: ", 0), 0u) << r.out;
    EXPECT_TRUE(contains(r.out, "--stylegan-repo"));
    EXPECT_FALSE(std::filesystem::exists(m_dir.file("net.pt")));
}

TEST_F(ConvertCli, UsageErrorsExitWithTwo) {
    for (const std::string args : {"convert", "convert a.pkl b.pt c.pt", "convert a.pkl --bogus"}) {
        const latent::test::CommandRun r = latentCli(args);
        EXPECT_EQ(r.code, 2) << args << ": " << r.out;
        EXPECT_EQ(lines(r.out), 1) << r.out;
    }
    EXPECT_TRUE(contains(latentCli("convert a.pkl b.pt c.pt").out, "unexpected argument 'c.pt'"));
    const latent::test::CommandRun missing = latentCli("convert " + m_dir.file("none.pkl"));
    EXPECT_EQ(missing.code, 1) << missing.out;
    EXPECT_EQ(missing.out, "latent: " + m_dir.file("none.pkl") + ": file not found\n");
    EXPECT_TRUE(contains(latentCli("help").out, "convert PKL [OUT.pt]"));
}
