#pragma once

#include <string>

// Where the models that ship with the app are found (classifierpath.cpp). Torch-free: the ui asks
// whether a face regressor is there before it offers automatic labels.
namespace latent::train {

// The shipped Fashion-MNIST classifier: $LATENT_CLASSIFIER, the installed models folder
// (../share/latent-studio/models next to the executable), or the source tree's
// resources/models/fashion-classifier.ltm; "" when there is none.
std::string findClassifier();

// The shipped face attribute regressor, the same way: $LATENT_FACE_REGRESSOR, then
// face-regressor.ltm in those folders; "" when there is none.
std::string findFaceRegressor();

}  // namespace latent::train
