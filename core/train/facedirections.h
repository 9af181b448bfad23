#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/edit/edit.h"
#include "core/latent/latent.h"
#include "core/util/result.h"

namespace latent::model {
class Generator;
}

// Editing measured with the face attribute regressor (faceregressor.h) on a generator of faces:
// InterFaceGAN with automatic labels (the Attribute dialog's labeller, `latent directions --method
// attributes`) and what a direction changes (`latent eval`'s disentanglement figures). Torch-free
// interface: the ui calls it on a worker thread with the Document's generator.
namespace latent::train {

// What the labeller can fit a direction for: a continuous attribute (category -1: the samples read
// with the highest values have it, those with the lowest lack it) or one value of a categorical
// attribute (hair_color = blond: the samples read as blond have it, all others lack it).
struct FaceLabelTarget {
    int attribute = 0;  // index into faceAttributeNames()
    int category = -1;
    // "mouth smile", "hair color: blond": the direction's (slider's) name.
    std::string label() const;
};
// Every target worth a slider: the continuous attributes except the two hues (a hue has no "more"),
// then every value of the categorical ones.
std::vector<FaceLabelTarget> faceLabelTargets();
// The target a direction name was made for (label() spelled exactly), or none (attribute -1).
FaceLabelTarget faceLabelTargetNamed(const std::string& name);

struct FaceLabelOptions {
    int count = 2000;          // samples drawn and read
    std::uint64_t seed = 0;    // sample i: z = latent::sampleLatent(mixSeed(seed, i), latentSize)
    float truncation = 1.0f;   // style-based models: w pulled toward w_avg (the labels and w alike)
    int classIndex = -1;       // conditional models: this class; -1 cycles through the classes
    int batch = 50;            // samples per forward; `cancel` is checked between batches
};

// Samples of a generator and what the regressor reads in them.
struct LabelledFaces {
    std::vector<latent::Latent> z;
    std::vector<latent::Latent> w;  // style-based models: mapping(z) after truncation; else empty
    std::vector<std::vector<float>> attributes;  // per sample, in faceAttributeNames() order
};

using FaceProgress = std::function<void(float fraction)>;

// Draws `count` samples and reads their 18 attributes with the regressor stored at regressorPath
// (faceregressor.h). The generator must draw colour images of at least 16 px. Runs on the calling
// thread (about 2 s per 1 000 samples of the 64-px face model on 2 cores). Errors (one line): the
// regressor file, a grey or tiny generator, bad options, "cancelled", LibTorch failures.
Result<LabelledFaces> labelFaces(const model::Generator& generator,
                                 const std::string& regressorPath, const FaceLabelOptions& options,
                                 const FaceProgress& progress = {},
                                 const std::atomic<bool>* cancel = nullptr);

// The top and bottom fractions of the samples by a continuous attribute are its examples.
inline constexpr double kFaceLabelFraction = 0.3;

// The direction (edit::attributeDirection) between the samples that have `target` and those that
// lack it: in W when `faces.w` is filled (style-based models), else in Z; named `name`, or
// target.label() when empty. Errors: a target out of range, too few examples of either kind (a
// category nobody draws), a fit that fails.
Result<edit::Direction> fitFaceDirection(const LabelledFaces& faces, const FaceLabelTarget& target,
                                         const std::string& name = "");

// What moving along one direction does to the faces.
struct DirectionEffect {
    std::string name;
    std::string method;
    // Per attribute (faceAttributeNames() order): the mean change per slider unit (one sigma),
    // measured between -amount and +amount, in standard deviations of that attribute over the
    // procedural faces (hues: the shorter way round); for a categorical attribute the fraction of
    // faces whose value changed, per slider unit.
    std::vector<double> change;
    int target = 0;       // the attribute the direction is named for, else the one that moves most
    double purity = 0;    // |change[target]| / sum of |change|: 1 when nothing else moves
};

struct EffectOptions {
    int count = 200;            // latents each direction is measured on
    std::uint64_t seed = 1;     // as FaceLabelOptions::seed
    float truncation = 1.0f;
    float amount = 1.0f;        // slider units each side of the sample
    int batch = 50;
};

// The effect of each direction (any method; Z, W or W+) on `count` samples of the generator, read
// by the regressor. Runs on the calling thread; errors as labelFaces, and directions that do not fit
// the model (edit::checkEdits) name themselves.
Result<std::vector<DirectionEffect>> measureDirectionEffects(
    const model::Generator& generator, const std::string& regressorPath,
    const std::vector<edit::Direction>& directions, const EffectOptions& options,
    const FaceProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

// How close a face model's samples are to the procedural faces, read by the regressor.
struct FaceQuality {
    std::int64_t count = 0;
    double frechet = 0;       // samples vs real faces, in the regressor's 256-d feature space
    double frechetFloor = 0;  // real faces vs other real faces, the same count: the best possible
    std::vector<double> sampleMeans;  // per attribute, as read (categories: index means)
    std::vector<double> realMeans;
};

// `count` samples (seeds of population `seed`, truncation 1) against `count` real faces drawn at
// the model's resolution (population 0 from face 2 000 000, past what `--data faces` trains on)
// and the floor against the next `count` real faces. Errors as labelFaces.
Result<FaceQuality> measureFaceQuality(const model::Generator& generator,
                                       const std::string& regressorPath, int count,
                                       std::uint64_t seed, const FaceProgress& progress = {},
                                       const std::atomic<bool>* cancel = nullptr);

}  // namespace latent::train
