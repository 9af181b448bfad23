// `latent train-regressor`: trains the face attribute regressor that labels and measures faces.
#include <cstdio>
#include <ostream>

#include <nlohmann/json.hpp>

#include "app/cli/cli.h"
#include "app/cli/common.h"
#include "core/model/tensortable.h"
#include "core/runtime/runtime.h"
#include "core/train/faceattributes.h"
#include "core/train/faceregressor.h"

namespace latent::cli {

int commandTrainRegressor(const std::vector<std::string>& argv, std::ostream& out,
                          std::ostream& err) {
    Args args(argv, {"out", "steps", "batch", "seed", "threads"}, {});
    args.expectPositionals(0, "latent train-regressor --out FILE.ltm [--steps N] [--seed S]");
    const std::string path = args.required("out");
    checkOutputFile(path);
    train::FaceRegressorTrainOptions options;
    options.steps = args.integer("steps", options.steps, 1, 10000000);
    options.batch = static_cast<int>(args.integer("batch", options.batch, 1, 4096));
    options.seed = args.seed("seed", 0);
    options.progress = [&](const std::string& line) { out << line << std::endl; };
    applyThreads(args);
    auto trained = train::trainFaceRegressor(options);
    if (!trained) {
        err << "latent: " << trained.error() << "\n";
        return 1;
    }
    nlohmann::json errors = nlohmann::json::object();
    const auto& names = train::faceAttributeNames();
    for (std::size_t i = 0; i < names.size(); ++i) errors[names[i]] = trained->meanAbsoluteError[i];
    const std::string command = "latent train-regressor --steps " + std::to_string(options.steps) +
                                " --batch " + std::to_string(options.batch) + " --seed " +
                                std::to_string(options.seed);
    const nlohmann::json extra = {
        {"training_data", "procedural faces, population " +
                              std::to_string(train::kFaceRegressorTrainSeed) + ", 64 px"},
        {"held_out", std::to_string(train::kFaceRegressorTestCount) + " faces of population " +
                         std::to_string(train::kFaceRegressorTestSeed)},
        {"mean_absolute_error", errors},
        {"steps", options.steps},
        {"batch", options.batch},
        {"seed", options.seed},
        {"threads", runtime::threadCount()},
        {"training_seconds", trained->seconds},
        {"command", command},
        {"created", model::utcNow()}};
    if (auto s = train::writeFaceRegressor(path, trained->model, extra); !s) {
        err << "latent: " << s.error() << "\n";
        return 1;
    }
    out << "held-out error per attribute: mean absolute error [range], or misread values:\n";
    const auto& ranges = train::faceAttributeRanges();
    for (std::size_t i = 0; i < names.size(); ++i) {
        char line[128];
        if (!train::faceAttributeCategories(i).empty()) {
            std::snprintf(line, sizeof line, "  %-15s %7.2f%% misread\n", names[i].c_str(),
                          100.0 * trained->meanAbsoluteError[i]);
        } else {
            std::snprintf(line, sizeof line, "  %-15s %8.4f  [%g, %g]\n", names[i].c_str(),
                          trained->meanAbsoluteError[i], ranges[i].min, ranges[i].max);
        }
        out << line;
    }
    char line[96];
    std::snprintf(line, sizeof line, "%.0f s; wrote ", trained->seconds);
    out << line << path << "\n";
    return 0;
}

}  // namespace latent::cli
