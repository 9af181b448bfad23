// Hostile inputs (issue 11, "No file crashes or exhausts the app"): each case writes its bad file
// itself, small, and checks the one-line message, the `latent` exit code, and that memory stays
// bounded where a file only declares a huge size.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/edit/directionset.h"
#include "core/edit/latentfile.h"
#include "core/edit/explorersession.h"
#include "core/export/recipe.h"
#include "core/image/png.h"
#include "core/model/checksum.h"
#include "core/model/dcgan.h"
#include "core/model/modelfile.h"
#include "core/model/modelfileio.h"
#include "core/train/dataset.h"
#include "core/train/idx.h"
#include "core/train/trainconfig.h"
#include "tests/core/model_testutil.h"
#include "tests/core/testutil.h"

namespace {

using nlohmann::json;
namespace test = latent::test;
namespace model = latent::model;

test::CommandRun latentCli(const std::string& args) {
    // `timeout`: a reader that blocks on a FIFO fails the test instead of hanging ctest.
    return test::runCommand("timeout 60 " + std::string(LATENT_CLI_PATH) + " " + args);
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string le32(std::uint32_t v) {
    std::string s;
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return s;
}


// An .ltm container around `header` (any text) and `payload`, as a hostile writer would make it.
std::string ltmBytes(const std::string& header, const std::string& payload = "") {
    return std::string("LATENTGM") + le32(1) + le32(static_cast<std::uint32_t>(header.size())) +
           header + payload;
}

// A ~70-byte PNG whose header declares width x height RGB pixels (805 MB at 16384 x 16384).
std::string lyingPng(std::uint32_t width, std::uint32_t height) {
    using test::be32;
    using test::pngChunk;
    const std::string ihdr = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
    return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
           pngChunk("IDAT", std::string("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9)) +
           pngChunk("IEND", "");
}

// Runs `body` in a child process whose address space may grow by only `extraBytes`: a reader that
// allocates what a file merely declares fails there (bad_alloc: exit 3) instead of taking the
// machine's memory. Returns body's exit code, or -1 if the child did not exit normally.
int withMemoryLimit(std::size_t extraBytes, const std::function<int()>& body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        long pages = 0;
        if (FILE* f = std::fopen("/proc/self/statm", "r")) {
            if (std::fscanf(f, "%ld", &pages) != 1) pages = 0;
            std::fclose(f);
        }
        const auto now = static_cast<rlim_t>(pages) * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE));
        rlimit limit{now + extraBytes, now + extraBytes};
        if (pages == 0 || ::setrlimit(RLIMIT_AS, &limit) != 0) ::_exit(4);
        int code = 3;
        try {
            code = body();
        } catch (...) {
            code = 3;
        }
        ::_exit(code);
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class HostileInput : public ::testing::Test {
protected:
    void SetUp() override {
        model::DcganConfig config;
        config.resolution = 32;
        config.baseWidth = 4;
        config.latentSize = 8;
        config.channels = 1;
        config.classNames = {"a", "b", "c"};
        ASSERT_TRUE(model::writeRandomDcgan(m_model, config, 3, "Hostile").ok());
    }

    // The test model with `edit` applied to its metadata, same tensors.
    std::string withMetadata(const std::string& name, const std::function<void(json&)>& edit) {
        auto contents = model::readModelFile(m_model);
        EXPECT_TRUE(contents.ok()) << contents.error();
        json metadata = contents->metadata;
        edit(metadata);
        std::string path = m_dir.file(name);
        EXPECT_TRUE(model::writeModelFile(path, metadata, contents->tensors).ok());
        return path;
    }

    std::string fifo(const std::string& name) {
        std::string path = m_dir.file(name);
        EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
        return path;
    }

    test::TempDir m_dir;
    std::string m_model = m_dir.file("model.ltm");
};

}  // namespace

// ---- Deeply nested JSON
// ---------------------------------------------------------------------------

TEST_F(HostileInput, DeeplyNestedLtmHeaderIsRefusedInOneLine) {
    // 200 000 levels crashed `latent info` (recursive JSON copy); 20 000 printed 800 MB.
    for (int depth : {200000, 20000}) {
        const std::string path = m_dir.file("deep" + std::to_string(depth) + ".ltm");
        test::writeBytes(path, ltmBytes("{\"metadata\": {\"x\": " + nested(depth) +
                                        "}, \"tensors\": [], \"payload_size\": 0}"));
        const auto r = latentCli("info " + path);
        EXPECT_EQ(r.code, 1);
        EXPECT_EQ(r.out, "latent: " + path +
                             ": corrupt model file (header is nested more than 64 levels deep)\n");
    }
}

TEST_F(HostileInput, DeeplyNestedSessionLatentDirectionsAndRecipeAreRefused) {
    const std::string deep = "{\"kind\": " + nested(200000) + "}";
    const std::string session = m_dir.file("deep.latent-session");
    writeText(session, deep);
    EXPECT_EQ(latent::edit::readSession(session).error(),
              session + ": not a session file: nested more than 64 levels deep");
    const std::string latentFile = m_dir.file("deep-latent.json");
    writeText(latentFile, deep);
    EXPECT_EQ(latent::edit::loadLatentFile(latentFile).error(),
              latentFile + ": nested more than 64 levels deep");
    const std::string directions = m_dir.file("deep-dirs.json");
    writeText(directions, deep);
    EXPECT_EQ(latent::edit::loadDirections(directions).error(),
              directions + ": not a direction file: nested more than 64 levels deep");
    EXPECT_EQ(latent::export_::recipeFromJson(deep).error(),
              "recipe is nested more than 64 levels deep");
    EXPECT_EQ(latent::train::configFromJson(deep).error(),
              "config.json is nested more than 64 levels deep");
}

// ---- Wrong JSON types (aborted the GUI's worker thread) ----------------------------------------

TEST_F(HostileInput, WrongTypesInSessionsAndDirectionsAreMessages) {
    latent::edit::ExplorerSession s;
    s.modelPath = m_model;
    s.latentSize = 8;
    s.current.z = std::vector<float>(8, 0.5f);
    const json good = json::parse(latent::edit::sessionToJson(s));
    auto errorWith = [&](const char* key, const json& value) {
        json j = good;
        j[key] = value;
        auto r = latent::edit::sessionFromJson(j.dump());
        return r.ok() ? std::string("(read)") : r.error();
    };
    EXPECT_EQ(errorWith("version", "1"), "session \"version\" must be an integer (got \"1\")");
    EXPECT_EQ(errorWith("kind", 5),
              "not a Latent Studio session (no \"kind\": \"latent-studio-session\")");
    json badClass = good;
    badClass["current"]["class"] = 4294967299ull;  // 2^32 + 3, which an int reads as 3
    EXPECT_EQ(latent::edit::sessionFromJson(badClass.dump()).error(),
              "the current frame: \"class\" must be an integer from 0 to 2147483647 (got "
              "4294967299)");
    json hugeAmount = good;
    hugeAmount["current"]["directions"] = json::array({{{"name", "x"}, {"amount", 1e39}}});
    EXPECT_EQ(latent::edit::sessionFromJson(hugeAmount.dump()).error(),
              "the current frame moves along \"x\" by a non-number");
    EXPECT_TRUE(latent::edit::sessionFromJson(good.dump()).ok());

    const std::string dirs = m_dir.file("format.json");
    writeText(dirs, R"({"format": 100, "version": 1, "latent_size": 8, "directions": []})");
    EXPECT_EQ(latent::edit::loadDirections(dirs).error(),
              dirs +
                  ": not a Latent Studio direction file (no \"format\": "
                  "\"latent-studio-directions\")");
    // The same file on the command line: one line, exit 1.
    const auto r = latentCli("sample " + m_model + " --seed 1 --edit " + dirs + ":0=1 --out " +
                             m_dir.file("x.png"));
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "latent: " + dirs +
                         ": not a Latent Studio direction file (no \"format\": "
                         "\"latent-studio-directions\")\n");
}

// ---- Declared sizes that would allocate gigabytes ---------------------------------------------

TEST_F(HostileInput, MetadataIntegersAreCheckedNotWrapped) {
    // 2^32 + 32 read as an int is 32, a valid resolution.
    const std::string res =
        withMetadata("res.ltm", [](json& m) { m["resolution"] = 4294967328ull; });
    auto r = latentCli("info " + res);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "latent: " + res +
                         ": invalid metadata: \"resolution\" must be an integer from -2147483648 "
                         "to 2147483647 (got 4294967328)\n");
    const std::string latentSize =
        withMetadata("latent.ltm", [](json& m) { m["latent_size"] = 4294967304ull; });
    r = latentCli("info " + latentSize);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(test::contains(r.out, "\"latent_size\" must be an integer")) << r.out;
}

TEST_F(HostileInput, MetadataOfAHugeNetworkIsRefusedBeforeItIsBuilt) {
    // 725 million parameters (2.9 GB) from a few bytes of metadata.
    const std::string huge = withMetadata("huge.ltm", [](json& m) {
        m["resolution"] = 128;
        m["base_width"] = 512;
    });
    const auto r = latentCli("info " + huge);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(test::contains(r.out, ": invalid metadata: it describes a network of ")) << r.out;
    EXPECT_TRUE(test::contains(r.out, " parameters (at most 268435456)\n")) << r.out;

    // Within the cap, the tensor table decides, before any module exists.
    auto contents =
        model::readModelFile(withMetadata("wide.ltm", [](json& m) { m["base_width"] = 64; }));
    ASSERT_TRUE(contents.ok()) << contents.error();
    EXPECT_EQ(model::dcganConfigFromFile(*contents).error(),
              "weights do not match the dcgan architecture in the metadata: tensor "
              "'net.0.weight' has shape [11, 16, 4, 4], expected [11, 256, 4, 4]");
}

TEST_F(HostileInput, TensorShapesAreKnownWithoutBuildingTheModule) {
    for (int resolution : {32, 64, 128}) {
        for (bool conditional : {false, true}) {
            model::DcganConfig c;
            c.resolution = resolution;
            c.baseWidth = 3;
            c.latentSize = 5;
            c.channels = 3;
            if (conditional) c.classNames = {"x", "y"};
            model::DcganGenerator module(c);
            std::map<std::string, std::vector<std::int64_t>> actual, computed;
            for (const auto& [name, tensor] : model::dcganTensors(*module))
                actual[name] = tensor.sizes().vec();
            for (const auto& [name, shape] : model::dcganTensorShapes(c)) computed[name] = shape;
            EXPECT_EQ(actual, computed) << resolution << (conditional ? " conditional" : "");
            std::int64_t params = 0;
            for (const auto& [name, shape] : computed) {
                std::int64_t n = 1;
                for (auto d : shape) n *= d;
                params += n;
            }
            EXPECT_EQ(model::dcganParameterCount(c), params);
        }
    }
    auto contents = model::readModelFile(m_model);
    ASSERT_TRUE(contents.ok());
    EXPECT_TRUE(model::dcganConfigFromFile(*contents).ok());
}

TEST_F(HostileInput, SparseHugeLtmIsRefusedFromItsHeader) {
    // 3 GB on paper, a few bytes on disk; the header does not account for them.
    const std::string path = m_dir.file("sparse.ltm");
    const std::string header =
        "{\"metadata\": {}, \"tensors\": [], \"payload_size\": 0, \"payload_checksum\": \"x\"}";
    test::writeBytes(path, ltmBytes(header));
    ASSERT_EQ(::truncate(path.c_str(), 3000000000LL), 0);
    const std::string expected = path + ": corrupt model file (" +
                                 std::to_string(3000000000LL - 16 - header.size()) +
                                 " unexpected bytes after the payload)";
    EXPECT_EQ(withMemoryLimit(std::size_t{256} << 20,
                              [&] {
                                  auto r = model::readModelFile(path);
                                  return !r.ok() && r.error() == expected ? 0 : 1;
                              }),
              0);
    // A tensor table that claims more than the file holds is refused the same way.
    const std::string table = m_dir.file("table.ltm");
    test::writeBytes(table, ltmBytes("{\"metadata\": {}, \"tensors\": [{\"name\": \"w\", "
                                     "\"dtype\": \"float32\", \"shape\": [1000000000], "
                                     "\"offset\": 0, \"bytes\": 4000000000}], "
                                     "\"payload_size\": 8, \"payload_checksum\": \"x\"}",
                                     std::string(8, '\0')));
    auto r = model::readModelFile(table);
    EXPECT_EQ(r.error(), table +
                             ": corrupt model file (tensor 'w' is 4000000000 bytes, its shape "
                             "[1000000000] needs 4000000000)");
}

TEST_F(HostileInput, PngTextChunkDeclaringHundredsOfMegabytesIsRefusedBeforeAllocating) {
    // Found by the recipe fuzzer: libpng allocated and cleared an iTXt chunk's declared length
    // (822 MB here) for a 94-byte file before any size check of ours could run.
    const std::string png = std::string(LATENT_SOURCE_DIR) +
                            "/tests/fuzz/corpus/recipe/found-itxt-length-822mb.png";
    ASSERT_TRUE(std::filesystem::is_regular_file(png));
    EXPECT_EQ(withMemoryLimit(std::size_t{256} << 20,
                              [&] {
                                  auto r = latent::image::readPng(png);
                                  return !r.ok() && r.error() == png + ": corrupt PNG (iTXt: chunk "
                                                                       "data is too large)"
                                             ? 0
                                             : 1;
                              }),
              0);
}

TEST_F(HostileInput, TinyPngDeclaringHugeDimensionsIsRefusedBeforeAllocating) {
    const std::string png = m_dir.file("huge.png");
    test::writeBytes(png, lyingPng(16384, 16384));
    const std::string expected =
        png + ": corrupt PNG (declares 16384 x 16384 pixels, more than a file of " +
        std::to_string(lyingPng(16384, 16384).size()) + " bytes can hold)";
    EXPECT_EQ(withMemoryLimit(std::size_t{256} << 20,
                              [&] {
                                  auto r = latent::image::readPng(png);
                                  return !r.ok() && r.error() == expected ? 0 : 1;
                              }),
              0);
    // In an image folder it is one unreadable file, not 6 GB.
    const std::string folder = m_dir.file("images");
    std::filesystem::create_directory(folder);
    test::writeBytes(folder + "/a.png", lyingPng(16384, 16384));
    EXPECT_EQ(withMemoryLimit(
                  std::size_t{256} << 20,
                  [&] {
                      auto d = latent::train::loadImageFolder(folder, 32);
                      return !d.ok() && d.error().find("1 unreadable") != std::string::npos ? 0 : 1;
                  }),
              0);
    // Projected from the command line.
    const auto r =
        latentCli("project " + m_model + " " + png + " --steps 1 --out " + m_dir.file("p.json"));
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "latent: " + expected + "\n");
}

TEST_F(HostileInput, GzIdxDeclaringGigabytesAllocatesOnlyWhatArrives) {
    // Header only: 1 369 000 x 28 x 28 (1.07 GB, under the element limit), no data.
    const std::string declared = m_dir.file("declared-idx3-ubyte.gz");
    latent::train::IdxArray header;
    header.dims = {1369000, 28, 28};
    ASSERT_TRUE(latent::train::writeIdxGz(declared, header).ok());
    EXPECT_EQ(withMemoryLimit(std::size_t{256} << 20,
                              [&] {
                                  auto r = latent::train::readIdx(declared, 3);
                                  return !r.ok() && r.error().find("truncated or corrupt data") !=
                                                        std::string::npos
                                             ? 0
                                             : 1;
                              }),
              0);
    // 4.3 GB declared: over the limit, refused from the header.
    const std::string huge = m_dir.file("huge-idx3-ubyte.gz");
    header.dims = {5478000, 28, 28};
    ASSERT_TRUE(latent::train::writeIdxGz(huge, header).ok());
    EXPECT_EQ(latent::train::readIdx(huge, 3).error(), huge + ": implausible IDX dimension 28");
}

// ---- Integer wrap and absurd values on the command line --------------------------------------

TEST_F(HostileInput, CliRefusesWrappedAndAbsurdNumbers) {
    const std::string out = m_dir.file("o.png");
    auto r = latentCli("interpolate " + m_model + " --seeds -1,2 --out " + m_dir.file("v") + "/");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out,
              "latent: --seeds must be a comma-separated list of seeds (integers from 0 to "
              "18446744073709551615), got '-1,2'\n");
    r = latentCli("sample " + m_model + " --seed ' 5' --out " + out);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out,
              "latent: --seed must be an integer from 0 to 18446744073709551615, got ' 5'\n");
    r = latentCli("sample " + m_model + " --seed 1 --count ' 2' --out " + out);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "latent: --count must be an integer, got ' 2'\n");
    r = latentCli("grid " + m_model + " --seeds -5--3 --out " + out);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(test::contains(r.out, "--seeds must be A-B with A <= B")) << r.out;
    r = latentCli("info " + m_model + " --threads 1024");
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(test::contains(r.out, "latent: --threads must be between 0 (all cores) and "))
        << r.out;
    EXPECT_TRUE(test::contains(r.out, " (4 per hardware thread, at most 256), got 1024\n"))
        << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);  // one line
}

TEST_F(HostileInput, RecipeValuesBeyondFloatRangeAreRefused) {
    // Drew a black image and exited 0.
    const latent::image::ImageRGB8 pixel(1, 1);
    auto recipeWith = [&](const std::string& name, const std::function<void(json&)>& edit) {
        json j = json::parse(latent::export_::recipeToJson(latent::export_::Recipe{
            "Hostile", "", 1, std::vector<float>(8, 0.1f), 0, 1.0f, {}, 1, false}));
        edit(j);
        std::string path = m_dir.file(name);
        EXPECT_TRUE(
            latent::image::writePng(path, pixel, {{latent::export_::kRecipeChunk, j.dump()}}).ok());
        return path;
    };
    const std::string inf = recipeWith("inf.png", [](json& j) { j["latent"][3] = 1e39; });
    auto r =
        latentCli("sample " + m_model + " --from-png " + inf + " --out " + m_dir.file("o.png"));
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out,
              "latent: " + inf + ": recipe: \"latent\" holds 1e+39, which is not a finite float\n");
    const std::string cls = recipeWith("class.png", [](json& j) { j["class"] = 4294967299ull; });
    r = latentCli("sample " + m_model + " --from-png " + cls + " --out " + m_dir.file("o.png"));
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "latent: " + cls +
                         ": recipe: \"class\" must be an integer from -1 to 2147483647 (got "
                         "4294967299)\n");
    const std::string trunc = recipeWith("trunc.png", [](json& j) { j["truncation"] = -1e300; });
    r = latentCli("sample " + m_model + " --from-png " + trunc + " --out " + m_dir.file("o.png"));
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(test::contains(r.out, "recipe: \"truncation\" must be a number")) << r.out;
    // The unmodified recipe draws.
    const std::string good = recipeWith("good.png", [](json&) {});
    r = latentCli("sample " + m_model + " --from-png " + good + " --out " + m_dir.file("o.png"));
    EXPECT_EQ(r.code, 0) << r.out;
}

TEST_F(HostileInput, ConfigAndLatentFileIntegersAreCheckedNotWrapped) {
    EXPECT_EQ(latent::train::configFromJson(R"({"resolution": 4294967328})").error(),
              "config.json: \"resolution\" must be an integer from -2147483648 to 2147483647 "
              "(got 4294967328)");
    EXPECT_EQ(latent::train::configFromJson(R"({"lr_g": "fast"})").error(),
              "config.json: \"lr_g\" must be a number from -1.79769e+308 to 1.79769e+308 (got "
              "\"fast\")");
    EXPECT_EQ(latent::edit::latentFileFromJson(
                  R"({"version": 1, "space": "z", "latent": [1, 2], "class": 4294967299})")
                  .error(),
              "has a field of the wrong type or range: \"class\" must be an integer from -1 to "
              "2147483647 (got 4294967299)");
}

// ---- FIFOs and other non-regular files -------------------------------------------------------

TEST_F(HostileInput, FifosAreRefusedInsteadOfHanging) {
    const std::string pipe = fifo("pipe");
    auto r = latentCli("sample " + m_model + " --seed 1 --edit " + pipe + ":0=1 --out " +
                       m_dir.file("o.png"));
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "latent: " + pipe +
                         ": not a regular file (a pipe, socket or device cannot be a direction "
                         "file)\n");
    r = latentCli("project " + m_model + " " + pipe + " --steps 1 --out " + m_dir.file("p.json"));
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "latent: " + pipe +
                         ": not a regular file (a pipe, socket or device cannot be an image)\n");
    r = latentCli("sample " + m_model + " --from-png " + pipe + " --out " + m_dir.file("o.png"));
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(test::contains(r.out, pipe + ": not a regular file")) << r.out;

    const std::string not_regular = ": not a regular file (a pipe, socket or device cannot be ";
    EXPECT_EQ(latent::edit::readSession(pipe).error(), pipe + not_regular + "a session)");
    EXPECT_EQ(latent::edit::loadLatentFile(pipe).error(), pipe + not_regular + "a latent file)");
    EXPECT_EQ(latent::train::readIdx(pipe, 1).error(), pipe + not_regular + "a dataset file)");

    // A run folder whose config.json is a FIFO: `train --resume` says so.
    const std::string run = m_dir.file("run");
    std::filesystem::create_directory(run);
    ASSERT_EQ(::mkfifo((run + "/config.json").c_str(), 0600), 0);
    r = latentCli("train --out " + run + " --resume --steps 1");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(test::contains(r.out, run + "/config.json" + not_regular + "a training config)"))
        << r.out;
}
