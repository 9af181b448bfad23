#pragma once

// A model for tests of the Document alone: it carries the sizes and class names the editing rules
// read, and no generator (nothing may render from it).
#include <string>
#include <utility>
#include <vector>

#include "core/model/loader.h"

namespace latent::ui::test {

inline model::LoadedModel fakeModel(int latentSize, std::vector<std::string> classes = {}) {
    model::LoadedModel m;
    m.info.name = "fake";
    m.info.latentSize = latentSize;
    m.info.classNames = std::move(classes);
    return m;
}

}  // namespace latent::ui::test
