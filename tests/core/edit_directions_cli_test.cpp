// `latent directions` and `latent sample --edit`, run as a user would.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/edit/directionset.h"
#include "core/export/recipe.h"
#include "core/image/png.h"
#include "core/model/modelfile.h"
#include "tests/core/testutil.h"

namespace {

using CliRun = latent::test::CommandRun;

const std::string kDefaultModel = std::string(LATENT_SOURCE_DIR) + "/resources/models/default.ltm";

CliRun latentCli(const std::string& args) {
    return latent::test::runCommand(std::string(LATENT_CLI_PATH) + " " + args);
}

long lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

class DirectionsCli : public ::testing::Test {
protected:
    latent::test::TempDir m_dir;
    std::string m_dirs = m_dir.file("dirs.json");
};

}  // namespace

TEST_F(DirectionsCli, SefaDirectionsEditTheSampledImageAndTheRecipeRedrawsIt) {
    const CliRun made = latentCli("directions " + kDefaultModel +
                                  " --method sefa --count 4 --threads 2 --out " + m_dirs);
    ASSERT_EQ(made.code, 0) << made.out;
    EXPECT_NE(made.out.find("SeFa 4"), std::string::npos) << made.out;
    auto set = latent::edit::loadDirections(m_dirs);
    ASSERT_TRUE(set.ok()) << set.error();
    EXPECT_EQ(set->directions.size(), 4u);

    const std::string plain = m_dir.file("plain.png"), edited = m_dir.file("edited.png"),
                      byName = m_dir.file("byname.png"), redrawn = m_dir.file("redrawn.png");
    const std::string sample = "sample " + kDefaultModel + " --seed 4 --class 2 --threads 2 --out ";
    ASSERT_EQ(latentCli(sample + plain).code, 0);
    const CliRun r = latentCli(sample + edited + " --edit " + m_dirs + ":0=3");
    ASSERT_EQ(r.code, 0) << r.out;
    auto a = latent::image::readPng(plain), b = latent::image::readPng(edited);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(*a, *b) << "an edit of 3 sigma along SeFa 1 left the image unchanged";
    // A name works like an index.
    ASSERT_EQ(latentCli(sample + byName + " --edit '" + m_dirs + ":SeFa 1=3'").code, 0);
    EXPECT_EQ(*latent::image::readPng(byName), *b);

    // The recipe keeps the whole edit, so --from-png redraws the edited image without dirs.json.
    auto recipe = latent::export_::readRecipeFromPng(edited);
    ASSERT_TRUE(recipe.ok()) << recipe.error();
    ASSERT_EQ(recipe->edits.size(), 1u);
    EXPECT_EQ(recipe->edits[0].direction.name, "SeFa 1");
    EXPECT_FLOAT_EQ(recipe->edits[0].amount, 3.0f);
    ASSERT_EQ(
        latentCli("sample " + kDefaultModel + " --from-png " + edited + " --out " + redrawn).code,
        0);
    EXPECT_EQ(*latent::image::readPng(redrawn), *b);
}

TEST_F(DirectionsCli, BadEditsFailWithOneLine) {
    ASSERT_EQ(latentCli("directions " + kDefaultModel + " --method sefa --out " + m_dirs).code, 0);
    const std::string sample = "sample " + kDefaultModel + " --seed 4 --out " + m_dir.file("x.png");
    const CliRun badIndex = latentCli(sample + " --edit " + m_dirs + ":99=1");
    EXPECT_EQ(badIndex.code, 2) << badIndex.out;
    EXPECT_EQ(lines(badIndex.out), 1) << badIndex.out;
    EXPECT_NE(badIndex.out.find("no direction '99'"), std::string::npos) << badIndex.out;
    const CliRun badAmount = latentCli(sample + " --edit " + m_dirs + ":0=lots");
    EXPECT_EQ(badAmount.code, 2) << badAmount.out;
    EXPECT_EQ(lines(badAmount.out), 1) << badAmount.out;
    const CliRun missing = latentCli(sample + " --edit " + m_dir.file("none.json") + ":0=1");
    EXPECT_EQ(missing.code, 1) << missing.out;
    EXPECT_EQ(lines(missing.out), 1) << missing.out;
    EXPECT_NE(missing.out.find("none.json"), std::string::npos) << missing.out;
    // Directions for a 24-dimensional model cannot edit the 100-dimensional default model.
    latent::model::DcganConfig config;
    config.resolution = 32;
    config.baseWidth = 8;
    config.latentSize = 24;
    config.channels = 1;
    const std::string small = m_dir.file("small.ltm"), smallDirs = m_dir.file("small.json");
    ASSERT_TRUE(latent::model::writeRandomDcgan(small, config, 5, "Small").ok());
    ASSERT_EQ(latentCli("directions " + small + " --method sefa --out " + smallDirs).code, 0);
    const CliRun mismatch = latentCli(sample + " --edit " + smallDirs + ":0=1");
    EXPECT_EQ(mismatch.code, 1) << mismatch.out;
    EXPECT_EQ(lines(mismatch.out), 1) << mismatch.out;
    EXPECT_NE(mismatch.out.find("unusable"), std::string::npos) << mismatch.out;
}

TEST_F(DirectionsCli, PcaPrintsProgressAndRefusesToOverwriteWithoutForce) {
    latent::model::DcganConfig config;
    config.resolution = 32;
    config.baseWidth = 8;
    config.latentSize = 16;
    config.channels = 1;
    config.classNames = {"a", "b"};
    const std::string model = m_dir.file("m.ltm");
    ASSERT_TRUE(latent::model::writeRandomDcgan(model, config, 2, "Tiny").ok());
    const std::string pca =
        "directions " + model + " --method pca --count 3 --samples 300 --out " + m_dirs;
    const CliRun r = latentCli(pca);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("sampling 100%"), std::string::npos) << r.out;
    auto set = latent::edit::loadDirections(m_dirs);
    ASSERT_TRUE(set.ok()) << set.error();
    ASSERT_EQ(set->directions.size(), 3u);
    EXPECT_EQ(set->directions[0].method, "pca");
    EXPECT_EQ(set->directions[0].vector.size(), 16u);

    const CliRun again = latentCli(pca);
    EXPECT_EQ(again.code, 2) << again.out;
    EXPECT_NE(again.out.find("--force"), std::string::npos) << again.out;
    EXPECT_EQ(latentCli(pca + " --force").code, 0);
    EXPECT_EQ(latentCli("directions " + model + " --method ica --out " + m_dirs + " --force").code,
              2);
    EXPECT_EQ(
        latentCli("directions " + model + " --method sefa --samples 9 --out " + m_dirs + " --force")
            .code,
        2);
}
