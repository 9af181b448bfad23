#pragma once

#include <string>
#include <vector>

// Where the models that ship with the app are found (classifierpath.cpp). Torch-free: the ui lists
// the example generators and asks whether a face regressor is there before it offers automatic
// labels.
namespace latent::train {

// The folders shipped models are looked for in, first match wins: the installed models folder
// (../share/latent-studio/models next to the executable, the CPack layout) and, run from a build
// tree, the source tree's resources/models.
std::vector<std::string> shippedModelDirectories();

// `file` in the first of those folders that has it as a regular file, canonical; a regular file
// named by $`envVar` (when given and set) comes before them. "" when there is none.
std::string findShippedModel(const std::string& file, const char* envVar = nullptr);

// The shipped Fashion-MNIST classifier: $LATENT_CLASSIFIER, then fashion-classifier.ltm in the
// shipped folders; "" when there is none.
std::string findClassifier();

// The shipped face attribute regressor, the same way: $LATENT_FACE_REGRESSOR, then
// face-regressor.ltm in those folders; "" when there is none.
std::string findFaceRegressor();

}  // namespace latent::train
