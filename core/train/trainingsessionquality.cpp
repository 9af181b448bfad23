// TrainingSession's quality metrics and toy views (apart from session.cpp to keep it small).
#include <cmath>

#include "core/train/dataset.h"
#include "core/train/toy.h"
#include "core/train/trainingsession.h"

namespace latent::train {

namespace {

// Toy runs measure with more points than image runs: an MLP forward is nearly free, and a
// 32 x 32 grid histogram of 2000 points would be dominated by sampling noise.
constexpr std::int64_t kToyQualityPoints = 20000;

}  // namespace

void TrainingSession::initQuality() {
    const TrainConfig& c = m_config;
    m_lastQualityStep = m_step;
    if (c.qualityEvery <= 0) return;
    ToyKind kind{};
    if (m_dataset->toy() && parseToyKind(c.data.substr(4), &kind)) {
        m_quality = QualityProbe::forToy(
            m_dataset->data, kind, std::max<std::int64_t>(c.qualitySamples, kToyQualityPoints));
        return;
    }
    if (c.data != "fashion-mnist") {
        const std::int64_t n = std::min<std::int64_t>(c.qualitySamples, m_dataset->size());
        m_quality = QualityProbe::forImages(makeBatch(*m_dataset, torch::arange(n, torch::kLong)), n);
        m_qualityNote = "Frechet distance off: it needs Fashion-MNIST data (diversity is measured)";
        return;
    }
    const std::string path = c.classifierPath.empty() ? findClassifier() : c.classifierPath;
    if (path.empty()) {
        m_qualityNote = "quality metrics off: no classifier found (fashion-classifier.ltm)";
        return;
    }
    auto probe = QualityProbe::forFashionMnist(path, c.fashionMnistDir, c.qualitySamples);
    if (!probe) {
        m_qualityNote = "quality metrics off: " + probe.error();
        return;
    }
    m_quality = std::move(probe).value();
}

void TrainingSession::measureQuality(MetricsRow& row) {
    const std::int64_t every = m_config.qualityEvery;
    if (!m_quality || every <= 0 || m_step / every == m_lastQualityStep / every) return;
    m_lastQualityStep = m_step;
    const GenerateFn ema = [this](const torch::Tensor& z, const torch::Tensor& classes) {
        return generate(z.to(m_device), classes.defined() ? classes.to(m_device) : classes, true);
    };
    const int numClasses = m_config.conditional ? static_cast<int>(m_dataset->classNames.size()) : 0;
    const QualityMeasurement m = m_quality->measure(ema, m_config.latentSize, numClasses);
    row.quality = m.quality;
    row.classEntropy = m.classEntropy;
    row.diversity = m.diversity;
    row.modesCovered = m.modesCovered;
}

std::vector<float> TrainingSession::realPoints(std::int64_t n) const {
    if (!m_dataset->toy()) return {};
    const torch::Tensor points =
        m_dataset->data.narrow(0, 0, std::min(n, m_dataset->size())).contiguous();
    return std::vector<float>(points.data_ptr<float>(), points.data_ptr<float>() + points.numel());
}

std::vector<float> TrainingSession::discriminatorHeatmap(int size, float extent) {
    if (!m_mlpD || size <= 0) return {};
    torch::NoGradGuard noGrad;
    // Cell centres; x varies fastest, so row j is y = -extent + (j + 0.5) * cell.
    const torch::Tensor axis =
        (torch::arange(size, torch::kFloat32) + 0.5) * (2.0f * extent / static_cast<float>(size)) -
        extent;
    const torch::Tensor y = axis.view({size, 1}).expand({size, size});
    const torch::Tensor x = axis.view({1, size}).expand({size, size});
    const torch::Tensor grid = torch::stack({x.reshape(-1), y.reshape(-1)}, 1);
    torch::Tensor out = m_mlpD->forward(grid.to(m_device)).to(torch::kCPU);
    if (m_config.loss == LossKind::WganGp) {
        const torch::Tensor lo = out.min(), hi = out.max();
        out = (out - lo) / (hi - lo).clamp_min(1e-12);
    } else {
        out = torch::sigmoid(out);
    }
    out = out.contiguous();
    return std::vector<float>(out.data_ptr<float>(), out.data_ptr<float>() + out.numel());
}

}  // namespace latent::train
