#pragma once

#include <cstdint>
#include <string>

#include "core/util/result.h"

namespace latent::train {

enum class Architecture { Dcgan, Style, Mlp };
enum class LossKind { NonSaturating, Hinge, WganGp };

// D's input augmentation of a run (train/augment.h does it).
enum class AugmentMode {
    Off,       // D sees the images as they are
    Adaptive,  // p follows the overfitting heuristic (adaptAugment), from 0
    Fixed,     // p is given
};

struct AugmentSetting {
    AugmentMode mode = AugmentMode::Off;
    double p = 0;  // Fixed: the probability; otherwise 0
};

// The adaptive p's rule (train::adaptAugment): the target of the mean sign of D on reals, the
// steps between two adjustments, and the images over which p can go from 0 to 1.
inline constexpr double kAugmentTarget = 0.6;
inline constexpr int kAugmentInterval = 4;
inline constexpr double kAugmentSpeedImages = 100000;

// "ada", "off", or a probability "0" … "1" (fixed). False for anything else.
bool parseAugment(const std::string& text, AugmentSetting* out);

// Everything that defines a training run; plain values, safe to copy into the trainer thread and to
// show in a UI. Zero / negative "auto" fields are filled by resolveConfig from the loss and
// architecture. Saved as RUN_DIR/config.json.
struct TrainConfig {
    std::string data =
        "fashion-mnist";  // "fashion-mnist", "faces[:N]", "toy:ring8|grid25|spiral|moons" or a folder
    std::string runDir;           // where config.json, metrics.csv, samples/, checkpoints/ go
    std::string fashionMnistDir;  // "" = kFashionMnistDir
    Architecture architecture = Architecture::Dcgan;
    LossKind loss = LossKind::NonSaturating;
    int resolution = 32;         // DCGAN: 32, 64 or 128; style-based: 32, 64, 128 or 256
    bool conditional = false;    // class-conditional G and (projection) D
    std::int64_t steps = 10000;  // total generator updates of the run
    int batch = 64;
    std::uint64_t seed = 0;
    std::string device = "cpu";  // "cpu" or "cuda"
    int latentSize = 0;          // 0: 100 for DCGAN, 8 for MLP
    int gWidth = 0;  // DCGAN base width / style-based most feature maps (min(32 W / r, W) at r) /
                     // MLP hidden; 0: 64/128/128
    int dWidth = 0;
    int dSteps = 0;                 // D updates per G update; 0: 5 for WGAN-GP, else 1
    double lrG = 0, lrD = 0;        // 0: 2e-4 (1e-4 for WGAN-GP)
    double beta1 = -1, beta2 = -1;  // < 0: 0.5, 0.999 (0, 0.9 for WGAN-GP)
    double gpWeight = 10;           // WGAN-GP lambda
    double r1Gamma = 0;             // R1 penalty gamma on real data; 0 = off
    double emaDecay = 0.999;        // with a warm-up: min(decay, (1 + step) / (10 + step));
                                    // style-based runs use StyleGAN2's half-life (styleEmaBeta)
    int logEvery = 10;              // a metrics row every N steps
    int sampleEvery = 500;          // samples/step_NNNNNN.png every N steps (0 = only at the end)
    int checkpointEvery = 1000;  // checkpoints/step_NNNNNN.ckpt every N steps (0 = only at the end)
    int keepCheckpoints = 3;     // older checkpoints are deleted
    bool resume = false;         // continue from the newest checkpoint in runDir
    // Sample quality (MetricsRow::quality / classEntropy) every N steps; 0 = off. Fashion-MNIST:
    // Frechet distance of qualitySamples EMA samples to as many t10k images in the classifier's
    // feature space (a few seconds on a CPU, ~1% of a default run); toy data: grid JS divergence.
    int qualityEvery = 1000;
    int qualitySamples = 2000;
    std::string classifierPath;  // "" = findClassifier() (the shipped fashion-classifier.ltm)
    // D's input augmentation (augment.h): "ada" (adaptive), "off", or a fixed probability "0.3".
    // "auto" (the default) is "ada" for image folders and "off" for other data; a config.json
    // written before augmentation existed reads as "off", so such a run resumes as it was.
    std::string augment = "auto";
    // How the run shares the machine (with the Explorer, in the app). Not part of the recipe: left
    // out of config.json, so a run resumed on another machine takes that machine's settings.
    int threads = 0;           // LibTorch intra-op threads of the training thread; 0: the caller's
    bool lowPriority = false;  // a lower scheduling priority for the training threads (nice +10)
};

// Whether `data` names an image folder (not fashion-mnist, faces or a toy set).
bool isImageFolderData(const std::string& data);
// "faces" or "faces:N": the procedural faces (whether N is valid is loadDataset's to say).
bool isFacesData(const std::string& data);

const char* architectureName(Architecture a);  // "dcgan", "style", "mlp"
const char* lossName(LossKind l);              // "ns", "hinge", "wgan-gp"
bool parseArchitecture(const std::string& text, Architecture* out);
bool parseLoss(const std::string& text, LossKind* out);

// The recipe a run on `data` starts from, before the user's choices: the CLI's defaults and what
// the Training panel shows when that data is picked.
//  - toy:NAME  MLP, widths 256, batch 256, Adam 2e-3, R1 0.5, 20 000 steps: covers every mode of
//              ring8, grid25 and spiral (docs/training.md has the sweep that chose it).
//  - fashion-mnist  the shipped default model's recipe: class-conditional DCGAN-32, batch 64,
//              Adam 2e-4, 8000 steps (docs/default-model.md).
//  - a folder  unconditional DCGAN-32, otherwise as Fashion-MNIST, 10 000 steps.
TrainConfig defaultConfig(const std::string& data);
// `config` switched to the style-based generator with StyleGAN2's recipe for small data: 64 px,
// batch 32, Adam 0.0025 with betas (0, 0.99), lazy R1 with gamma 0.0002 * 64^2 / 32, z and w of
// 128, feature maps up to 128. Flags given after it override each.
TrainConfig withStyleRecipe(TrainConfig config);
// The style-based run's EMA factor per step: a half-life of 10 000 images, ramped up over the
// first 5% of the images seen (StyleGAN2-ADA's ema_kimg and ema_rampup).
double styleEmaBeta(std::int64_t batch, std::int64_t imagesSeen);
// Steps between two lazy R1 penalties of a style-based run (StyleGAN2's d_reg_interval).
inline constexpr int kStyleR1Interval = 16;

// Fills the auto fields. Pure.
TrainConfig resolveConfig(TrainConfig config);
// Success if usable, else the Error says what is wrong, in words ("batch must be between 1 and 4096 (got 0)").
Status checkConfig(const TrainConfig& config);
// The config a run uses: resolveConfig's defaults filled in, then checkConfig's checks. The one
// entry point for the CLI, the Training panel (its form and its controller) and the trainer.
Result<TrainConfig> prepareConfig(const TrainConfig& config);

// config.json text (resolved values) and back; the Error names the bad key.
std::string configToJson(const TrainConfig& config);
Result<TrainConfig> configFromJson(const std::string& text);

}  // namespace latent::train
