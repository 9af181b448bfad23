// `latent directions MODEL --method pca|sefa|attributes --out DIRS.json`: semantic directions for
// a model (core/edit/pca.h, sefa.h; for face models core/train/facedirections.h), and the `--edit`
// specs `latent sample` applies with them.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <map>
#include <ostream>

#include "app/cli/common.h"
#include "app/cli/directionscommand.h"
#include "core/edit/directionset.h"
#include "core/edit/pca.h"
#include "core/edit/sefa.h"
#include "core/model/generator.h"
#include "core/train/facedirections.h"
#include "core/train/faceregressor.h"

namespace latent::cli {

int commandDirections(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv,
              {"method", "count", "samples", "seed", "class", "out", "device", "threads",
               "regressor"},
              {"force"});
    args.expectPositionals(1,
                           "latent directions MODEL --method pca|sefa|attributes --out DIRS.json");
    const std::string method = args.required("method");
    if (method != "pca" && method != "sefa" && method != "attributes")
        throw UsageError{"--method must be pca, sefa or attributes, got '" + method + "'"};
    if (method != "attributes" && args.has("regressor"))
        throw UsageError{"--regressor is for --method attributes"};
    if (method == "attributes" && args.has("count"))
        throw UsageError{"--count is for pca and sefa (attributes fits one direction for each "
                         "face attribute)"};
    if (method == "sefa") {
        for (const char* option : {"samples", "seed", "class"}) {
            if (args.has(option))
                throw UsageError{
                    std::string("--") + option +
                    " is for --method pca (SeFa reads the weights, it samples nothing)"};
        }
    }
    const std::string outPath = args.required("out");
    checkNewOutputFile(outPath, args.flag("force"));
    const int count = static_cast<int>(args.integer("count", edit::kDefaultPcaCount, 1, 4096));
    edit::PcaOptions options;
    options.count = count;
    options.samples =
        static_cast<int>(args.integer("samples", edit::kDefaultPcaSamples, 2, 1 << 20));
    options.seed = args.seed("seed", 0);
    const model::LoadedModel loaded = openModel(args);
    if (args.has("class")) options.classIndex = classOption(args, loaded.info);

    const auto start = std::chrono::steady_clock::now();
    Result<edit::DirectionSet> set = Error{""};
    std::string source;  // which parameter SeFa factorised
    if (method == "attributes") {
        const std::string regressor = args.text("regressor", train::findFaceRegressor());
        if (regressor.empty())
            throw CommandFailure{"no face regressor found (resources/models/face-regressor.ltm); "
                                 "give one with --regressor FILE"};
        train::FaceLabelOptions labelOptions;
        labelOptions.count = static_cast<int>(args.integer("samples", 2000, 100, 1000000));
        labelOptions.seed = options.seed;
        labelOptions.classIndex = options.classIndex;
        InterruptGuard interrupt;
        auto labelled = train::labelFaces(*loaded.generator, regressor, labelOptions, {},
                                          InterruptGuard::flag());
        if (!labelled && interrupt.requested()) {
            err << "latent: interrupted; nothing written\n";
            return 130;
        }
        if (!labelled) throw CommandFailure{labelled.error()};
        edit::DirectionSet fitted = edit::directionSetFor(loaded.info);
        for (const train::FaceLabelTarget& target : train::faceLabelTargets()) {
            auto d = train::fitFaceDirection(*labelled, target);
            if (!d) {
                err << "latent: skipped '" << target.label() << "': " << d.error() << "\n";
                continue;
            }
            fitted.directions.push_back(std::move(d).value());
        }
        if (fitted.directions.empty())
            throw CommandFailure{"no attribute could be fitted from " +
                                 std::to_string(labelOptions.count) + " samples"};
        source = "labels read by " + regressor;
        set = std::move(fitted);
    } else if (method == "sefa") {
        auto sefa = edit::sefaDirections(*loaded.generator, count);
        if (!sefa) throw CommandFailure{sefa.error()};
        if (!sefa->warning.empty()) err << "latent: warning: " << sefa->warning << "\n";
        source = sefa->weightName;
        set = std::move(sefa->set);
    } else {
        InterruptGuard interrupt;
        int shown = -1;
        set = edit::pcaDirections(
            *loaded.generator, options,
            [&](float fraction) {
                const int percent = static_cast<int>(fraction * 100.0f);
                if (percent / 10 == shown / 10) return;  // a line every 10 %
                shown = percent;
                out << "sampling " << percent << "% ("
                    << static_cast<int>(fraction * static_cast<float>(options.samples)) << "/"
                    << options.samples << ")\n"
                    << std::flush;
            },
            InterruptGuard::flag());
        if (!set && interrupt.requested()) {
            err << "latent: interrupted; nothing written\n";
            return 130;
        }
    }
    if (!set) throw CommandFailure{set.error()};
    if (Status saved = edit::saveDirections(outPath, *set, /*force=*/true); !saved)
        throw CommandFailure{saved.error()};
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (std::size_t i = 0; i < set->directions.size(); ++i) {
        const edit::Direction& d = set->directions[i];
        out << "  " << i << "  " << d.name << "  (" << edit::spaceName(d.space) << ", sigma "
            << std::setprecision(3) << d.sigma << ")\n";
    }
    out << "wrote " << outPath << " (" << set->directions.size() << " " << method
        << " directions for " << loaded.info.name
        << (source.empty() ? std::string()
                           : method == "attributes" ? " from " + source
                                                    : " from '" + source + "'")
        << ", " << std::fixed
        << std::setprecision(2) << seconds << " s)\n";
    return 0;
}

std::vector<edit::Edit> editOptions(const std::vector<std::string>& specs,
                                    const model::ModelInfo& info, std::ostream& err) {
    std::vector<edit::Edit> edits;
    std::map<std::string, edit::DirectionSet> files;
    for (const std::string& spec : specs) {
        const std::string usage = "--edit takes DIRS.json:INDEX=AMOUNT, got '" + spec + "'";
        const auto eq = spec.rfind('=');
        const auto colon = eq == std::string::npos ? eq : spec.rfind(':', eq);
        if (eq == std::string::npos || colon == std::string::npos || colon == 0 || eq == colon + 1)
            throw UsageError{usage};
        const std::string path = spec.substr(0, colon);
        const std::string key = spec.substr(colon + 1, eq - colon - 1);
        const std::string amountText = spec.substr(eq + 1);
        char* end = nullptr;
        const float amount = std::strtof(amountText.c_str(), &end);
        if (amountText.empty() || *end != '\0' || !std::isfinite(amount))
            throw UsageError{usage + " (AMOUNT must be a number)"};
        auto it = files.find(path);
        if (it == files.end()) {
            auto set = edit::loadDirections(path);
            if (!set) throw CommandFailure{set.error()};
            const edit::DirectionCheck check = edit::checkDirections(*set, info);
            if (!check.usable) throw CommandFailure{path + ": " + check.message};
            if (!check.sameModel)
                err << "latent: warning: " << path << " was " << check.message << "\n";
            it = files.emplace(path, std::move(set).value()).first;
        }
        const int index = edit::findDirection(it->second, key);
        if (index < 0)
            throw UsageError{path + " has no direction '" + key + "' (indices 0.." +
                             std::to_string(static_cast<int>(it->second.directions.size()) - 1) +
                             " or a name)"};
        edits.push_back({it->second.directions[static_cast<std::size_t>(index)], amount});
    }
    return edits;
}

}  // namespace latent::cli
