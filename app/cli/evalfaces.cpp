// `latent eval FACEMODEL [--directions DIRS.json ...]`: a face model's sample quality and its
// directions' disentanglement, both read by the face attribute regressor.
#include <cmath>
#include <cstdio>
#include <ostream>

#include <nlohmann/json.hpp>

#include "app/cli/common.h"
#include "app/cli/evalcommand.h"
#include "core/edit/apply.h"
#include "core/edit/directionset.h"
#include "core/model/generator.h"
#include "core/train/faceattributes.h"
#include "core/train/facedirections.h"
#include "core/train/faceregressor.h"

namespace latent::cli {

namespace {

constexpr std::uint64_t kFaceEvalSeed = 20240601;  // the samples (as for Fashion-MNIST models)

std::string withDecimals(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// The other attribute that moves most under a direction.
std::size_t largestOther(const train::DirectionEffect& e) {
    std::size_t best = e.target == 0 ? 1 : 0;
    for (std::size_t i = 0; i < e.change.size(); ++i) {
        if (static_cast<int>(i) != e.target && std::abs(e.change[i]) > std::abs(e.change[best]))
            best = i;
    }
    return best;
}

}  // namespace

int evalFaceModel(const Args& args, const model::LoadedModel& loaded, std::ostream& out,
                  std::ostream& err) {
    for (const char* option : {"classifier", "fashion-mnist-dir"}) {
        if (args.has(option))
            throw UsageError{std::string("--") + option +
                             " is for Fashion-MNIST models; face models are read by --regressor"};
    }
    const int count = static_cast<int>(args.integer("count", 2000, 10, 20000));
    const int effectCount = static_cast<int>(args.integer("effect-samples", 200, 10, 20000));
    const std::string regressor = args.text("regressor", train::findFaceRegressor());
    if (regressor.empty())
        throw CommandFailure{"no face regressor found (resources/models/face-regressor.ltm); "
                             "give one with --regressor FILE"};
    const model::ModelInfo& info = loaded.info;
    // Every direction file is read and checked before the minutes of sampling.
    std::vector<edit::Direction> directions;
    for (const std::string& path : args.all("directions")) {
        auto set = edit::loadDirections(path);
        if (!set) throw CommandFailure{set.error()};
        const edit::DirectionCheck check = edit::checkDirections(*set, info);
        if (!check.usable) throw CommandFailure{path + ": " + check.message};
        if (!check.sameModel) err << "latent: warning: " << path << " was " << check.message << "\n";
        for (const edit::Direction& d : set->directions) {
            if (!edit::isClassMorph(d)) directions.push_back(d);
        }
    }
    InterruptGuard interrupt;
    auto quality = train::measureFaceQuality(*loaded.generator, regressor, count, kFaceEvalSeed,
                                             {}, InterruptGuard::flag());
    if (!quality) {
        if (interrupt.requested()) {
            err << "latent: interrupted\n";
            return 130;
        }
        throw CommandFailure{quality.error()};
    }
    std::vector<train::DirectionEffect> effects;
    if (!directions.empty()) {
        train::EffectOptions options;
        options.count = effectCount;
        auto measured = train::measureDirectionEffects(*loaded.generator, regressor, directions,
                                                       options, {}, InterruptGuard::flag());
        if (!measured) {
            if (interrupt.requested()) {
                err << "latent: interrupted\n";
                return 130;
            }
            throw CommandFailure{measured.error()};
        }
        effects = std::move(measured).value();
    }

    const auto& names = train::faceAttributeNames();
    if (args.flag("json")) {
        nlohmann::json attributes = nlohmann::json::object();
        for (std::size_t i = 0; i < names.size(); ++i)
            attributes[names[i]] = {{"samples", quality->sampleMeans[i]},
                                    {"real", quality->realMeans[i]}};
        nlohmann::json effectList = nlohmann::json::array();
        for (const train::DirectionEffect& e : effects) {
            nlohmann::json change = nlohmann::json::object();
            for (std::size_t i = 0; i < names.size(); ++i) change[names[i]] = e.change[i];
            effectList.push_back({{"name", e.name},
                                  {"method", e.method},
                                  {"target", names[static_cast<std::size_t>(e.target)]},
                                  {"target_change", e.change[static_cast<std::size_t>(e.target)]},
                                  {"purity", e.purity},
                                  {"change_per_sigma", change}});
        }
        nlohmann::json j = {{"model", info.name},
                            {"regressor", regressor},
                            {"count", count},
                            {"reference", "procedural faces (population 0 from face 2000000)"},
                            {"fid_samples", quality->frechet},
                            {"fid_real", quality->frechetFloor},
                            {"attribute_means", attributes}};
        if (!effects.empty()) {
            j["effect_samples"] = effectCount;
            j["directions"] = effectList;
        }
        out << j.dump(2) << "\n";
        return 0;
    }
    out << info.name << ": " << count
        << " samples vs procedural faces, in the face regressor's feature space\n"
        << "  Frechet distance, samples:           " << withDecimals(quality->frechet, 3) << "\n"
        << "  Frechet distance, real vs real:      " << withDecimals(quality->frechetFloor, 3)
        << "  (the floor)\n"
        << "  attribute means as read (samples / real faces):\n";
    for (std::size_t i = 0; i < names.size(); ++i) {
        char line[128];
        std::snprintf(line, sizeof line, "    %-15s %8.3f / %8.3f\n", names[i].c_str(),
                      quality->sampleMeans[i], quality->realMeans[i]);
        out << line;
    }
    if (effects.empty()) return 0;
    out << "directions on " << effectCount
        << " samples: change per slider unit (continuous attributes in population std-devs; "
           "categories: fraction changed)\n";
    char header[160];
    std::snprintf(header, sizeof header, "  %-22s %-9s %-15s %8s %7s  %s\n", "direction", "method",
                  "target", "change", "purity", "largest other");
    out << header;
    for (const train::DirectionEffect& e : effects) {
        const std::size_t other = largestOther(e);
        char line[256];
        std::snprintf(line, sizeof line, "  %-22s %-9s %-15s %+8.3f %7.2f  %s %+.3f\n",
                      e.name.substr(0, 22).c_str(), e.method.c_str(),
                      names[static_cast<std::size_t>(e.target)].c_str(),
                      e.change[static_cast<std::size_t>(e.target)], e.purity,
                      names[other].c_str(), e.change[other]);
        out << line;
    }
    return 0;
}

}  // namespace latent::cli
