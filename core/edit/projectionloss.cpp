#include "core/edit/projectionloss.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/edit/projection.h"

namespace latent::edit {

namespace {

// Weights of the source pixels [0, src) each of `dst` output pixels covers (area resampling: a box
// filter when shrinking, blocks when enlarging). One list of (index, weight) per output pixel.
std::vector<std::vector<std::pair<int, float>>> areaWeights(int src, int dst) {
    std::vector<std::vector<std::pair<int, float>>> out(static_cast<std::size_t>(dst));
    const double scale = static_cast<double>(src) / dst;
    for (int i = 0; i < dst; ++i) {
        const double from = i * scale, to = (i + 1) * scale;
        for (int j = static_cast<int>(from); j < src && j < to; ++j) {
            const double overlap = std::min<double>(to, j + 1) - std::max<double>(from, j);
            if (overlap > 0)
                out[static_cast<std::size_t>(i)].emplace_back(j,
                                                              static_cast<float>(overlap / scale));
        }
    }
    return out;
}

}  // namespace

image::ImageRGB8 fitToModel(const image::ImageRGB8& source, int resolution, int channels) {
    if (source.empty() || resolution <= 0) return {};
    const int side = std::min(source.width, source.height);
    const int x0 = (source.width - side) / 2, y0 = (source.height - side) / 2;
    const auto weights = areaWeights(side, resolution);
    image::ImageRGB8 out(resolution, resolution);
    for (int y = 0; y < resolution; ++y) {
        for (int x = 0; x < resolution; ++x) {
            float rgb[3] = {0, 0, 0};
            for (const auto& [sy, wy] : weights[static_cast<std::size_t>(y)]) {
                for (const auto& [sx, wx] : weights[static_cast<std::size_t>(x)]) {
                    const std::uint8_t* p = source.pixel(x0 + sx, y0 + sy);
                    for (int c = 0; c < 3; ++c) rgb[c] += wx * wy * p[c];
                }
            }
            if (channels == 1) {
                const float luma = 0.299f * rgb[0] + 0.587f * rgb[1] + 0.114f * rgb[2];
                rgb[0] = rgb[1] = rgb[2] = luma;
            }
            std::uint8_t* q = out.pixel(x, y);
            for (int c = 0; c < 3; ++c)
                q[c] = static_cast<std::uint8_t>(std::clamp(rgb[c] + 0.5f, 0.0f, 255.0f));
        }
    }
    return out;
}

double imageMse(const image::ImageRGB8& a, const image::ImageRGB8& b) {
    if (a.width != b.width || a.height != b.height || a.pixels.empty()) return -1.0;
    double sum = 0.0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) {
        const double d = (static_cast<double>(a.pixels[i]) - b.pixels[i]) / 255.0;
        sum += d * d;
    }
    return sum / static_cast<double>(a.pixels.size());
}

double psnrFromMse(double mse) {
    if (mse <= 1e-10) return 100.0;
    return 10.0 * std::log10(1.0 / mse);
}

torch::Tensor imageToTensor(const image::ImageRGB8& image, int channels) {
    const auto hwc = torch::from_blob(const_cast<std::uint8_t*>(image.pixels.data()),
                                      {image.height, image.width, 3}, torch::kUInt8);
    torch::Tensor chw = hwc.permute({2, 0, 1}).to(torch::kFloat32).div(127.5).sub(1.0);
    if (channels == 1) chw = chw.narrow(0, 0, 1);
    return chw.unsqueeze(0).contiguous();
}

ProjectionLoss::ProjectionLoss(const model::ModelInfo& info, torch::Tensor target,
                               double featureWeight, const torch::Device& device)
    : m_target(std::move(target)), m_featureWeight(featureWeight) {
    const bool fashionShaped =
        info.channels == 1 && info.resolution == train::kClassifierResolution;
    if (fashionShaped && featureWeight > 0) {
        const std::string path = train::findClassifier();
        if (!path.empty()) {
            auto loaded = train::readClassifier(path);
            // Without the classifier the multi-scale loss stands in: projection still works.
            if (loaded) {
                train::FashionClassifier classifier = std::move(loaded).value();
                classifier->to(device);
                for (auto& p : classifier->parameters()) p.set_requires_grad(false);
                m_classifier = classifier;
            }
        }
    }
    if (m_classifier) {
        torch::NoGradGuard noGrad;
        m_targetFeatures = (*m_classifier)->features(m_target);
        m_featureScale = 1.0 / (m_targetFeatures.pow(2).mean().item<double>() + 1e-3);
        const auto logits = (*m_classifier)->head(m_targetFeatures);
        if (info.numClasses() == logits.size(1))
            m_predicted = static_cast<int>(logits.argmax(1).item<std::int64_t>());
    }
}

torch::Tensor ProjectionLoss::features(const torch::Tensor& images) const {
    return (*m_classifier)->features(images);
}

torch::Tensor ProjectionLoss::operator()(const torch::Tensor& images) const {
    torch::Tensor pixel = (images - m_target).pow(2).flatten(1).mean(1);
    if (m_featureWeight <= 0) return pixel;
    torch::Tensor extra;
    if (m_classifier) {
        extra = (features(images) - m_targetFeatures).pow(2).mean(1) * m_featureScale;
    } else {
        // Coarse scales weigh shape and colour layout above pixel-exact texture.
        extra = torch::zeros_like(pixel);
        int factors = 0;
        for (int k : {2, 4}) {
            if (images.size(-1) < 2 * k) break;
            const auto a = torch::avg_pool2d(images, k), b = torch::avg_pool2d(m_target, k);
            extra = extra + (a - b).pow(2).flatten(1).mean(1);
            ++factors;
        }
        if (factors > 0) extra = extra / factors;
    }
    return pixel + m_featureWeight * extra;
}

}  // namespace latent::edit
