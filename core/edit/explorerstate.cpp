#include "core/edit/explorerstate.h"

#include <algorithm>

namespace latent::edit {

bool ExplorerFrame::operator==(const ExplorerFrame& o) const {
    return seed == o.seed && z == o.z && edited == o.edited && origin == o.origin &&
           classIndex == o.classIndex && truncation == o.truncation && amounts == o.amounts &&
           wPlus == o.wPlus && classMorph.method == o.classMorph.method &&
           classMorph.vector == o.classMorph.vector &&
           classMorph.classFrom == o.classMorph.classFrom &&
           classMorph.classTo == o.classMorph.classTo && classMorphAmount == o.classMorphAmount &&
           mix == o.mix;
}

const char* originName(Origin origin) {
    switch (origin) {
        case Origin::Interpolated:
            return "interpolated";
        case Origin::Projected:
            return "projected";
        case Origin::Imported:
            return "imported";
        case Origin::Seed:
            break;
    }
    return "seed";
}

Origin originFromName(const std::string& name) {
    for (Origin o : {Origin::Interpolated, Origin::Projected, Origin::Imported}) {
        if (name == originName(o)) return o;
    }
    return Origin::Seed;
}

namespace {

std::string label(Origin origin, std::uint64_t seed, bool edited, const char* separator,
                  bool forFile) {
    std::string text;
    switch (origin) {
        case Origin::Seed:
            text = (forFile ? "seed" : "seed ") + std::to_string(seed);
            break;
        case Origin::Imported:
            text = forFile ? "imported" : "imported latent";
            break;
        default:
            text = originName(origin);
            break;
    }
    return edited ? text + separator + "edited" : text;
}

}  // namespace

bool frameHasEdits(const ExplorerFrame& frame) {
    return !frame.amounts.empty() ||
           (!frame.classMorph.method.empty() && frame.classMorphAmount != 0.0f);
}

Keyframe keyframeOf(const ExplorerFrame& frame) {
    return Keyframe{frame.z, frame.seed, frame.edited, frame.origin};
}

std::string frameLabel(const ExplorerFrame& frame) {
    return label(frame.origin, frame.seed, frame.edited || frameHasEdits(frame), ", ", false);
}

std::string keyframeLabel(const Keyframe& keyframe) {
    return label(keyframe.origin, keyframe.seed, keyframe.edited, ", ", false);
}

std::string frameFileStem(const ExplorerFrame& frame) {
    return label(frame.origin, frame.seed, frame.edited || frameHasEdits(frame), "-", true);
}

float amountOf(const ExplorerFrame& frame, const std::string& name) {
    for (const DirectionAmount& a : frame.amounts) {
        if (a.name == name) return a.amount;
    }
    return 0.0f;
}

std::vector<DirectionAmount> normalizedAmounts(const std::vector<Direction>& directions,
                                               const std::vector<DirectionAmount>& amounts) {
    std::vector<DirectionAmount> out;
    for (const Direction& d : directions) {
        const auto found = std::find_if(amounts.begin(), amounts.end(),
                                        [&](const DirectionAmount& a) { return a.name == d.name; });
        const bool taken = std::any_of(out.begin(), out.end(),
                                       [&](const DirectionAmount& a) { return a.name == d.name; });
        if (found != amounts.end() && found->amount != 0.0f && !taken) {
            out.push_back({d.name, found->amount});
        }
    }
    return out;
}

void setAmountOf(ExplorerFrame& frame, const std::vector<Direction>& directions,
                 const std::string& name, float amount) {
    std::vector<DirectionAmount> amounts = frame.amounts;
    amounts.erase(std::remove_if(amounts.begin(), amounts.end(),
                                 [&](const DirectionAmount& a) { return a.name == name; }),
                  amounts.end());
    amounts.push_back({name, amount});
    frame.amounts = normalizedAmounts(directions, amounts);
}

std::string uniqueDirectionName(const std::vector<Direction>& directions, const std::string& wanted,
                                int skipIndex) {
    auto taken = [&](const std::string& name) {
        for (std::size_t i = 0; i < directions.size(); ++i) {
            if (static_cast<int>(i) != skipIndex && directions[i].name == name) return true;
        }
        return false;
    };
    std::string base = wanted.empty() ? std::string("direction") : wanted;
    if (!taken(base)) return base;
    for (int n = 2;; ++n) {
        std::string candidate = base + " (" + std::to_string(n) + ")";
        if (!taken(candidate)) return candidate;
    }
}

}  // namespace latent::edit
