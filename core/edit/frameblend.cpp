#include "core/edit/frameblend.h"

#include <algorithm>

#include "core/edit/attribute.h"
#include "core/latent/latent.h"
#include "core/model/modelinfo.h"

namespace latent::edit {

namespace {

float mix(float a, float b, float t) { return a + (b - a) * t; }

bool sameMorph(const ExplorerFrame& a, const ExplorerFrame& b) {
    return a.classMorph.method == b.classMorph.method &&
           a.classMorph.classFrom == b.classMorph.classFrom &&
           a.classMorph.classTo == b.classMorph.classTo;
}

// Both ends' amounts by name, A's order first, then names only B has.
std::vector<DirectionAmount> blendAmounts(const ExplorerFrame& a, const ExplorerFrame& b, float t) {
    std::vector<DirectionAmount> out;
    for (const DirectionAmount& x : a.amounts) {
        out.push_back({x.name, mix(x.amount, amountOf(b, x.name), t)});
    }
    for (const DirectionAmount& y : b.amounts) {
        const bool seen = std::any_of(a.amounts.begin(), a.amounts.end(),
                                      [&](const DirectionAmount& x) { return x.name == y.name; });
        if (!seen) out.push_back({y.name, mix(0.0f, y.amount, t)});
    }
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const DirectionAmount& d) { return d.amount == 0.0f; }),
              out.end());
    return out;
}

}  // namespace

ExplorerFrame blendFrames(const ExplorerFrame& a, const ExplorerFrame& b, float t,
                          const model::ModelInfo& info) {
    if (t <= 0.0f) return a;
    if (t >= 1.0f) return b;
    const ExplorerFrame& nearer = t < 0.5f ? a : b;
    ExplorerFrame f;
    f.origin = Origin::Interpolated;
    f.seed = nearer.seed;
    f.edited = false;
    f.z = a.z.size() == b.z.size() ? latent::slerp(a.z, b.z, t) : nearer.z;
    if (!a.wPlus.empty() && a.wPlus.size() == b.wPlus.size()) {
        f.wPlus = latent::lerp(a.wPlus, b.wPlus, t);
    }
    f.truncation = mix(a.truncation, b.truncation, t);
    f.amounts = blendAmounts(a, b, t);
    f.mix = nearer.mix;
    f.classIndex = nearer.classIndex;
    if (a.classIndex != b.classIndex && info.conditional()) {
        auto morph = classMorphDirection(info, a.classIndex, b.classIndex);
        if (morph) {
            f.classMorph = std::move(morph.value());
            f.classMorphAmount = t;
            return f;
        }
    }
    if (sameMorph(a, b)) {
        f.classMorph = a.classMorph;
        f.classMorphAmount = mix(a.classMorphAmount, b.classMorphAmount, t);
    } else {
        f.classMorph = nearer.classMorph;
        f.classMorphAmount = nearer.classMorphAmount;
    }
    return f;
}

}  // namespace latent::edit
