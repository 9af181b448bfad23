#pragma once

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <iterator>
#include <string>

#include "core/model/generator.h"
#include "core/model/loader.h"
#include "core/model/modelfile.h"

namespace latent::test {

inline std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

inline std::string fixture(const std::string& name) { return std::string(LATENT_FIXTURE_DIR) + "/" + name; }

// A small DCGAN (base width 4) so tests stay fast on two cores.
inline model::DcganConfig smallDcgan(int resolution = 32, int channels = 3) {
    model::DcganConfig config;
    config.latentSize = 8;
    config.resolution = resolution;
    config.channels = channels;
    config.baseWidth = 4;
    return config;
}

// EXPECT_TRUE(contains(message, "truncated file")) prints both strings when it fails.
inline ::testing::AssertionResult contains(const std::string& text, const std::string& part) {
    if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "\n  message: " << text << "\n  lacks:   " << part;
}

// Loads and asserts failure; returns the message.
inline std::string loadError(const std::string& path) {
    auto loaded = model::loadModel(path);
    EXPECT_FALSE(loaded.ok()) << path << " unexpectedly loaded";
    return loaded.ok() ? std::string() : loaded.error();
}

inline torch::Tensor generate(const model::Generator& g, const torch::Tensor& z,
                              const torch::Tensor& classes = {}, float psi = 1.0f) {
    c10::InferenceMode guard;
    return g.generate(z, classes, psi);
}

}  // namespace latent::test
