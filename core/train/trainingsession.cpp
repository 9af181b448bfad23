#include "core/train/trainingsession.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <filesystem>

#include "core/latent/latent.h"
#include "core/model/batchnorm.h"
#include "core/model/generator.h"
#include "core/model/probe.h"
#include "core/train/augment.h"
#include "core/train/checkpoint.h"
#include "core/train/distributed.h"
#include "core/train/losses.h"
#include "core/train/runfolder.h"
#include "core/train/samples.h"
#include "core/util/atomicfile.h"

namespace latent::train {

namespace {

namespace fs = std::filesystem;
using latent::mixSeed;
using NamedModule = std::pair<torch::nn::Module*, const char*>;

// Separate streams from one seed: weights, noise, data order and the fixed sample latents must not
// share random numbers, or changing one would change the others.
constexpr std::uint64_t kStreamG = 1, kStreamD = 2, kStreamNoise = 3, kStreamData = 4,
                        kStreamSamples = 5;

double sumSquares(const std::vector<torch::Tensor>& params) {
    double total = 0;
    for (const auto& p : params) {
        if (p.grad().defined()) total += p.grad().pow(2).sum().item<double>();
    }
    return std::sqrt(total);
}

// The run-defining fields: a checkpoint can only continue a run that agrees on all of them.
std::string mismatch(const TrainConfig& a, const TrainConfig& b) {
    if (a.data != b.data) return "data '" + b.data + "'";
    if (a.architecture != b.architecture)
        return std::string("architecture ") + architectureName(b.architecture);
    if (a.loss != b.loss) return std::string("loss ") + lossName(b.loss);
    if (a.resolution != b.resolution) return "resolution " + std::to_string(b.resolution);
    if (a.conditional != b.conditional) return b.conditional ? "--conditional" : "no --conditional";
    if (a.batch != b.batch) return "batch " + std::to_string(b.batch);
    if (a.seed != b.seed) return "seed " + std::to_string(b.seed);
    if (a.latentSize != b.latentSize || a.gWidth != b.gWidth || a.dWidth != b.dWidth)
        return "other model sizes";
    if (a.dSteps != b.dSteps) return "d_steps " + std::to_string(b.dSteps);
    return "";
}

}  // namespace

TrainingSession::TrainingSession(const TrainConfig& config, std::shared_ptr<Communicator> comm)
    : m_config(resolveConfig(config)), m_comm(std::move(comm)) {
    if (m_comm) {
        m_rank = m_comm->rank();
        m_worldSize = m_comm->size();
    }
}

TrainingSession::~TrainingSession() = default;

Result<std::unique_ptr<TrainingSession>> TrainingSession::create(
    const TrainConfig& config, std::shared_ptr<Communicator> comm) {
    std::unique_ptr<TrainingSession> session(new TrainingSession(config, std::move(comm)));
    try {
        if (auto s = session->init(); !s) {
            session->discardFailedStart();
            return Error{s.error()};
        }
    } catch (const std::exception& e) {
        session->discardFailedStart();
        return Error{"cannot start training: " + model::conciseError(e)};
    }
    return session;
}

Status TrainingSession::prepareRunFolder() {
    const TrainConfig& c = m_config;
    // Remember each folder this run creates, deepest first, so a failed start can remove them.
    fs::path run = fs::path(c.runDir).lexically_normal();
    if (!run.has_filename()) run = run.parent_path();
    auto absent = [](const fs::path& p) {
        std::error_code probe;
        return !fs::exists(fs::symlink_status(p, probe));
    };
    std::vector<std::string> created;
    for (const std::string& sub : {runSamplesDir(run.string()), runCheckpointsDir(run.string())}) {
        if (absent(sub)) created.push_back(sub);
    }
    for (fs::path p = run; !p.empty() && absent(p) && p != p.parent_path(); p = p.parent_path())
        created.push_back(p.string());
    std::error_code ec;
    fs::create_directories(runCheckpointsDir(c.runDir), ec);
    if (!ec) fs::create_directories(runSamplesDir(c.runDir), ec);
    for (const std::string& folder : created) {
        std::error_code probe;
        if (fs::is_directory(folder, probe)) m_createdFolders.push_back(folder);
    }
    if (ec) return Error{c.runDir + ": cannot create the run folder (" + ec.message() + ")"};
    // Temporaries of a run that was killed mid-write (ours, by their naming pattern).
    for (const std::string& folder :
         {c.runDir, runCheckpointsDir(c.runDir), runSamplesDir(c.runDir)}) {
        util::removeStaleTemporaries(folder);
    }
    return success();
}

void TrainingSession::discardFailedStart() {
    std::error_code ec;
    if (m_wroteConfig) fs::remove(runConfigPath(m_config.runDir), ec);
    discardEmptyFolders();
}

void TrainingSession::discardEmptyFolders() {
    // fs::remove deletes a folder only if it is empty: anything written since stays.
    for (const std::string& folder : m_createdFolders) {
        std::error_code ec;
        fs::remove(folder, ec);
    }
    m_createdFolders.clear();
}

Status TrainingSession::resumeNewestValid(const std::vector<CheckpointName>& candidates) {
    std::string newestError;
    int skipped = 0;
    for (const CheckpointName& file : candidates) {
        Status s = file.step < 0 ? Error{file.path + ": the step in its name is out of range"}
                                 : resumeFrom(file.path);
        if (s) {
            // Rows logged after this checkpoint, and any a crash left torn, go.
            if (leader()) {
                if (auto t = truncateMetrics(runMetricsPath(m_config.runDir), m_step); !t) return t;
            }
            if (skipped > 0) {
                m_resumeNote = (skipped == 1 ? std::string("skipped ")
                                             : "skipped " + std::to_string(skipped) +
                                                   " checkpoints, the newest ") +
                               newestError + "; resuming from step " + std::to_string(m_step);
            }
            return success();
        }
        if (newestError.empty()) newestError = s.error();
        ++skipped;
    }
    return Error{"cannot resume: " + newestError +
                 (skipped > 1 ? " (no older checkpoint is usable either)" : "")};
}

Status TrainingSession::init() {
    auto prepared = prepareConfig(m_config);
    if (!prepared) return Error{prepared.error()};
    m_config = std::move(*prepared);
    const TrainConfig& c = m_config;
    parseAugment(c.augment, &m_augment);  // checked by prepareConfig
    m_augmentP = m_augment.p;
    if (c.device == "cuda") {
        if (!torch::cuda::is_available())
            return Error{"--device cuda: this LibTorch build or machine has no CUDA"};
        // One GPU per local rank (LOCAL_RANK), as torchrun lays ranks out; with fewer GPUs than
        // ranks on a machine, ranks share them round-robin.
        const int gpus = static_cast<int>(torch::cuda::device_count());
        const int index = m_comm ? m_comm->localRank() % std::max(1, gpus) : 0;
        m_device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
    }
    if (c.batch % m_worldSize != 0) {
        return Error{"batch " + std::to_string(c.batch) + " does not split evenly over " +
                     std::to_string(m_worldSize) + " processes; choose a batch divisible by " +
                     std::to_string(m_worldSize)};
    }
    const std::vector<CheckpointName> candidates = checkpointNames(c.runDir);
    if (c.resume && candidates.empty()) return Error{c.runDir + ": no checkpoint to resume from"};
    if (leader()) {  // the others never write the run folder
        if (!c.resume && !listCheckpoints(c.runDir).empty()) {
            return Error{c.runDir +
                         " already holds a training run; resume it or choose another output folder"};
        }
        if (Status problem = util::checkOutputFolder(c.runDir); !problem)
            return Error{problem.error()};
    }

    auto loaded =
        loadDataset(c.data, c.resolution, mixSeed(c.seed, kStreamData), c.fashionMnistDir);
    if (!loaded) return Error{loaded.error()};
    if (loaded->size() < c.batch) {
        return Error{c.data + ": " + std::to_string(loaded->size()) +
                     " images, fewer than the batch size " + std::to_string(c.batch)};
    }
    if (c.conditional && loaded->classNames.empty()) {
        return Error{c.data +
                     " has no class labels (an image folder needs one sub-folder per class)"};
    }
    m_dataset = std::make_shared<const Dataset>(std::move(loaded).value());

    const int numClasses = c.conditional ? static_cast<int>(m_dataset->classNames.size()) : 0;
    if (c.architecture == Architecture::Dcgan) {
        model::DcganConfig g;
        g.latentSize = c.latentSize;
        g.resolution = c.resolution;
        g.channels = m_dataset->channels();
        g.baseWidth = c.gWidth;
        if (c.conditional) g.classNames = m_dataset->classNames;
        m_dcgan = model::DcganGenerator(g);
        m_dcgan->resetParameters(mixSeed(c.seed, kStreamG));
        m_dcganEma = model::DcganGenerator(g);
        m_dcganD = DcganDiscriminator(c.resolution, g.channels, c.dWidth, numClasses,
                                      c.loss != LossKind::WganGp);
        m_g = m_dcgan.ptr();
        m_ema = m_dcganEma.ptr();
        m_d = m_dcganD.ptr();
    } else if (c.architecture == Architecture::Style) {
        model::StyleConfig g;
        g.latentSize = c.latentSize;
        g.wSize = c.latentSize;
        g.resolution = c.resolution;
        g.channels = m_dataset->channels();
        // Feature maps at r: min(32 W / r, W). W = 128 gives StyleGAN2's shape at small sizes
        // (128 maps to 32 px, 64 at 64 px); narrower runs shrink every resolution alike.
        g.channelMax = c.gWidth;
        g.channelBase = 32 * c.gWidth;
        if (c.conditional) g.classNames = m_dataset->classNames;
        m_style = model::StyleGenerator(g);
        m_style->resetParameters(mixSeed(c.seed, kStreamG));
        m_styleEma = model::StyleGenerator(g);
        m_styleD = StyleDiscriminator(c.resolution, g.channels, 32 * c.dWidth, c.dWidth, numClasses);
        m_styleD->resetParameters(mixSeed(c.seed, kStreamD));
        m_g = m_style.ptr();
        m_ema = m_styleEma.ptr();
        m_d = m_styleD.ptr();
    } else {
        m_mlp = MlpGenerator(c.latentSize, c.gWidth);
        initWeights(*m_mlp, mixSeed(c.seed, kStreamG));
        m_mlpEma = MlpGenerator(c.latentSize, c.gWidth);
        m_mlpD = MlpDiscriminator(c.dWidth);
        m_g = m_mlp.ptr();
        m_ema = m_mlpEma.ptr();
        m_d = m_mlpD.ptr();
    }
    if (!m_styleD) initWeights(*m_d, mixSeed(c.seed, kStreamD));
    {
        // The EMA starts as a copy of G.
        torch::NoGradGuard noGrad;
        auto src = m_g->parameters(), dst = m_ema->parameters();
        for (std::size_t i = 0; i < src.size(); ++i) dst[i].copy_(src[i]);
        auto srcB = m_g->buffers(), dstB = m_ema->buffers();
        for (std::size_t i = 0; i < srcB.size(); ++i) dstB[i].copy_(srcB[i]);
    }
    m_g->to(m_device);
    m_ema->to(m_device);
    m_d->to(m_device);
    m_ema->eval();
    for (auto& p : m_ema->parameters()) p.set_requires_grad(false);
    m_optG = std::make_unique<torch::optim::Adam>(
        m_g->parameters(), torch::optim::AdamOptions(c.lrG).betas({c.beta1, c.beta2}));
    m_optD = std::make_unique<torch::optim::Adam>(
        m_d->parameters(), torch::optim::AdamOptions(c.lrD).betas({c.beta1, c.beta2}));

    // Fixed latents from the project's own sampler: the grid shows the same z at every step.
    const int count = c.architecture == Architecture::Mlp ? 1024
                      : numClasses > 0                    ? std::min(numClasses, 16) * 8
                                                          : 64;
    std::vector<float> z;
    for (int i = 0; i < count; ++i) {
        auto v = latent::sampleLatent(mixSeed(mixSeed(c.seed, kStreamSamples), i), c.latentSize);
        z.insert(z.end(), v.begin(), v.end());
    }
    m_fixedZ = torch::tensor(z).view({count, c.latentSize}).to(m_device);
    if (numClasses > 0)
        m_fixedClasses = torch::arange(count, torch::kLong).div(8, "floor").to(m_device);

    // The run folder only now that the data and models are in place: a bad start leaves none.
    if (leader()) {
        if (auto s = prepareRunFolder(); !s) return s;
    }
    if (c.resume) {
        if (auto s = resumeNewestValid(candidates); !s) return s;
    }
    // config.json holds the config the run goes on with (a resumed run's more steps, say), so the
    // folder opens in the Training panel with the right total.
    if (leader()) {
        if (auto s = util::writeFileAtomically(runConfigPath(c.runDir), configToJson(c)); !s)
            return s;
        if (!c.resume) {
            m_wroteConfig = true;
            std::error_code ec;
            fs::remove(runMetricsPath(c.runDir), ec);
        }
    }
    // Every rank the same weights and counters from here on (rank 0's), and BatchNorm by the
    // global batch's statistics (so the running statistics stay the same on every rank too).
    shareFromLeader();
    if (m_comm && m_worldSize > 1) {
        const std::weak_ptr<Communicator> comm = m_comm;
        const model::RankSum sum = [comm](const std::vector<torch::Tensor>& tensors) {
            if (auto ranks = comm.lock()) ranks->allreduceSum(tensors);
        };
        model::setRankSum(*m_g, sum);
        model::setRankSum(*m_d, sum);
    }
    const std::int64_t share = c.batch / m_worldSize;
    m_prefetcher = std::make_unique<BatchPrefetcher>(
        m_dataset, c.batch, mixSeed(c.seed, kStreamData), m_step * c.dSteps, 4,
        BatchSlice{m_rank * share, (m_rank + 1) * share});
    m_started = std::chrono::steady_clock::now();
    m_lastLogImages = m_imagesSeen;
    m_lastLogTime = m_previousWallTime;
    if (leader()) initQuality();
    return success();
}

Status TrainingSession::resumeFrom(const std::string& path) {
    // Every message starts with the path: the caller names which checkpoint it skipped.
    auto ckpt = readCheckpoint(path);
    if (!ckpt) return Error{ckpt.error()};
    const auto& meta = ckpt->metadata;
    const auto config = meta.find("config");
    if (config == meta.end() || !config->is_string())
        return Error{path + ": the run's config is missing"};
    auto saved = configFromJson(config->get<std::string>());
    if (!saved) return Error{path + ": " + saved.error()};
    if (auto what = mismatch(m_config, resolveConfig(*saved)); !what.empty())
        return Error{path + " was trained with " + what + "; start a new run instead"};
    for (auto [module, prefix] : {NamedModule{m_g.get(), "g"}, NamedModule{m_ema.get(), "ema"},
                                  NamedModule{m_d.get(), "d"}}) {
        if (auto s = loadModuleTensors(*module, ckpt->tensors, prefix); !s)
            return Error{path + ": " + s.error()};
    }
    if (auto s = loadAdamState(*m_optG, ckpt->tensors, "opt_g"); !s)
        return Error{path + ": " + s.error()};
    if (auto s = loadAdamState(*m_optD, ckpt->tensors, "opt_d"); !s)
        return Error{path + ": " + s.error()};
    // readCheckpoint checked the counters' types and ranges.
    m_step = meta.at("step").get<std::int64_t>();
    m_imagesSeen = meta.value("images_seen", std::int64_t(0));
    m_previousWallTime = meta.value("wall_time_s", 0.0);
    // An adaptive run goes on from its p; a run switched to a fixed p or off takes the config's.
    const auto augment = meta.find("augment");
    if (m_augment.mode == AugmentMode::Adaptive && augment != meta.end() && augment->is_object()) {
        const double p = augment->value("p", 0.0);
        const double sum = augment->value("sign_sum", 0.0);
        const int steps = augment->value("sign_steps", 0);
        if (!std::isfinite(p) || p < 0 || p >= 1 || !std::isfinite(sum) || steps < 0 ||
            steps >= kAugmentInterval)
            return Error{path + ": corrupt augmentation state"};
        m_augmentP = p;
        m_augmentSignSum = sum;
        m_augmentSignSteps = steps;
    }
    return success();
}

torch::Tensor TrainingSession::generate(const torch::Tensor& z, const torch::Tensor& classes,
                                        bool ema) {
    if (m_style) return generateStyle(z, classes, ema);
    if (m_dcgan) return (ema ? m_dcganEma : m_dcgan)->forward(z, classes);
    return (ema ? m_mlpEma : m_mlp)->forward(z);
}

torch::Tensor TrainingSession::discriminate(const torch::Tensor& x, const torch::Tensor& classes) {
    if (m_styleD) return m_styleD->forward(x, classes);
    if (m_dcganD) return m_dcganD->forward(x, classes);
    return m_mlpD->forward(x);
}

Status TrainingSession::checkFinite(const char* what, double value) const {
    if (std::isfinite(value)) return success();
    return Error{"training diverged at step " + std::to_string(m_step + 1) + ": " + what + " is " +
                 (std::isnan(value) ? "NaN" : "infinite")};
}

Status TrainingSession::checkWeights() const {
    for (auto [module, name] : {NamedModule{m_g.get(), "G"}, NamedModule{m_d.get(), "D"}}) {
        for (const auto& p : module->parameters()) {
            if (!torch::isfinite(p).all().item<bool>()) {
                return Error{"training diverged at step " + std::to_string(m_step) + ": " + name +
                             " weights contain NaN or infinite values"};
            }
        }
    }
    return success();
}

Status TrainingSession::update(const torch::Tensor& loss, const torch::Tensor& figures,
                               torch::optim::Optimizer& optimizer, torch::nn::Module& net,
                               const char* name, std::vector<double>* values,
                               double* gradNorm) const {
    optimizer.zero_grad();
    loss.backward();
    // The mean over the ranks of every gradient (the gradient of the global batch's loss) and of
    // the figures, in one go: each rank then decides alike whether the run diverged.
    torch::Tensor averaged = figures.detach().to(torch::kCPU, torch::kDouble).clone();
    if (m_comm) {
        std::vector<torch::Tensor> grads;
        for (const auto& p : net.parameters()) {
            if (p.grad().defined()) grads.push_back(p.grad());
        }
        averageOverRanks(m_comm.get(), grads);
        averageOverRanks(m_comm.get(), {averaged});
    }
    values->assign(averaged.data_ptr<double>(), averaged.data_ptr<double>() + averaged.numel());
    if (auto s = checkFinite((std::string(name) + " loss").c_str(), values->front()); !s)
        return s;
    *gradNorm = sumSquares(net.parameters());
    if (auto s = checkFinite((std::string(name) + " gradient norm").c_str(), *gradNorm); !s)
        return s;
    optimizer.step();
    return success();
}

Status TrainingSession::step() {
    const TrainConfig& c = m_config;
    const bool conditional = c.conditional;
    at::Generator noise = at::detail::createCPUGenerator(
        mixSeed(mixSeed(c.seed, kStreamNoise), static_cast<std::uint64_t>(m_step)));
    // The style-based G's per-pixel noise and style mixing, and D's input augmentation: streams
    // of their own for this step.
    const std::uint64_t stepStream =
        mixSeed(mixSeed(c.seed, kStreamNoise), static_cast<std::uint64_t>(m_step));
    m_stepNoise = at::detail::createCPUGenerator(mixSeed(stepStream, 1));
    m_stepAugment = at::detail::createCPUGenerator(mixSeed(stepStream, 2));
    const bool style = !m_style.is_empty();
    // R1 on every step, or for the style-based G lazily (StyleGAN2): every kStyleR1Interval steps,
    // weighted by the interval.
    const bool r1Now = c.r1Gamma > 0 && (!style || m_step % kStyleR1Interval == 0);
    const double r1Weight = style ? kStyleR1Interval : 1.0;
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    const torch::Tensor none;

    double dLossValue = 0, realMean = 0, fakeMean = 0, realSign = 0;
    for (int j = 0; j < c.dSteps; ++j) {
        Batch batch = m_prefetcher->next();  // this rank's rows of the global batch
        torch::Tensor real = batch.data.to(m_device);
        torch::Tensor labels = conditional ? batch.labels.to(m_device) : none;
        // The global batch's noise, drawn on every rank; this rank takes its rows.
        torch::Tensor z = mine(torch::randn({c.batch, c.latentSize}, noise, f32)).to(m_device);
        torch::Tensor alpha =
            mine(torch::rand({c.batch}, noise, f32)).to(m_device);  // drawn always: fixed stream
        torch::Tensor fake;
        {
            torch::NoGradGuard noGrad;
            fake = generate(z, labels, false);
        }
        if (r1Now) real.requires_grad_(true);
        torch::Tensor r = discriminate(augmented(real), labels);
        torch::Tensor f = discriminate(augmented(fake), labels);
        torch::Tensor loss = discriminatorLoss(c.loss, r, f);
        if (c.loss == LossKind::WganGp) {
            auto critic = [&](const torch::Tensor& x) { return discriminate(x, labels); };
            loss = loss + c.gpWeight * gradientPenalty(critic, real, fake, alpha);
        }
        if (r1Now) loss = loss + 0.5 * c.r1Gamma * r1Weight * r1Penalty(r, real);
        std::vector<double> values;
        const torch::Tensor figures = torch::stack(
            {loss.detach(), r.detach().mean(), f.detach().mean(), r.detach().sign().mean()});
        if (auto s = update(loss, figures, *m_optD, *m_d, "D", &values, &m_lastDNorm); !s)
            return s;
        dLossValue = values[0];
        realMean = values[1];
        fakeMean = values[2];
        realSign += values[3] / c.dSteps;
        m_imagesSeen += c.batch;
    }

    torch::Tensor z = mine(torch::randn({c.batch, c.latentSize}, noise, f32)).to(m_device);
    torch::Tensor classes;
    if (conditional) {
        classes = mine(torch::randint(0, static_cast<std::int64_t>(m_dataset->classNames.size()),
                                      {c.batch}, noise, torch::TensorOptions().dtype(torch::kLong)))
                      .to(m_device);
    }
    torch::Tensor gLoss =
        generatorLoss(c.loss, discriminate(augmented(generate(z, classes, false)), classes));
    std::vector<double> gValues;
    if (auto s = update(gLoss, gLoss.detach().reshape({1}), *m_optG, *m_g, "G", &gValues,
                        &m_lastGNorm);
        !s) {
        return s;
    }
    const double gLossValue = gValues[0];
    {
        torch::NoGradGuard noGrad;
        // Warm-up: a short average early on, so the first snapshots already look like G rather
        // than like its random initialisation. A function of the step, so resuming stays exact.
        const double warmup =
            (1.0 + static_cast<double>(m_step)) / (10.0 + static_cast<double>(m_step));
        const double decay =
            style ? styleEmaBeta(c.batch, m_imagesSeen) : std::min(c.emaDecay, warmup);
        auto src = m_g->parameters(), dst = m_ema->parameters();
        for (std::size_t i = 0; i < src.size(); ++i) dst[i].mul_(decay).add_(src[i], 1.0 - decay);
        // BatchNorm statistics (and the style-based G's w_avg and noise maps) are not averaged:
        // the EMA uses G's current ones.
        auto srcB = m_g->buffers(), dstB = m_ema->buffers();
        for (std::size_t i = 0; i < srcB.size(); ++i) dstB[i].copy_(srcB[i]);
    }
    m_stepNoise.reset();
    m_stepAugment.reset();
    ++m_step;
    ++m_pending;
    m_sumG += gLossValue;
    m_sumD += dLossValue;
    m_sumReal += realMean;
    m_sumFake += fakeMean;
    m_sumRealSign += realSign;
    adaptAugmentation(realSign);
    return success();
}

torch::Tensor TrainingSession::augmented(const torch::Tensor& x) {
    if (m_augment.mode == AugmentMode::Off || !m_stepAugment) return x;
    const std::int64_t share = m_config.batch / m_worldSize;
    return augmentImages(x, m_augmentP, *m_stepAugment, m_config.batch, m_rank * share);
}

void TrainingSession::adaptAugmentation(double realSign) {
    if (m_augment.mode != AugmentMode::Adaptive) return;
    m_augmentSignSum += realSign;
    if (++m_augmentSignSteps < kAugmentInterval) return;
    m_augmentP = adaptAugment(m_augmentP, m_augmentSignSum / m_augmentSignSteps,
                              static_cast<std::int64_t>(m_augmentSignSteps) * m_config.batch *
                                  m_config.dSteps);
    m_augmentSignSum = 0;
    m_augmentSignSteps = 0;
}

torch::Tensor TrainingSession::generateStyle(const torch::Tensor& z, const torch::Tensor& classes,
                                             bool ema) {
    if (ema || !m_stepNoise) {
        const model::StyleGenerator& g = ema ? m_styleEma : m_style;
        return g->synthesis(g->mapping(z, classes));  // the fixed noise maps
    }
    const TrainConfig& c = m_config;
    at::Generator& noise = *m_stepNoise;
    torch::Tensor ws = m_style->mapping(z, classes);
    {
        // w_avg follows the mean w of the global batch (every rank the same).
        torch::Tensor mean = ws.select(1, 0).detach().mean(0).to(torch::kCPU, torch::kDouble);
        if (m_comm) averageOverRanks(m_comm.get(), {mean});
        m_style->updateWAvg(mean.to(ws.device(), torch::kFloat32).unsqueeze(0), 0.995);
    }
    // Style mixing regularisation (StyleGAN2): for 90% of the batches, the layers from a random
    // cutoff on take the w of a second latent. Drawn on every rank alike; each takes its rows.
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    const std::int64_t numWs = ws.size(1);
    const std::int64_t cutoff = torch::randint(1, numWs, {1}, noise, torch::kLong).item<std::int64_t>();
    const bool mix = torch::rand({1}, noise, f32).item<float>() < 0.9f;
    const torch::Tensor z2 = mine(torch::randn({c.batch, c.latentSize}, noise, f32)).to(m_device);
    if (mix) {
        const torch::Tensor ws2 = m_style->mapping(z2, classes);
        ws = torch::cat({ws.narrow(1, 0, cutoff), ws2.narrow(1, cutoff, numWs - cutoff)}, 1);
    }
    model::NoiseInput layerNoise;
    layerNoise.mode = model::NoiseInput::Mode::Random;
    layerNoise.generator = noise;
    layerNoise.rows = c.batch;
    layerNoise.first = m_rank * (c.batch / m_worldSize);
    return m_style->synthesis(ws, layerNoise);
}

double TrainingSession::wallTime() const {
    return m_previousWallTime +
           std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
}

torch::Tensor TrainingSession::mine(const torch::Tensor& global) const {
    if (m_worldSize == 1) return global;
    const std::int64_t share = global.size(0) / m_worldSize;
    return global.slice(0, m_rank * share, (m_rank + 1) * share);
}

void TrainingSession::shareFromLeader() {
    if (!m_comm || m_worldSize == 1) return;
    std::vector<torch::Tensor> tensors;
    for (const auto& net : {m_g, m_ema, m_d}) {
        for (const auto& p : net->parameters()) tensors.push_back(p.detach());
        for (const auto& b : net->buffers()) tensors.push_back(b);
    }
    torch::Tensor counters = torch::tensor({m_step, m_imagesSeen}, torch::kLong);
    tensors.push_back(counters);
    torch::Tensor augment = torch::tensor(
        {m_augmentP, m_augmentSignSum, static_cast<double>(m_augmentSignSteps)}, torch::kDouble);
    tensors.push_back(augment);
    m_comm->broadcast(tensors, 0);
    m_step = counters[0].item<std::int64_t>();
    m_imagesSeen = counters[1].item<std::int64_t>();
    m_augmentP = augment[0].item<double>();
    m_augmentSignSum = augment[1].item<double>();
    m_augmentSignSteps = static_cast<int>(augment[2].item<double>());
}

torch::Tensor TrainingSession::flatWeights() const {
    std::vector<torch::Tensor> all;
    for (const auto& net : {m_g, m_ema, m_d}) {
        for (const auto& p : net->parameters()) all.push_back(p.detach().reshape(-1).cpu());
        for (const auto& b : net->buffers()) all.push_back(b.reshape(-1).to(torch::kCPU, torch::kFloat));
    }
    return torch::cat(all);
}

bool TrainingSession::anyRank(bool here) {
    if (!m_comm || m_worldSize == 1) return here;
    torch::Tensor flag = torch::tensor({here ? 1.0 : 0.0}, torch::kDouble);
    m_comm->allreduceSum({flag});
    return flag.item<double>() > 0.0;
}

Result<MetricsRow> TrainingSession::logMetrics() {
    if (auto s = checkWeights(); !s) return Error{s.error()};
    MetricsRow row;
    const double n = std::max(1, m_pending);
    row.step = m_step;
    row.epoch =
        m_step * m_config.dSteps / std::max<std::int64_t>(1, m_dataset->size() / m_config.batch);
    row.imagesSeen = m_imagesSeen;
    row.gLoss = m_sumG / n;
    row.dLoss = m_sumD / n;
    row.dReal = m_sumReal / n;
    row.dFake = m_sumFake / n;
    row.gGradNorm = m_lastGNorm;
    row.dGradNorm = m_lastDNorm;
    if (!m_dataset->toy()) row.realSign = m_sumRealSign / n;
    if (m_augment.mode != AugmentMode::Off) row.augmentP = m_augmentP;
    row.wallTimeS = wallTime();
    const double dt = row.wallTimeS - m_lastLogTime;
    row.imagesPerSec = dt > 0 ? static_cast<double>(m_imagesSeen - m_lastLogImages) / dt : 0.0;
    m_lastLogImages = m_imagesSeen;
    if (leader()) measureQuality(row);
    m_lastLogTime = wallTime();  // the next row's images/s leaves the measurement out
    m_pending = 0;
    m_sumG = m_sumD = m_sumReal = m_sumFake = m_sumRealSign = 0;
    if (!leader()) return row;  // rank 0 writes the run folder
    if (auto s = appendMetrics(runMetricsPath(m_config.runDir), row); !s) return Error{s.error()};
    return row;
}

Status TrainingSession::saveCheckpoint() {
    if (auto s = checkWeights(); !s) return s;
    if (!leader()) return success();
    model::NamedTensors tensors;
    addModuleTensors(tensors, *m_g, "g");
    addModuleTensors(tensors, *m_ema, "ema");
    addModuleTensors(tensors, *m_d, "d");
    addAdamState(tensors, *m_optG, "opt_g");
    addAdamState(tensors, *m_optD, "opt_d");
    const nlohmann::json header = {
        {"kind", kCheckpointKind},
        {"step", m_step},
        {"images_seen", m_imagesSeen},
        {"wall_time_s", wallTime()},
        {"world_size", m_worldSize},  // for information: a run resumes at any world size
        {"augment",
         {{"p", m_augmentP},
          {"sign_sum", m_augmentSignSum},
          {"sign_steps", m_augmentSignSteps}}},
        // Noise and data order are counter-based (see session.h): these counters are the RNG state.
        {"rng",
         {{"seed", m_config.seed},
          {"noise_counter", m_step},
          {"next_batch", m_step * m_config.dSteps}}},
        {"config", configToJson(m_config)}};
    nlohmann::json meta = header;
    if (m_dcganEma) {
        meta["generator"] = model::dcganMetadata(m_dcganEma->config(), modelName(), m_config.data);
    } else if (m_styleEma) {
        meta["generator"] = model::styleMetadata(m_styleEma->config(), modelName(), m_config.data);
    }
    const std::string path = checkpointPath(m_config.runDir, m_step);
    if (auto s = model::writeModelFile(path, meta, tensors); !s)
        return Error{"checkpoint: " + s.error()};
    pruneCheckpoints(m_config.runDir, m_config.keepCheckpoints);
    if (m_dcganEma) {
        auto s = model::writeDcganModel(runEmaPath(m_config.runDir), *m_dcganEma, modelName(),
                                        m_config.data);
        if (!s) return Error{"ema.ltm: " + s.error()};
    } else if (m_styleEma) {
        auto s = model::writeStyleModel(runEmaPath(m_config.runDir), *m_styleEma, modelName(),
                                        m_config.data);
        if (!s) return Error{"ema.ltm: " + s.error()};
    }
    return success();
}

std::string TrainingSession::modelName() const {
    const char* kind = m_style ? "StyleGAN-" : "DCGAN-";
    return std::string(m_config.conditional ? "Conditional " : "") + kind +
           std::to_string(m_config.resolution) + " on " + m_config.data + " (step " +
           std::to_string(m_step) + ")";
}

Status TrainingSession::saveSamples() {
    if (!leader()) return success();
    torch::NoGradGuard noGrad;
    const std::string path = samplePath(m_config.runDir, m_step);
    torch::Tensor out = generate(m_fixedZ, m_fixedClasses, true).to(torch::kCPU);
    if (m_mlp) return writeScatterPng(path, m_dataset->data.narrow(0, 0, 1024), out);
    return writeSampleGrid(path, out, 8);
}

std::shared_ptr<const model::Generator> TrainingSession::snapshotGenerator() {
    if (m_styleEma) {
        const auto meta = model::styleMetadata(m_styleEma->config(), modelName(), m_config.data);
        return model::makeStyleGenerator(
            m_styleEma, model::styleModelInfo(m_styleEma->config(), meta), m_device);
    }
    if (!m_dcganEma) return nullptr;
    const auto meta = model::dcganMetadata(m_dcganEma->config(), modelName(), m_config.data);
    return model::makeDcganGenerator(m_dcganEma, model::dcganModelInfo(m_dcganEma->config(), meta),
                                     m_device);
}

std::vector<float> TrainingSession::samplePoints() {
    if (!m_mlpEma) return {};
    torch::NoGradGuard noGrad;
    torch::Tensor points = generate(m_fixedZ, {}, true).to(torch::kCPU).contiguous();
    return std::vector<float>(points.data_ptr<float>(), points.data_ptr<float>() + points.numel());
}

}  // namespace latent::train
