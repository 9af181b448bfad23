#pragma once

#include <algorithm>
#include <cstddef>
#include <string>

#include "core/train/faceattributes.h"

namespace latent::test {

// The index of a face attribute in faceAttributeNames() order ("skin_tone", …); the number of
// attributes when there is none of that name.
inline std::size_t faceAttributeIndex(const std::string& name) {
    const auto& names = train::faceAttributeNames();
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

}  // namespace latent::test
