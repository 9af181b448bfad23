#pragma once

#include <string>
#include <vector>

#include "core/edit/edit.h"
#include "core/util/result.h"

namespace latent::model {
struct ModelInfo;
}

namespace latent::edit {

// InterFaceGAN (Shen et al. 2020): a linear boundary between latents whose images have an attribute
// and latents whose images lack it; its unit normal is the direction that adds the attribute.

inline constexpr int kMinAttributeExamples = 10;  // of each kind, with and without

// Fits an L2-regularised logistic regression separating `with` from `without` (latents of one size:
// latentSize for space Z, wSize for W) and returns its unit normal pointing toward `with`: method
// "attribute", the given name, sigma 1 in Z (z ~ N(0, I)); in W, sigma = std-dev of all the given
// latents along the normal. Deterministic; pure and thread-safe; fast (milliseconds for hundreds of
// examples). Errors: fewer than kMinAttributeExamples of either kind (says how many more of which
// are needed), latents of differing sizes, non-finite values, an empty name, or classes that the
// fit cannot tell apart (the same latents in both lists).
Result<Direction> attributeDirection(const std::string& name,
                                     const std::vector<latent::Latent>& with,
                                     const std::vector<latent::Latent>& without,
                                     Space space = Space::Z);

// Conditional manipulation: `direction` with its components along every one of `fixed` removed
// (Gram-Schmidt on the fixed directions first), renormalised to unit length; moving along the
// result leaves the fixed attributes' scores unchanged. Keeps name, method, space, sigma and
// layers. Errors: a fixed direction of another size or space, or a result that is (nearly) zero
// because the direction lies in the span of the fixed ones (names them). Pure and thread-safe.
Result<Direction> projectOut(const Direction& direction, const std::vector<Direction>& fixed);

// A class morph for conditional models: method "class-morph", name "<from> → <to>" from the model's
// class names, classFrom/classTo set, empty vector, sigma 1, space Z. An edit with amount t in
// [0, 1] draws the image with the class embedding (1 - t) e_from + t e_to
// (Generator::generateWithEmbedding; the renderer applies it). Errors: an unconditional model or a
// class index out of range.
Result<Direction> classMorphDirection(const model::ModelInfo& info, int from, int to);

}  // namespace latent::edit
