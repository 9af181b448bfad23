#include "core/train/qualityprobe.h"

#include <ATen/CPUGeneratorImpl.h>

#include "core/latent/latent.h"
#include "core/train/dataset.h"

namespace latent::train {

namespace {

constexpr std::int64_t kChunk = 250;  // generated per forward: bounded memory at 128 px
constexpr std::uint64_t kProbeSeed = 0x5eed0fa11ULL;  // fixed latents for every measurement
// Diversity compares the first samples only: the pairwise distances are N^2.
constexpr std::int64_t kDiversitySamples = 1000;

torch::Tensor diversitySet(const torch::Tensor& samples) {
    const torch::Tensor head = samples.narrow(0, 0, std::min(kDiversitySamples, samples.size(0)));
    return head.dim() == 4 ? diversityFeatures(head) : head;
}

double diversity(const torch::Tensor& samples, double realSpread) {
    if (realSpread <= 0) return std::numeric_limits<double>::quiet_NaN();
    return meanPairwiseDistance(diversitySet(samples)) / realSpread;
}

}  // namespace

GeneratedSet generateSamples(const GenerateFn& generate, std::int64_t count, int latentSize,
                             int numClasses, std::uint64_t seed) {
    torch::NoGradGuard noGrad;
    at::Generator gen = at::detail::createCPUGenerator(seed);
    GeneratedSet set;
    if (numClasses > 0) set.classes = torch::arange(count, torch::kLong).remainder(numClasses);
    std::vector<torch::Tensor> parts;
    for (std::int64_t i = 0; i < count; i += kChunk) {
        const std::int64_t n = std::min(kChunk, count - i);
        const torch::Tensor z = torch::randn({n, latentSize}, gen, torch::kFloat32);
        const torch::Tensor c = numClasses > 0 ? set.classes.narrow(0, i, n) : torch::Tensor();
        parts.push_back(generate(z, c).to(torch::kCPU, torch::kFloat32));
    }
    set.samples = torch::cat(parts);
    return set;
}

Result<std::unique_ptr<QualityProbe>> QualityProbe::forFashionMnist(
    const std::string& classifierPath, const std::string& dataDir, std::int64_t count) {
    auto classifier = readClassifier(classifierPath);
    if (!classifier) return Error{classifier.error()};
    auto test = loadFashionMnist(dataDir.empty() ? kFashionMnistDir : dataDir,
                                 kClassifierResolution, false);
    if (!test) return Error{test.error()};
    try {
        std::unique_ptr<QualityProbe> probe(new QualityProbe());
        probe->m_count = std::min<std::int64_t>(count, test->size());
        probe->m_classifier = *classifier;
        const torch::Tensor real =
            makeBatch(*test, torch::arange(probe->m_count, torch::kLong));
        probe->m_reference = featureStats(classifierFeatures(probe->m_classifier, real));
        probe->m_realSpread = meanPairwiseDistance(diversitySet(real));
        return probe;
    } catch (const std::exception& e) {
        return Error{std::string("quality reference: ") + e.what()};
    }
}

std::unique_ptr<QualityProbe> QualityProbe::forToy(const torch::Tensor& real, ToyKind kind,
                                                   std::int64_t count) {
    std::unique_ptr<QualityProbe> probe(new QualityProbe());
    probe->m_count = std::min<std::int64_t>(count, real.size(0));
    probe->m_realPoints = real.narrow(0, 0, probe->m_count).to(torch::kCPU, torch::kFloat32);
    probe->m_modes = toyModes(kind);
    probe->m_realSpread = meanPairwiseDistance(diversitySet(probe->m_realPoints));
    return probe;
}

std::unique_ptr<QualityProbe> QualityProbe::forImages(const torch::Tensor& real,
                                                      std::int64_t count) {
    std::unique_ptr<QualityProbe> probe(new QualityProbe());
    probe->m_count = std::min<std::int64_t>(count, real.size(0));
    probe->m_realSpread = meanPairwiseDistance(diversitySet(real.to(torch::kCPU)));
    return probe;
}

QualityMeasurement QualityProbe::measure(const GenerateFn& generate, int latentSize,
                                         int numClasses) {
    QualityMeasurement m;
    const GeneratedSet set = generateSamples(generate, m_count, latentSize,
                                             m_classifier ? numClasses : 0, kProbeSeed);
    m.diversity = diversity(set.samples, m_realSpread);
    if (m_modes) {
        m.quality = gridJsDivergence(m_realPoints, set.samples);
        m.modesCovered = modeCoverage(*m_modes, set.samples).covered;
        return m;
    }
    if (!m_classifier) return m;
    if (set.samples.size(1) != 1) return m;  // the classifier reads grey images only
    torch::NoGradGuard noGrad;
    const torch::Tensor features = classifierFeatures(m_classifier, set.samples);
    m.quality = frechetDistance(featureStats(features), m_reference);
    const torch::Tensor predicted = m_classifier->head(features).argmax(1);
    m.classEntropy = classHistogramEntropy(predicted, 10);
    return m;
}

}  // namespace latent::train
