#include "core/train/samples.h"

#include <cmath>
#include <cstdio>

#include "core/image/png.h"
#include "core/render/tensorimage.h"
#include "core/train/runfolder.h"

namespace latent::train {

std::string samplePath(const std::string& runDir, std::int64_t step) {
    char name[64];
    std::snprintf(name, sizeof name, "step_%06lld.png", static_cast<long long>(step));
    return runSamplesDir(runDir) + "/" + name;
}

Status writeSampleGrid(const std::string& path, const torch::Tensor& images, int cols) {
    return image::writePng(path, image::makeGrid(render::toImages(images), cols));
}

Status writeScatterPng(const std::string& path, const torch::Tensor& real,
                       const torch::Tensor& fake) {
    constexpr int kSize = 256;
    constexpr float kExtent = 3.0f;
    image::ImageRGB8 plot(kSize, kSize);
    for (auto& p : plot.pixels) p = 24;
    auto draw = [&](const torch::Tensor& points, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
        const torch::Tensor pts = points.to(torch::kFloat32).contiguous();
        const float* data = pts.data_ptr<float>();
        for (std::int64_t i = 0; i < pts.size(0); ++i) {
            // Off the plot (or NaN) before the cast to int, which would be undefined for huge
            // values.
            if (!(std::abs(data[2 * i]) < kExtent && std::abs(data[2 * i + 1]) < kExtent)) continue;
            const int x = static_cast<int>((data[2 * i] + kExtent) / (2 * kExtent) * kSize);
            const int y = static_cast<int>((kExtent - data[2 * i + 1]) / (2 * kExtent) * kSize);
            // A 2 x 2 dot, clipped at the border.
            for (int dy = 0; dy < 2; ++dy) {
                for (int dx = 0; dx < 2; ++dx) {
                    if (x + dx >= 0 && x + dx < kSize && y + dy >= 0 && y + dy < kSize) {
                        std::uint8_t* p = plot.pixel(x + dx, y + dy);
                        p[0] = r;
                        p[1] = g;
                        p[2] = b;
                    }
                }
            }
        }
    };
    draw(real, 140, 140, 140);
    draw(fake, 255, 150, 40);
    return image::writePng(path, plot);
}

}  // namespace latent::train
