#pragma once

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <string>

#include "core/image/png.h"
#include "core/train/idx.h"
#include "core/train/trainconfig.h"
#include "tests/core/testutil.h"
#include "tests/core/train_configs.h"

namespace latent::test {

// A small Fashion-MNIST look-alike in `dir`: n random 28x28 images (seeded), labels i % 10.
inline void writeFakeFashionMnist(const std::string& dir, int n) {
    at::Generator gen = at::detail::createCPUGenerator(42);
    auto pixels =
        torch::randint(0, 256, {n, 28, 28}, gen, torch::TensorOptions().dtype(torch::kUInt8));
    train::IdxArray images{{n, 28, 28}, {}};
    images.data.assign(pixels.data_ptr<std::uint8_t>(),
                       pixels.data_ptr<std::uint8_t>() + pixels.numel());
    train::IdxArray labels{{n}, {}};
    for (int i = 0; i < n; ++i) labels.data.push_back(static_cast<std::uint8_t>(i % 10));
    train::writeIdxGz(dir + "/train-images-idx3-ubyte.gz", images);
    train::writeIdxGz(dir + "/train-labels-idx1-ubyte.gz", labels);
}

// n random 16 x 16 PNGs (seeded) directly in `dir`: an unlabelled image-folder dataset.
inline void writeImageFolder(const std::string& dir, int n) {
    at::Generator gen = at::detail::createCPUGenerator(7);
    for (int i = 0; i < n; ++i) {
        image::ImageRGB8 img(16, 16);
        const auto noise = torch::randint(0, 256, {static_cast<std::int64_t>(img.pixels.size())},
                                          gen, torch::TensorOptions().dtype(torch::kUInt8));
        std::copy(noise.data_ptr<std::uint8_t>(), noise.data_ptr<std::uint8_t>() + noise.numel(),
                  img.pixels.begin());
        if (!image::writePng(dir + "/" + std::to_string(i) + ".png", img).ok()) return;
    }
}

// A tiny conditional DCGAN-32 run on the fake data: a step takes milliseconds.
inline train::TrainConfig tinyDcganConfig(const std::string& dataDir, const std::string& runDir) {
    train::TrainConfig c;
    c.data = "fashion-mnist";
    c.fashionMnistDir = dataDir;
    c.runDir = runDir;
    c.conditional = true;
    c.resolution = 32;
    c.latentSize = 8;
    c.gWidth = 4;
    c.dWidth = 4;
    c.batch = 8;
    c.steps = 6;
    c.seed = 5;
    c.logEvery = 1;
    c.sampleEvery = 0;
    c.checkpointEvery = 0;
    return c;
}

}  // namespace latent::test
