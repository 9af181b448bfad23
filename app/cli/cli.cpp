#include "app/cli/cli.h"

#include <filesystem>
#include <ostream>

#include "app/cli/args.h"
#include "app/cli/common.h"
#include "app/cli/directionscommand.h"
#include "app/cli/exportcommands.h"
#include "app/cli/projectcommand.h"
#include "core/model/probe.h"
#include "core/runtime/runtime.h"
#include "core/util/atomicfile.h"

namespace latent::cli {
namespace {

// Each command's lines of `latent help`, in the order shown; `latent help CMD` and
// `latent CMD --help` print the entries named CMD (sample has two).
struct CommandUsage {
    const char* name;
    const char* text;
};
constexpr CommandUsage kCommands[] = {
    {"info",
     "  info MODEL                      print the model's metadata as JSON\n"},
    {"sample",
     "  sample MODEL --seed S --out FILE.png [--count N] [--cols C] [--truncation PSI]\n"
     "                                  [--class C] [--device cpu|cuda|auto] [--threads T] [--force]\n"
     "                                  [--edit DIRS.json:INDEX=AMOUNT]... (INDEX: number or name)\n"
     "                                  [--mix-seed S2 --mix-layers A-B]  style mixing: layers\n"
     "                                  A..B from seed S2 (style-based models)\n"},
    {"bench",
     "  bench MODEL [--json] [--iterations N] [--batch N] [--device cpu|cuda|auto] [--threads T]\n"},
    {"train",
     "  train --data fashion-mnist|faces[:N]|DIR|toy:ring8|grid25|spiral|moons --out RUN_DIR\n"
     "        [--resume] [--arch dcgan|style|mlp] [--loss ns|hinge|wgan-gp]\n"
     "        [--resolution 32|64|128|256] [--augment ada|off|P]\n"
     "        [--conditional|--unconditional] [--steps N] [--batch B] [--seed S]\n"
     "        [--device cpu|cuda] [--threads T] [--d-steps N] [--lr-g LR] [--lr-d LR] [--r1 GAMMA]\n"
     "        [--g-width W] [--d-width W] [--latent-size N] [--log-every N] [--sample-every N]\n"
     "        [--checkpoint-every N] [--keep K] [--quality-every N] [--classifier FILE]\n"
     "        [--low-priority] [--nproc N] [--rendezvous-timeout SECONDS] [--config FILE]\n"
     "                                  train a GAN; Ctrl-C stops after the step, checkpointed.\n"
     "                                  --nproc N trains data-parallel on N processes here;\n"
     "                                  under torchrun each process is one rank\n"
     "                                  --config FILE starts from a run's config.json (flags\n"
     "                                  override it): `--config runs/a/config.json --out runs/b`\n"
     "                                  Defaults follow the data: toy sets an MLP recipe that\n"
     "                                  covers every mode; fashion-mnist the shipped model's\n"
     "                                  (class-conditional, 8000 steps); faces the style-based\n"
     "                                  recipe. --augment: D's input augmentation, adaptive (ada;\n"
     "                                  the default for image folders), off, or a fixed P\n"},
    {"train-classifier",
     "  train-classifier --out FILE.ltm [--epochs N] [--seed S] [--threads T]\n"
     "                                  train the Fashion-MNIST classifier quality metrics use\n"},
    {"train-regressor",
     "  train-regressor --out FILE.ltm [--steps N] [--batch B] [--seed S] [--threads T]\n"
     "                                  train the face attribute regressor: it reads the 18\n"
     "                                  attributes back from a procedural face (docs/faces.md)\n"},
    {"eval",
     "  eval MODEL [--classifier FILE] [--count N] [--json] [--threads T]\n"
     "                                  Frechet distance of a grey garment model, and its class\n"
     "                                  accuracy when it is class-conditional\n"
     "  eval FACEMODEL [--regressor FILE] [--directions DIRS.json]... [--effect-samples M]\n"
     "                                  a face model's Frechet distance, and what each direction\n"
     "                                  changes (target attribute, purity)\n"},
    {"sample",
     "  sample MODEL --from-png FILE.png --out OUT.png [--scale K] [--smooth] [--force]\n"
     "                                  draw the recipe saved in a PNG again (--scale 1|2|4|8 also\n"
     "                                  works with --seed)\n"},
    {"grid",
     "  grid MODEL (--seeds A-B | --truncation-sweep FROM:TO:N | --classes) --out FILE.png\n"
     "       [--seeds A-B] [--cols C] [--labels] [--class C] [--truncation PSI] [--scale K] [--force]\n"},
    {"interpolate",
     "  interpolate MODEL --seeds 1,2,3 --out OUT.mp4|OUT.gif|DIR/ [--frames N] [--fps F] [--slerp]\n"
     "       [--easing linear|ease|cubic] [--loop] [--scale K] [--smooth] [--crf Q] [--preset P]\n"
     "       [--class C] [--truncation PSI] [--force]   video through the seeds (N frames a segment)\n"},
    {"dataset",
     "  dataset MODEL --per-class N --out DIR [--seed S] [--truncation PSI] [--scale K] [--force]\n"
     "                                  synthetic dataset: PNGs and labels.csv\n"},
    {"bench-export",
     "  bench-export MODEL [--frames 256] [--scale 4] [--threads T]\n"
     "                                  MP4 export frames/s against the generator alone\n"},
    {"directions",
     "  directions MODEL --method pca|sefa|attributes --out DIRS.json [--count K] [--samples N]\n"
     "             [--seed S] [--class C] [--regressor FILE] [--threads T] [--force]\n"
     "             semantic directions for --edit and the app; attributes: one per face attribute,\n"
     "             fitted to labels the face regressor reads in N samples (face models)\n"},
    {"project",
     "  project MODEL IMAGE --steps N --out LATENT.json [--png OUT.png] [--class C] [--seed S]\n"
     "          [--threads T] [--force]  fit a latent to a PNG/JPEG (W+ for style-based models)\n"},
    {"convert",
     "  convert PKL [OUT.pt] [--stylegan-repo DIR] [--name N] [--class-names a,b,c]\n"
     "          [--sefa-weight P] [--force]  an NVIDIA StyleGAN2-ADA/StyleGAN3 pickle to a\n"
     "                                  TorchScript archive (runs tools/export_torchscript.py)\n"},
    {"check",
     "  check MODEL [--timeout S] [--memory MB] [--json]\n"
     "                                  open a model as the app does before it trusts it: the code\n"
     "                                  inspection and the probe within a time and memory budget\n"},
    {"faces",
     "  faces --out DIR [--count N] [--first I] [--resolution R] [--seed S] [--threads T] [--force]\n"
     "                                  procedural cartoon faces: face_NNNNNN.png and labels.csv\n"
     "                                  (every attribute of every face; docs/faces.md)\n"},
    {"faces",
     "  faces --grid FILE.png [--count 64] [--cols C] [--first I] [--resolution 64] [--seed S]\n"
     "        [--force]                 the same faces as one grid image\n"},
    {"help",
     "  help [COMMAND]                  this text, or one command's\n"},
    {"version",
     "  version                         the version\n"},
};

std::string usage() {
    std::string text = "usage: latent COMMAND [options]\n\ncommands:\n";
    for (const CommandUsage& c : kCommands) text += c.text;
    return text + "\nlatent help COMMAND (or latent COMMAND --help) shows one command\n";
}

// The usage of one command, or "" when there is no such command.
std::string usageOf(const std::string& command) {
    std::string text;
    for (const CommandUsage& c : kCommands) {
        if (command == c.name) text += c.text;
    }
    return text.empty() ? text : "usage:\n" + text;
}

bool asksForHelp(const std::vector<std::string>& args) {
    for (const std::string& a : args) {
        if (a == "--help" || a == "-h") return true;
    }
    return false;
}

}  // namespace

model::DeviceKind deviceOption(const Args& args) {
    const std::string d = args.text("device", "auto");
    if (d == "auto") return model::DeviceKind::Auto;
    if (d == "cpu") return model::DeviceKind::Cpu;
    if (d == "cuda") return model::DeviceKind::Cuda;
    throw UsageError{"--device must be cpu, cuda or auto, got '" + d + "'"};
}

void applyThreads(const Args& args) {
    const int most = runtime::maxThreadCount();
    const std::int64_t threads = args.integer("threads", 0, 0, std::int64_t{1} << 31);
    if (threads > most)
        throw UsageError{"--threads must be between 0 (all cores) and " + std::to_string(most) +
                         " (4 per hardware thread, at most 256), got " + std::to_string(threads)};
    runtime::configureThreads(static_cast<int>(threads));
    runtime::configureMemory();
}

model::LoadedModel openModel(const Args& args) {
    const model::DeviceKind device = deviceOption(args);
    applyThreads(args);
    auto loaded = model::loadModel(args.positional(0, "MODEL"), {device});
    if (!loaded) throw CommandFailure{loaded.error()};
    return std::move(loaded).value();
}

int classOption(const Args& args, const model::ModelInfo& info) {
    if (!info.conditional()) {
        if (args.has("class")) throw UsageError{info.name + " is not class-conditional; drop --class"};
        return -1;
    }
    const std::string c = args.text("class", "0");
    for (int i = 0; i < info.numClasses(); ++i) {
        if (info.classNames[static_cast<std::size_t>(i)] == c) return i;
    }
    return static_cast<int>(args.integer("class", 0, 0, info.numClasses() - 1));
}

void checkOutputFile(const std::string& path) {
    if (Status problem = util::checkOutputFile(path); !problem)
        throw CommandFailure{problem.error()};
}

void checkNewOutputFile(const std::string& path, bool force) {
    checkOutputFile(path);
    std::error_code ec;
    if (!force && std::filesystem::exists(path, ec))
        throw UsageError{path + " already exists; add --force to overwrite it"};
}

void checkOutputFolder(const std::string& path) {
    std::string folder = path;
    while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
    if (Status problem = util::checkOutputFolder(folder); !problem)
        throw CommandFailure{problem.error()};
}

std::string wAvgText(const model::ModelInfo& info) {
    switch (info.wAvgSource) {
        case model::WAvgSource::Trained:
            return "trained (the archive's w_avg)";
        case model::WAvgSource::Estimated:
            return "estimated from " + std::to_string(model::kEstimatedWAvgSamples) + " samples";
        case model::WAvgSource::None:
            break;
    }
    return "";
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        err << usage();
        return 2;
    }
    const std::string& command = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (command == "help" || command == "--help" || command == "-h") {
            if (rest.empty()) {
                out << usage();
                return 0;
            }
            const std::string one = usageOf(rest.front());
            if (one.empty())
                throw UsageError{"no command '" + rest.front() + "' (try: latent help)"};
            out << one;
            return 0;
        }
        // `latent CMD --help` anywhere among its options: the usage, not a parse error.
        if (const std::string one = usageOf(command); !one.empty() && asksForHelp(rest)) {
            out << one;
            return 0;
        }
        if (command == "info") return commandInfo(rest, out, err);
        if (command == "sample") return commandSample(rest, out, err);
        if (command == "bench") return commandBench(rest, out, err);
        if (command == "train") return commandTrain(rest, out, err);
        if (command == "train-classifier") return commandTrainClassifier(rest, out, err);
        if (command == "train-regressor") return commandTrainRegressor(rest, out, err);
        if (command == "eval") return commandEval(rest, out, err);
        if (command == "grid") return commandGrid(rest, out, err);
        if (command == "interpolate") return commandInterpolate(rest, out, err);
        if (command == "dataset") return commandDataset(rest, out, err);
        if (command == "bench-export") return commandBenchExport(rest, out, err);
        if (command == "project") return commandProject(rest, out, err);
        if (command == "directions") return commandDirections(rest, out, err);
        if (command == "convert") return commandConvert(rest, out, err);
        if (command == "check") return commandCheck(rest, out, err);
        if (command == "faces") return commandFaces(rest, out, err);
        if (command == "version" || command == "--version") {
            out << "latent " << LATENT_VERSION << "\n";
            return 0;
        }
        throw UsageError{"unknown command '" + command + "' (try: latent help)"};
    } catch (const UsageError& e) {
        err << "latent: " << e.message << "\n";
        return 2;
    } catch (const CommandFailure& e) {
        err << "latent: " << e.message << "\n";
        return 1;
    } catch (const std::exception& e) {
        // A LibTorch error from a generator (bench, eval): its useful line, not the traceback.
        err << "latent: " << model::conciseError(e) << "\n";
        return 1;
    }
}

}  // namespace latent::cli
