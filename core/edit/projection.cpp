#include "core/edit/projection.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "core/edit/projectionloss.h"
#include "core/model/generator.h"
#include "core/model/probe.h"
#include "core/render/tensorimage.h"

namespace latent::edit {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kScoreBatch = 64;    // candidates scored per forward
constexpr int kWAvgSamples = 512;  // mapped latents behind w_avg and w's spread

// What is optimised: R rows (restarts), each a z or a w/w+ of the model. Hides whether the
// generator is driven through generateWithGrad(z) or synthesisWithGrad(w).
struct SearchSpace {
    bool w = false;
    int numWs = 1;
    torch::Tensor wAvg;  // w's per-image shape (wSize, or numWs x wSize): the prior's centre
    double wStd = 1.0;   // spread of w around wAvg, one number: scales steps and the prior
};

// Adam's step size: a short warm-up, then a cosine ramp-down over the last quarter (as StyleGAN's
// projector), so the last steps polish rather than jump.
double learningRate(double base, int step, int steps) {
    const double t = static_cast<double>(step) / std::max(1, steps);
    const double down = std::min(1.0, (1.0 - t) / 0.25);
    const double up = std::min(1.0, t / 0.05);
    return base * 0.5 * (1.0 - std::cos(kPi * down)) * up + base * 0.01;
}

torch::Tensor seededBatch(int from, int count, int latentSize, std::uint64_t seed) {
    std::vector<float> values;
    values.reserve(static_cast<std::size_t>(count) * latentSize);
    for (int k = from; k < from + count; ++k) {
        const latent::Latent z =
            latent::sampleLatent(latent::mixSeed(seed, static_cast<std::uint64_t>(k)), latentSize);
        values.insert(values.end(), z.begin(), z.end());
    }
    return torch::tensor(values).view({count, latentSize});
}

torch::Tensor classBatch(int from, int count, int fixedClass, int numClasses) {
    if (numClasses == 0) return {};
    if (fixedClass >= 0) return torch::full({count}, fixedClass, torch::kLong);
    return torch::arange(from, from + count, torch::kLong).remainder(numClasses);
}

// w as synthesis takes it: N x numWs x wSize when numWs > 1, else N x wSize.
torch::Tensor shapeW(const torch::Tensor& w, int numWs) {
    if (numWs <= 1) return w.dim() == 3 ? w.select(1, 0) : w;
    return w.dim() == 3 ? w : w.unsqueeze(1).expand({w.size(0), numWs, w.size(1)}).contiguous();
}

class Projector {
public:
    Projector(const model::Generator& g, const ProjectionOptions& o, const ProjectionLoss& loss,
              int fixedClass)
        : m_g(g), m_info(g.info()), m_o(o), m_loss(loss), m_class(fixedClass) {}

    Result<Projection> run(const ProjectionCallback& progress, const std::atomic<bool>* cancel);

private:
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& classes, bool grad) const {
        if (m_space.w)
            return grad ? m_g.synthesisWithGrad(x) : model::finishOutput(m_g.synthesis(x));
        return grad ? m_g.generateWithGrad(x, classes) : m_g.generate(x, classes, 1.0f);
    }
    // Per-row prior: keeps z near N(0, I)'s shell, or w near the mean of mapped latents.
    torch::Tensor prior(const torch::Tensor& x) const {
        // In W only the excess over the typical spread costs: w+ may move freely among plausible
        // styles, but not drift far from where the mapping puts them.
        if (m_space.w)
            return torch::relu((x - m_space.wAvg).pow(2).flatten(1).mean(1) /
                                   (m_space.wStd * m_space.wStd) -
                               1.0)
                .pow(2);
        const auto d = static_cast<double>(x.size(1));
        return (x.pow(2).sum(1) / d - 1.0).pow(2);
    }
    void prepareW();
    // The best `restarts` starting points among seeded candidates (and w_avg in W), with classes.
    std::pair<torch::Tensor, torch::Tensor> startingPoints();

    const model::Generator& m_g;
    const model::ModelInfo& m_info;
    const ProjectionOptions& m_o;
    const ProjectionLoss& m_loss;
    int m_class;
    SearchSpace m_space;
};

void Projector::prepareW() {
    torch::NoGradGuard noGrad;
    m_space.w = true;
    const auto z = seededBatch(0, kWAvgSamples, m_info.latentSize, m_o.seed ^ 0x5eedULL);
    const auto c = classBatch(0, kWAvgSamples, m_class, m_info.numClasses());
    const torch::Tensor w = m_g.mapping(z, c).to(torch::kFloat32);
    m_space.numWs = w.dim() == 3 ? static_cast<int>(w.size(1)) : std::max(1, m_info.numWs);
    const torch::Tensor shaped = shapeW(w, m_space.numWs);
    m_space.wAvg = shaped.mean(0, /*keepdim=*/true);
    m_space.wStd = std::sqrt((shaped - m_space.wAvg).pow(2).mean().item<double>()) + 1e-8;
}

std::pair<torch::Tensor, torch::Tensor> Projector::startingPoints() {
    torch::NoGradGuard noGrad;
    const int count = std::max(m_o.candidates, m_o.restarts);
    std::vector<torch::Tensor> points, classes, losses;
    if (m_space.w) {  // w_avg is always a candidate: the usual start of a W projection
        points.push_back(m_space.wAvg.to(m_g.device()));
        classes.push_back(classBatch(0, 1, std::max(m_class, 0), m_info.numClasses()));
        losses.push_back(m_loss(forward(points.back(), {}, false)));
    }
    for (int from = 0; from < count; from += kScoreBatch) {
        const int n = std::min(kScoreBatch, count - from);
        torch::Tensor z = seededBatch(from, n, m_info.latentSize, m_o.seed).to(m_g.device());
        const torch::Tensor c = classBatch(from, n, m_class, m_info.numClasses());
        if (m_space.w) z = shapeW(m_g.mapping(z, c).to(torch::kFloat32), m_space.numWs);
        points.push_back(z);
        classes.push_back(c);
        losses.push_back(m_loss(forward(z, c, false)));
    }
    const torch::Tensor all = torch::cat(points), loss = torch::cat(losses);
    const int r = std::min<int>(std::max(1, m_o.restarts), static_cast<int>(loss.size(0)));
    const torch::Tensor best = std::get<1>(loss.topk(r, 0, /*largest=*/false)).to(all.device());
    torch::Tensor c;
    if (m_info.conditional()) c = torch::cat(classes).to(all.device()).index_select(0, best);
    return {all.index_select(0, best).clone(), c};
}

Result<Projection> Projector::run(const ProjectionCallback& progress,
                                  const std::atomic<bool>* cancel) {
    if (m_info.styleBased() && m_o.wPlus) prepareW();
    auto [start, classes] = startingPoints();
    torch::Tensor x = start.detach().clone().set_requires_grad(true);
    const double base =
        (m_o.learningRate > 0 ? m_o.learningRate : 0.1) * (m_space.w ? m_space.wStd : 1.0);
    auto adam = std::make_unique<torch::optim::Adam>(std::vector<torch::Tensor>{x},
                                                     torch::optim::AdamOptions(base));
    // After a quarter of the steps the restarts have shown which start is best; the rest of the
    // budget goes to that one alone (a step of one image costs about a third of four).
    const int pruneAt = std::max(0, m_o.steps) / 4;
    torch::Tensor best = x.detach().clone();
    torch::Tensor bestLoss = torch::full({x.size(0)}, INFINITY, x.options().requires_grad(false));
    const int steps = std::max(0, m_o.steps);
    for (int step = 1; step <= steps + 1; ++step) {
        if (cancel && cancel->load()) return Error{"cancelled"};
        for (auto& group : adam->param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options())
                .lr(learningRate(base, step, steps));
        const torch::Tensor images = forward(x, classes, true);
        const torch::Tensor perRow = m_loss(images) + m_o.priorWeight * prior(x);
        // Each row keeps its best point so far; the last pass (step steps+1) only scores.
        {
            torch::NoGradGuard noGrad;
            const torch::Tensor better = perRow.detach() < bestLoss;
            bestLoss = torch::where(better, perRow.detach(), bestLoss);
            const auto mask = better.view({-1}).to(torch::kBool);
            std::vector<std::int64_t> shape(static_cast<std::size_t>(x.dim()), 1);
            shape[0] = -1;
            best = torch::where(mask.view(shape), x.detach(), best);
        }
        if (step > steps) break;
        adam->zero_grad();
        perRow.sum().backward();
        adam->step();
        if (progress) {
            ProjectionProgress p;
            p.step = step;
            p.steps = steps;
            const auto top = bestLoss.min(0);
            p.loss = std::get<0>(top).item<double>();
            if (m_o.previewEvery > 0 && (step % m_o.previewEvery == 0 || step == steps)) {
                const auto i = std::get<1>(top).item<std::int64_t>();
                p.preview = render::toImages(images.detach().narrow(0, i, 1))[0];
            }
            progress(p);
        }
        if (step == pruneAt && x.size(0) > 1) {
            const std::int64_t keep = bestLoss.argmin().item<std::int64_t>();
            x = x.detach().narrow(0, keep, 1).clone().set_requires_grad(true);
            best = best.narrow(0, keep, 1).clone();
            bestLoss = bestLoss.narrow(0, keep, 1).clone();
            if (classes.defined()) classes = classes.narrow(0, keep, 1);
            adam = std::make_unique<torch::optim::Adam>(std::vector<torch::Tensor>{x},
                                                        torch::optim::AdamOptions(base));
        }
    }
    const std::int64_t winner = bestLoss.argmin().item<std::int64_t>();
    Projection result;
    result.steps = steps;
    result.loss = bestLoss[winner].item<double>();
    const torch::Tensor chosen = best.narrow(0, winner, 1).contiguous();
    const torch::Tensor cls = classes.defined() ? classes.narrow(0, winner, 1) : torch::Tensor();
    result.classIndex = cls.defined() ? static_cast<int>(cls.item<std::int64_t>()) : -1;
    {
        torch::NoGradGuard noGrad;
        result.image = render::toImages(forward(chosen, cls, false))[0];
    }
    const torch::Tensor flat = chosen.to(torch::kCPU, torch::kFloat32).reshape({-1}).contiguous();
    result.latent.assign(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
    if (m_space.w) {
        result.space = Space::WPlus;
        result.numWs = m_space.numWs;
        result.wSize = static_cast<int>(chosen.size(-1));
    }
    return result;
}

}  // namespace

Result<Projection> project(const model::Generator& generator, const image::ImageRGB8& target,
                           const ProjectionOptions& options, const ProjectionCallback& progress,
                           const std::atomic<bool>* cancel) {
    const model::ModelInfo& info = generator.info();
    if (target.empty()) return Error{"the image to project is empty"};
    if (options.steps < 0) return Error{"the number of steps must not be negative"};
    if (info.conditional() && options.classIndex >= info.numClasses())
        return Error{"class " + std::to_string(options.classIndex) + " is out of range [0, " +
                     std::to_string(info.numClasses()) + ")"};
    try {
        // Gradients are the point here: undo any InferenceMode / NoGradGuard of the caller.
        c10::InferenceMode noInference(false);
        torch::AutoGradMode gradOn(true);
        const image::ImageRGB8 fitted = fitToModel(target, info.resolution, info.channels);
        const torch::Tensor t = imageToTensor(fitted, info.channels).to(generator.device());
        const ProjectionLoss loss(info, t, options.featureWeight, generator.device());
        int fixedClass = -1;
        if (info.conditional()) {
            fixedClass =
                options.classIndex >= 0 ? options.classIndex : loss.predictedClass().value_or(-1);
        }
        Result<Projection> result =
            Projector(generator, options, loss, fixedClass).run(progress, cancel);
        if (!result) return result;
        result->target = fitted;
        result->featureLoss = options.featureWeight <= 0 ? "none"
                              : loss.usesClassifier()    ? "classifier"
                                                         : "multi-scale";
        result->mse = imageMse(result->image, fitted);
        result->psnr = psnrFromMse(result->mse);
        return result;
    } catch (const std::exception& e) {
        return Error{"projection failed: " + model::conciseError(e)};
    }
}

}  // namespace latent::edit
