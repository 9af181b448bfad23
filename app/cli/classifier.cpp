// `latent train-classifier`: trains the small Fashion-MNIST classifier that quality metrics use.
#include <ctime>
#include <ostream>

#include <nlohmann/json.hpp>

#include "app/cli/cli.h"
#include "app/cli/common.h"
#include "core/runtime/runtime.h"
#include "core/train/classifier.h"

namespace latent::cli {

int commandTrainClassifier(const std::vector<std::string>& argv, std::ostream& out,
                           std::ostream& err) {
    Args args(argv, {"out", "epochs", "seed", "threads", "fashion-mnist-dir"}, {});
    args.expectPositionals(0, "latent train-classifier --out FILE.ltm [--epochs N] [--seed S]");
    const std::string path = args.required("out");
    checkOutputFile(path);
    train::ClassifierTrainOptions options;
    options.epochs = static_cast<int>(args.integer("epochs", options.epochs, 1, 1000));
    options.seed = args.seed("seed", 0);
    options.fashionMnistDir = args.text("fashion-mnist-dir");
    options.progress = [&](const std::string& line) { out << line << std::endl; };
    applyThreads(args);

    auto trained = train::trainClassifier(options);
    if (!trained) {
        err << "latent: " << trained.error() << "\n";
        return 1;
    }
    char created[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    const nlohmann::json extra = {
        {"training_data", "fashion-mnist train[0, 55000)"},
        {"test_accuracy", trained->testAccuracy},
        {"held_out_accuracy", trained->heldOutAccuracy},
        {"epochs", options.epochs},
        {"seed", options.seed},
        {"threads", runtime::threadCount()},
        {"training_seconds", trained->seconds},
        {"command", "latent train-classifier --epochs " + std::to_string(options.epochs) +
                        " --seed " + std::to_string(options.seed)},
        {"created", created}};
    if (auto s = train::writeClassifier(path, trained->model, extra); !s) {
        err << "latent: " << s.error() << "\n";
        return 1;
    }
    char line[160];
    std::snprintf(line, sizeof line,
                  "test accuracy %.2f%% (t10k), held-out train %.2f%%, %.0f s; wrote ",
                  100.0 * trained->testAccuracy, 100.0 * trained->heldOutAccuracy,
                  trained->seconds);
    out << line << path << "\n";
    return 0;
}

}  // namespace latent::cli
