#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/model/loader.h"
#include "core/model/modelfile.h"
#include "tests/core/testutil.h"

namespace latent::test {

// A tiny random DCGAN (32x32, narrow) written to a temp folder and loaded, for export tests.
class ExportTest : public ::testing::Test {
protected:
    model::LoadedModel makeModel(const std::string& file, std::vector<std::string> classes = {},
                                 std::uint64_t seed = 5, const std::string& name = "Export DCGAN") {
        model::DcganConfig config;
        config.resolution = 32;
        config.baseWidth = 8;
        config.latentSize = 16;
        config.channels = 3;
        config.classNames = std::move(classes);
        const std::string path = m_dir.file(file);
        EXPECT_TRUE(model::writeRandomDcgan(path, config, seed, name).ok());
        auto loaded = model::loadModel(path, {model::DeviceKind::Cpu});
        EXPECT_TRUE(loaded.ok()) << loaded.error();
        return std::move(loaded).value();
    }

    // Names in the temp folder, hidden temporaries included, apart from model files.
    std::vector<std::string> outputs() const {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(m_dir.path())) {
            const std::string n = e.path().filename().string();
            if (e.path().extension() != ".ltm") names.push_back(n);
        }
        return names;
    }

    TempDir m_dir;
};

}  // namespace latent::test
