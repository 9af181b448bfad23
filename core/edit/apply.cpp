#include "core/edit/apply.h"

#include <algorithm>

#include "core/model/modelinfo.h"

namespace latent::edit {
namespace {

// Edits that leave the image as it is are skipped, so sliders at rest cost nothing and give the
// plain image bit for bit. A class morph at 0 still means "class from", so it always counts.
bool active(const Edit& e) { return isClassMorph(e.direction) || e.amount != 0.0f; }

std::string quoted(const Direction& d) { return "'" + (d.name.empty() ? d.method : d.name) + "'"; }

const char* spaceLabel(Space s) {
    switch (s) {
        case Space::Z:
            return "Z";
        case Space::W:
            return "W";
        case Space::WPlus:
            return "W+";
    }
    return "?";
}

std::string layerProblem(const std::string& what, int firstLayer, int lastLayer,
                         const model::ModelInfo& info) {
    const int n = info.numWs;
    const LayerRange r = resolveLayers(firstLayer, lastLayer, n);
    if (firstLayer < 0 || lastLayer < -1 || r.first > r.last || r.last >= n) {
        return what + ": layer range " + std::to_string(firstLayer) + "-" +
               std::to_string(lastLayer) + " is outside the style layers 0-" +
               std::to_string(n - 1) + " of " + info.name;
    }
    return {};
}

std::string singleWProblem(const std::string& what, const model::ModelInfo& info) {
    return what + " needs several style layers, but " + info.name +
           " has a single w (its synthesis takes one w for all layers)";
}

std::string notStyleBased(const std::string& what, const model::ModelInfo& info) {
    return what + " needs a style-based model (mapping and synthesis networks), but " + info.name +
           " is not style-based";
}

std::string morphProblem(const Edit& e, const model::ModelInfo& info) {
    const Direction& d = e.direction;
    if (!info.conditional()) {
        return "class morph " + quoted(d) + ": " + info.name + " is not class-conditional";
    }
    for (int c : {d.classFrom, d.classTo}) {
        if (c < 0 || c >= info.numClasses()) {
            return "class morph " + quoted(d) + ": class " + std::to_string(c) +
                   " is out of range (" + info.name + " has " + std::to_string(info.numClasses()) +
                   " classes)";
        }
    }
    return {};
}

std::string editProblem(const Edit& e, const model::ModelInfo& info) {
    const Direction& d = e.direction;
    if (isClassMorph(d)) return morphProblem(e, info);
    const std::string what = std::string(spaceLabel(d.space)) + " edit " + quoted(d);
    const bool inW = d.space != Space::Z;
    if (inW && !info.styleBased()) return notStyleBased(what, info);
    const int expected = inW ? info.wSize : info.latentSize;
    if (static_cast<int>(d.vector.size()) != expected) {
        return what + " has " + std::to_string(d.vector.size()) + " values but " + info.name +
               " expects " + std::to_string(expected) + " (its " + (inW ? "w" : "latent") +
               " size)";
    }
    if (d.space == Space::WPlus) {
        if (info.numWs <= 1) return singleWProblem(what, info);
        return layerProblem(what, d.firstLayer, d.lastLayer, info);
    }
    return {};
}

}  // namespace

bool isClassMorph(const Direction& direction) { return direction.method == "class-morph"; }

latent::Latent applyZEdits(const latent::Latent& z, const std::vector<Edit>& edits) {
    std::vector<double> offset;
    for (const Edit& e : edits) {
        const Direction& d = e.direction;
        if (d.space != Space::Z || isClassMorph(d) || e.amount == 0.0f ||
            d.vector.size() != z.size())
            continue;
        if (offset.empty()) offset.assign(z.size(), 0.0);
        const double step = static_cast<double>(e.amount) * static_cast<double>(d.sigma);
        for (std::size_t i = 0; i < z.size(); ++i)
            offset[i] += step * static_cast<double>(d.vector[i]);
    }
    if (offset.empty()) return z;
    latent::Latent out(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) out[i] = static_cast<float>(z[i] + offset[i]);
    return out;
}

LayerRange resolveLayers(int firstLayer, int lastLayer, int numWs) {
    return {firstLayer, lastLayer < 0 ? numWs - 1 : lastLayer};
}

Status checkEdits(const model::ModelInfo& info, const std::vector<Edit>& edits,
                       const StyleMix& mix, const latent::Latent& wPlus) {
    int morphs = 0;
    for (const Edit& e : edits) {
        if (auto problem = editProblem(e, info); !problem.empty()) return Error{problem};
        if (isClassMorph(e.direction)) ++morphs;
    }
    if (morphs > 1) {
        return Error{"one class morph at a time: the request has " + std::to_string(morphs) +
               " (each sets the whole class embedding)"};
    }
    const bool wSide = !mix.z.empty() || !wPlus.empty() ||
                       std::any_of(edits.begin(), edits.end(), [](const Edit& e) {
                           return e.direction.space != Space::Z && !isClassMorph(e.direction);
                       });
    if (morphs > 0 && wSide) {
        return Error{"a class morph cannot be combined with W edits, style mixing or a W+ latent"};
    }
    if (!mix.z.empty()) {
        const std::string what = "style mixing";
        if (!info.styleBased()) return Error{notStyleBased(what, info)};
        if (info.numWs <= 1) return Error{singleWProblem(what, info)};
        if (static_cast<int>(mix.z.size()) != info.latentSize) {
            return Error{"style mixing: the second latent has " + std::to_string(mix.z.size()) +
                   " values but " + info.name + " expects " + std::to_string(info.latentSize)};
        }
        if (mix.classIndex >= 0 && mix.classIndex >= info.numClasses()) {
            return Error{"style mixing: class " + std::to_string(mix.classIndex) + " is out of range (" +
                   info.name + " has " + std::to_string(info.numClasses()) + " classes)"};
        }
        if (auto problem = layerProblem(what, mix.firstLayer, mix.lastLayer, info);
            !problem.empty())
            return Error{problem};
    }
    if (!wPlus.empty()) {
        if (!info.styleBased()) return Error{notStyleBased("a W+ latent", info)};
        const int expected = std::max(1, info.numWs) * info.wSize;
        if (static_cast<int>(wPlus.size()) != expected) {
            return Error{"the W+ latent has " + std::to_string(wPlus.size()) + " values but " +
                   info.name + " expects " + std::to_string(expected) + " (" +
                   std::to_string(std::max(1, info.numWs)) + " layers x w size " +
                   std::to_string(info.wSize) + ")"};
        }
    }
    return success();
}

bool needsEditedForward(const std::vector<Edit>& edits, const StyleMix& mix,
                        const latent::Latent& wPlus) {
    if (!mix.z.empty() || !wPlus.empty()) return true;
    return std::any_of(edits.begin(), edits.end(), [](const Edit& e) {
        return active(e) && (e.direction.space != Space::Z || isClassMorph(e.direction));
    });
}

}  // namespace latent::edit
