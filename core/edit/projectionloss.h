#pragma once

// Core-internal pieces of projection (core/edit/projection.h): the image <-> tensor conversions and
// the objective. Speaks tensors, so ui never includes it.
#include <torch/torch.h>

#include <optional>

#include "core/image/image.h"
#include "core/model/modelinfo.h"
#include "core/train/classifier.h"

namespace latent::edit {

// An RGB8 image (already resolution x resolution) as 1 x channels x R x R float32 in [-1, 1];
// 1 channel takes the red channel (fitToModel has made the image grey).
torch::Tensor imageToTensor(const image::ImageRGB8& image, int channels);

// Per-image reconstruction loss against one target: pixel MSE plus featureWeight times either the
// Fashion-MNIST classifier's feature distance (1 x 32 x 32 models with the classifier found) or a
// multi-scale pixel MSE (2x and 4x average-pooled). Differentiable in its input. Not thread-safe
// (the classifier module is called non-const); one per projection.
class ProjectionLoss {
public:
    // target: 1 x C x R x R in [-1, 1] on `device`.
    ProjectionLoss(const model::ModelInfo& info, torch::Tensor target, double featureWeight,
                   const torch::Device& device);

    // images: N x C x R x R; returns N per-image losses.
    torch::Tensor operator()(const torch::Tensor& images) const;
    bool usesClassifier() const { return m_classifier.has_value(); }
    // The classifier's class for the target (Fashion-MNIST order), when it is used.
    std::optional<int> predictedClass() const { return m_predicted; }

private:
    torch::Tensor features(const torch::Tensor& images) const;

    torch::Tensor m_target;          // 1 x C x R x R float32
    torch::Tensor m_targetFeatures;  // 1 x 128 float32 (classifier) or undefined
    double m_featureScale = 1.0;     // 1 / mean square of the target's features
    double m_featureWeight;
    mutable std::optional<train::FashionClassifier> m_classifier;
    std::optional<int> m_predicted;
};

}  // namespace latent::edit
