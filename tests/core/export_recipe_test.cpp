#include <gtest/gtest.h>

#include "core/export/recipe.h"
#include "core/image/png.h"
#include "tests/core/export_testutil.h"

namespace {

using namespace latent;
namespace lat = ::latent::latent;

test::CommandRun latentCli(const std::string& args) {
    return test::runCommand(std::string(LATENT_CLI_PATH) + " " + args);
}

class ExportRecipeTest : public test::ExportTest {};

TEST_F(ExportRecipeTest, JsonRoundTripKeepsEveryField) {
    export_::Recipe r;
    r.modelName = "Model \"one\"";
    r.modelHash = "abc123";
    r.seed = 18446744073709551615ull;
    r.latent = {0.1f, -1.0e-7f, 3.4028235e38f, 1.0f / 3.0f};
    r.classIndex = 2;
    r.truncation = 0.7f;
    r.upscale = 4;
    r.smooth = true;
    auto back = export_::recipeFromJson(export_::recipeToJson(r));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, r);
    EXPECT_FALSE(export_::recipeFromJson("{\"seed\": 3}").ok());
    EXPECT_FALSE(export_::recipeFromJson("not json").ok());
}

TEST_F(ExportRecipeTest, SavedPngReRendersTheIdenticalImage) {
    const model::LoadedModel m = makeModel("a.ltm", {"cat", "dog"});
    export_::Recipe r = export_::makeRecipe(m.info, 42, lat::sampleLatent(42, 16), 1, 0.8f);
    r.upscale = 2;
    auto img = export_::renderRecipe(r, m.generator);
    ASSERT_TRUE(img.ok()) << img.error();
    EXPECT_EQ(img->width, 64);
    const std::string path = m_dir.file("one.png");
    ASSERT_TRUE(export_::saveImage(path, *img, r, false).ok());

    auto read = export_::readRecipeFromPng(path);
    ASSERT_TRUE(read.ok()) << read.error();
    EXPECT_EQ(*read, r);
    const export_::RecipeCheck check = export_::checkRecipe(*read, m.info);
    EXPECT_TRUE(check.sameModel && check.usable) << check.message;
    auto again = export_::renderRecipe(*read, m.generator);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *img);
    EXPECT_EQ(*image::readPng(path), *img);

    // An existing file is kept without force.
    EXPECT_FALSE(export_::saveImage(path, image::ImageRGB8(2, 2), r, false).ok());
    EXPECT_EQ(*image::readPng(path), *img);
}

TEST_F(ExportRecipeTest, RecipeFromAnotherModelSaysSoAndStaysUsable) {
    const model::LoadedModel a = makeModel("a.ltm", {}, 5, "Model A");
    const model::LoadedModel b = makeModel("b.ltm", {}, 6, "Model B");
    const export_::Recipe r = export_::makeRecipe(a.info, 3, lat::sampleLatent(3, 16), -1, 1.0f);
    const export_::RecipeCheck check = export_::checkRecipe(r, b.info);
    EXPECT_FALSE(check.sameModel);
    EXPECT_TRUE(check.usable);
    EXPECT_NE(check.message.find("made with another model (Model A, hash " +
                                 a.info.contentHash.substr(0, 12)),
              std::string::npos)
        << check.message;

    export_::Recipe wrongSize = r;
    wrongSize.latent.resize(8);
    EXPECT_FALSE(export_::checkRecipe(wrongSize, b.info).usable);
    EXPECT_FALSE(export_::readRecipeFromPng(m_dir.file("missing.png")).ok());
}

TEST_F(ExportRecipeTest, CliSampleFromPngReproducesTheImage) {
    makeModel("a.ltm", {"cat", "dog"}, 5, "Model A");
    makeModel("b.ltm", {"cat", "dog"}, 6, "Model B");
    const std::string a = m_dir.file("a.ltm"), first = m_dir.file("first.png");
    auto r = latentCli("sample " + a + " --seed 11 --class dog --truncation 0.6 --scale 4 --out " +
                       first);
    ASSERT_EQ(r.code, 0) << r.out;
    r = latentCli("sample " + a + " --from-png " + first + " --out " + m_dir.file("again.png"));
    ASSERT_EQ(r.code, 0) << r.out;
    auto one = image::readPng(first), two = image::readPng(m_dir.file("again.png"));
    ASSERT_TRUE(one.ok() && two.ok());
    EXPECT_EQ(one->width, 128);
    EXPECT_EQ(*one, *two);

    // Model B renders it too, with a warning naming model A.
    r = latentCli("sample " + m_dir.file("b.ltm") + " --from-png " + first + " --out " +
                  m_dir.file("b.png"));
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("made with another model (Model A"), std::string::npos) << r.out;

    r = latentCli("sample " + a + " --from-png " + first + " --seed 3 --out " +
                  m_dir.file("x.png"));
    EXPECT_EQ(r.code, 2) << r.out;
}

}  // namespace
