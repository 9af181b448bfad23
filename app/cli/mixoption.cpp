#include "app/cli/mixoption.h"

#include <cctype>

#include "core/latent/latent.h"

namespace latent::cli {
namespace {

bool digits(const std::string& s) {
    if (s.empty() || s.size() > 4) return false;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

}  // namespace

MixOption mixOption(const Args& args, const model::ModelInfo& info) {
    MixOption option;
    if (!args.has("mix-seed")) {
        if (args.has("mix-layers"))
            throw UsageError{"--mix-layers needs --mix-seed (the second latent)"};
        return option;
    }
    if (!args.has("mix-layers")) {
        throw UsageError{"--mix-seed needs --mix-layers A-B (the style layers taken from it)"};
    }
    option.seed = args.seed("mix-seed", 0);
    const std::string layers = args.text("mix-layers");
    const std::size_t dash = layers.find('-');
    const std::string first = layers.substr(0, dash);
    const std::string last = dash == std::string::npos ? first : layers.substr(dash + 1);
    if (!digits(first) || (!last.empty() && !digits(last))) {
        throw UsageError{
            "--mix-layers takes A-B (e.g. 2-5), A, or A- (A through the last layer), got '" +
            layers + "'"};
    }
    option.mix.firstLayer = std::stoi(first);
    option.mix.lastLayer = last.empty() ? -1 : std::stoi(last);
    option.mix.z = latent::sampleLatent(option.seed, info.latentSize);
    return option;
}

}  // namespace latent::cli
