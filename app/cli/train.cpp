// `latent train`: runs a core Trainer in the foreground with a progress line per logged step.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <ostream>
#include <sstream>
#include <thread>

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "app/cli/cli.h"
#include "app/cli/common.h"
#include "core/runtime/process.h"
#include "core/runtime/runtime.h"
#include "core/train/collapse.h"
#include "core/train/distributed.h"
#include "core/train/runfolder.h"
#include "core/train/trainer.h"
#include "core/util/inputfile.h"
#include "core/util/json.h"

namespace latent::cli {

namespace {


std::string duration(double seconds) {
    if (!(seconds >= 0) || seconds > 1e8) return "?";
    const auto s = static_cast<long long>(seconds);
    char text[32];
    if (s >= 3600) {
        std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, (s / 60) % 60);
    } else {
        std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
    }
    return text;
}

train::TrainConfig configFromArgs(const Args& args) {
    const std::string runDir = args.required("out");
    train::TrainConfig c;
    if (args.has("config")) {
        // Another run's settings (its config.json) or the app's: every field, the flags over them.
        // A resumed run then takes these rather than its own config.json.
        const std::string path = args.text("config");
        auto text = util::readInputFile(path, "a training config", util::kMaxJsonBytes);
        if (!text) throw std::runtime_error(text.error());
        auto given = train::configFromJson(*text);
        if (!given) throw std::runtime_error(path + ": " + given.error());
        c = *given;
        c.resume = args.flag("resume");
    } else if (args.flag("resume")) {
        // A resumed run keeps its config.json; flags given now override it (e.g. more --steps).
        const std::string path = train::runConfigPath(runDir);
        auto text = util::readInputFile(path, "a training config", util::kMaxJsonBytes);
        if (!text) {
            const bool missing = text.error() == path + ": no such file";
            throw std::runtime_error(missing ? path + ": cannot read (is this a run folder?)"
                                             : text.error());
        }
        auto saved = train::configFromJson(*text);
        if (!saved) throw std::runtime_error(runDir + "/" + saved.error());
        c = *saved;
        c.resume = true;
    } else {
        if (!args.has("data"))
            throw UsageError{"--data is required (fashion-mnist, faces, DIR or toy:NAME)"};
        c = train::defaultConfig(args.text("data"));
    }
    c.runDir = runDir;
    c.data = args.text("data", c.data);
    const train::Architecture before = c.architecture;
    if (args.has("arch") && !train::parseArchitecture(args.text("arch"), &c.architecture)) {
        throw UsageError{"--arch must be dcgan, style or mlp, got '" + args.text("arch") + "'"};
    }
    // A switch to the style-based generator brings its recipe; the flags below override it.
    if (c.architecture == train::Architecture::Style && before != train::Architecture::Style)
        c = train::withStyleRecipe(c);
    if (args.has("loss") && !train::parseLoss(args.text("loss"), &c.loss)) {
        throw UsageError{"--loss must be ns, hinge or wgan-gp, got '" + args.text("loss") + "'"};
    }
    if (args.flag("conditional") && args.flag("unconditional"))
        throw UsageError{"--conditional and --unconditional contradict each other"};
    if (args.flag("conditional")) c.conditional = true;
    if (args.flag("unconditional")) c.conditional = false;
    c.device = args.text("device", c.device);
    c.resolution = static_cast<int>(args.integer("resolution", c.resolution, 1, 4096));
    c.steps = args.integer("steps", c.steps, 1, 1000000000);
    c.batch = static_cast<int>(args.integer("batch", c.batch, 1, 4096));
    c.seed = args.seed("seed", c.seed);
    c.dSteps = static_cast<int>(args.integer("d-steps", c.dSteps, 1, 100));
    c.lrG = args.number("lr-g", c.lrG, 1e-12, 1.0);
    c.lrD = args.number("lr-d", c.lrD, 1e-12, 1.0);
    c.r1Gamma = args.number("r1", c.r1Gamma, 0.0, 1e6);
    c.gWidth = static_cast<int>(args.integer("g-width", c.gWidth, 1, 1024));
    c.dWidth = static_cast<int>(args.integer("d-width", c.dWidth, 1, 1024));
    c.latentSize = static_cast<int>(args.integer("latent-size", c.latentSize, 1, 4096));
    c.logEvery = static_cast<int>(args.integer("log-every", c.logEvery, 1, 1000000000));
    c.sampleEvery = static_cast<int>(args.integer("sample-every", c.sampleEvery, 0, 1000000000));
    c.checkpointEvery =
        static_cast<int>(args.integer("checkpoint-every", c.checkpointEvery, 0, 1000000000));
    c.keepCheckpoints = static_cast<int>(args.integer("keep", c.keepCheckpoints, 1, 1000));
    c.qualityEvery = static_cast<int>(args.integer("quality-every", c.qualityEvery, 0, 1000000000));
    c.classifierPath = args.text("classifier", c.classifierPath);
    if (args.has("augment")) {
        train::AugmentSetting augment;
        if (!train::parseAugment(args.text("augment"), &augment)) {
            throw UsageError{"--augment must be ada, off or a probability from 0 to 1, got '" +
                             args.text("augment") + "'"};
        }
        c.augment = args.text("augment");
    }
    c.lowPriority = args.flag("low-priority");
    auto prepared = train::prepareConfig(c);
    if (!prepared) throw UsageError{prepared.error()};
    return *prepared;
}

// The path of this program, for starting ranks of itself.
std::string selfPath() {
    std::string path(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
    if (n <= 0) throw CommandFailure{"cannot find this program's own path to start the ranks"};
    path.resize(static_cast<std::size_t>(n));
    return path;
}

// A rank started by --nproc ends with its launcher: should the launcher be killed (kill -9, the
// app that ran it quits), the ranks get the SIGINT of Ctrl-C, agree on a step and stop there with
// a checkpoint rather than train on unwatched. False when the launcher is already gone.
bool followLauncher() {
    const char* given = std::getenv("LATENT_LAUNCHER_PID");
    if (given == nullptr || *given == '\0') return true;
    ::prctl(PR_SET_PDEATHSIG, SIGINT);
    std::signal(SIGPIPE, SIG_IGN);  // rank 0's progress then goes nowhere instead of killing it
    return std::to_string(::getppid()) == given;  // checked after prctl: no window between
}

// `latent train --nproc N`: starts N ranks of this command on this machine (torchrun's variables,
// and a rendezvous file instead of a TCP port), shows rank 0's progress and every rank's errors,
// forwards Ctrl-C, and when a rank fails makes sure the others end within seconds.
int launchRanks(const std::vector<std::string>& argv, int nproc, const Args& args,
                std::ostream& out, std::ostream& err) {
    std::vector<std::string> rankArgs = {selfPath(), "train"};
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (argv[i] == "--nproc") {
            ++i;  // and its value
        } else if (argv[i].rfind("--nproc=", 0) != 0) {
            rankArgs.push_back(argv[i]);
        }
    }
    // Each rank's share of the cores, unless the user chose.
    if (!args.has("threads")) {
        const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
        rankArgs.push_back("--threads");
        rankArgs.push_back(std::to_string(std::max(1, cores / nproc)));
    }
    const std::string store = (std::filesystem::temp_directory_path() /
                               ("latent-rendezvous-" + std::to_string(::getpid()) + "-" +
                                std::to_string(std::chrono::steady_clock::now()
                                                   .time_since_epoch()
                                                   .count())))
                                  .string();
    std::vector<runtime::GroupMember> members;
    for (int r = 0; r < nproc; ++r) {
        runtime::GroupMember m;
        m.argv = rankArgs;
        const std::string n = std::to_string(nproc), rank = std::to_string(r);
        m.environment = {"RANK=" + rank,       "WORLD_SIZE=" + n,   "LOCAL_RANK=" + rank,
                         "LOCAL_WORLD_SIZE=" + n, "LATENT_STORE_FILE=" + store,
                         "LATENT_LAUNCHER_PID=" + std::to_string(::getpid())};
        if (args.has("rendezvous-timeout"))
            m.environment.push_back("LATENT_RENDEZVOUS_TIMEOUT=" + args.text("rendezvous-timeout"));
        members.push_back(std::move(m));
    }
    // Ctrl-C reaches the ranks from the terminal too; a SIGINT sent to this process alone is
    // passed on. The ranks agree on the step to stop after.
    std::optional<InterruptGuard> interrupt(std::in_place);
    bool forwarded = false;
    std::vector<std::string> errors(static_cast<std::size_t>(nproc));
    int firstFailure = -1;
    runtime::GroupEvents events;
    // Rank 0 speaks for the run (progress and errors, as they come). The others' errors are
    // shown only from the rank that failed first: when one rank fails, the rest report losing it.
    events.output = [&](std::size_t member, bool isStderr, const std::string& chunk) {
        if (isStderr) errors[member] += chunk;
        if (member == 0) (isStderr ? err : out) << chunk << std::flush;
    };
    events.exited = [&](std::size_t member, int status) {
        if (status != 0 && firstFailure < 0) firstFailure = static_cast<int>(member);
    };
    events.tick = [&] {
        if (interrupt->requested() && !forwarded) {
            forwarded = true;
            return SIGINT;
        }
        return 0;
    };
    constexpr double kGraceSeconds = 10.0;
    auto statuses = runtime::runProcessGroup(members, events, kGraceSeconds);
    interrupt.reset();
    std::error_code ignored;
    std::filesystem::remove(store, ignored);
    if (!statuses) throw CommandFailure{statuses.error()};
    if (firstFailure < 0) return 0;
    const int status = (*statuses)[static_cast<std::size_t>(firstFailure)];
    // A rank that died without a word (killed, crashed) is named here; one that said why has.
    const std::string& said = errors[static_cast<std::size_t>(firstFailure)];
    if (firstFailure != 0) err << said << std::flush;
    if (said.empty()) {
        err << "latent: rank " << firstFailure << " of " << nproc
            << (status > 128 ? " was killed by signal " + std::to_string(status - 128)
                             : " exited with status " + std::to_string(status))
            << "; the other ranks were stopped\n";
    }
    return 1;
}

}  // namespace

int commandTrain(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv, {"data",    "arch",        "loss",      "resolution",   "steps",
                     "batch",   "seed",        "device",    "out",          "threads",
                     "d-steps", "lr-g",        "lr-d",      "r1",           "g-width",
                     "d-width", "latent-size", "log-every", "sample-every", "checkpoint-every",
                     "keep",    "quality-every", "classifier", "nproc", "rendezvous-timeout",
                     "config", "augment"},
              {"conditional", "unconditional", "resume", "low-priority"});
    args.expectPositionals(0, "latent train --data fashion-mnist|faces|DIR|toy:NAME --out RUN_DIR");
    // Where this process stands: a single run, one rank started by torchrun or by --nproc, or the
    // launcher of --nproc ranks.
    auto world = train::worldFromEnvironment();
    if (!world) throw UsageError{world.error()};
    const int nproc = static_cast<int>(args.integer("nproc", 1, 1, runtime::maxThreadCount()));
    args.number("rendezvous-timeout", 0.0, 1.0, 86400.0);  // checked here, used by the ranks
    if (nproc > 1 && world->distributed())
        throw UsageError{"--nproc starts its own ranks; under torchrun (WORLD_SIZE is set) leave it out"};
    if ((nproc > 1 || world->distributed()) && !train::distributedAvailable()) {
        auto none = train::connectWorld(*world);
        throw CommandFailure{none.error()};
    }
    train::TrainConfig config;
    try {
        config = configFromArgs(args);
        if (config.batch % std::max(nproc, world->size) != 0) {
            const int n = std::max(nproc, world->size);
            throw UsageError{"--batch " + std::to_string(config.batch) + " does not split evenly over " +
                             std::to_string(n) + " processes; choose a multiple of " +
                             std::to_string(n)};
        }
    } catch (const std::runtime_error& e) {
        err << "latent: " << e.what() << "\n";
        return 1;
    }
    if (nproc > 1) return launchRanks(argv, nproc, args, out, err);
    if (!followLauncher()) {
        err << "latent: " << train::rankName(*world) << ": its launcher has already ended\n";
        return 1;
    }
    applyThreads(args);
    std::shared_ptr<train::Communicator> comm;
    std::ostringstream quiet;  // ranks other than 0 keep their progress to themselves
    const std::string rank = train::rankName(*world);
    if (world->distributed()) {
        if (args.has("rendezvous-timeout")) world->timeoutSeconds = args.number("rendezvous-timeout", 0.0, 1.0, 86400.0);
        auto connected = train::connectWorld(*world);
        if (!connected) {
            err << "latent: " << rank << ": " << connected.error() << "\n";
            return 1;
        }
        comm = std::move(connected).value();
    }
    std::ostream& progress = world->leader() ? out : quiet;

    std::mutex printing;
    const auto total = config.steps;
    const auto imagesPerStep = static_cast<double>(config.batch) * config.dSteps;
    const train::Variety variety = train::varietyOf(config);
    std::vector<train::MetricsRow> measured;  // the trainer's thread alone touches these
    bool alarmRaised = false;
    train::Trainer::Callbacks callbacks;
    callbacks.loaded = [&](const train::DatasetSummary& d) {
        std::string line = "data: " + d.name + ", " + std::to_string(d.size) +
                           (d.channels ? " images" : " points");
        if (!d.classNames.empty()) line += ", " + std::to_string(d.classNames.size()) + " classes";
        if (d.skipped) line += ", " + std::to_string(d.skipped) + " unreadable files skipped";
        if (!d.qualityNote.empty()) line += "\nnote: " + d.qualityNote;
        if (!d.resumeNote.empty()) line += "\nnote: " + d.resumeNote;
        std::lock_guard<std::mutex> lock(printing);
        progress << line << std::endl;
    };
    callbacks.metrics = [&](const train::MetricsRow& row) {
        const double eta =
            row.imagesPerSec > 0 ? (total - row.step) * imagesPerStep / row.imagesPerSec : -1;
        char line[256];
        std::snprintf(line, sizeof line,
                      "step %lld/%lld  epoch %lld  D %.4f  G %.4f  %.0f img/s  ETA %s",
                      static_cast<long long>(row.step), static_cast<long long>(total),
                      static_cast<long long>(row.epoch), row.dLoss, row.gLoss, row.imagesPerSec,
                      duration(eta).c_str());
        char quality[128] = "";
        if (!std::isnan(row.modesCovered)) {
            std::snprintf(quality, sizeof quality, "  JS %.4f  modes %.0f/%.0f", row.quality,
                          row.modesCovered, variety.full);
        } else if (!std::isnan(row.classEntropy)) {
            std::snprintf(quality, sizeof quality, "  FD %.3f  H %.3f", row.quality,
                          row.classEntropy);
        } else if (!std::isnan(row.diversity)) {
            std::snprintf(quality, sizeof quality, "  diversity %.3f", row.diversity);
        }
        if (!std::isnan(row.augmentP)) {
            const std::size_t used = std::strlen(quality);
            std::snprintf(quality + used, sizeof quality - used, "  augment p %.3f", row.augmentP);
        }
        // The collapse watch reads the measured rows; it speaks once each time it rises.
        std::string warning;
        if (!std::isnan(train::varietyValue(row, variety.measure))) {
            measured.push_back(row);
            const train::CollapseAlarm alarm = train::checkCollapse(measured, config);
            if (alarm.raised && !alarmRaised) warning = "warning: " + alarm.message + "\n";
            alarmRaised = alarm.raised;
        }
        std::lock_guard<std::mutex> lock(printing);
        progress << line << quality << std::endl << warning;
    };

    std::optional<InterruptGuard> interrupt(std::in_place);
    train::Trainer trainer(config, callbacks, comm);
    const auto started = std::chrono::steady_clock::now();
    trainer.start();
    bool stopping = false;
    for (;;) {
        const auto state = trainer.state();
        if (state == train::TrainerState::Finished || state == train::TrainerState::Stopped ||
            state == train::TrainerState::Failed) {
            break;
        }
        if (interrupt->requested() && !stopping) {
            stopping = true;
            trainer.stop();
            std::lock_guard<std::mutex> lock(printing);
            progress << "stopping after the current step..." << std::endl;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    trainer.wait();
    interrupt.reset();
    // What the ranks spent talking to each other (and waiting for the slowest), per step.
    if (comm && trainer.step() > 0) {
        const auto traffic = comm->traffic();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double steps = static_cast<double>(trainer.step());
        char line[256];
        std::snprintf(line, sizeof line,
                      "collectives: %.1f ms of %.1f ms per step (%.1f%%), %.2f MB per step, "
                      "%.0f MB/s while in them\n",
                      1e3 * traffic.seconds / steps, 1e3 * seconds / steps,
                      100.0 * traffic.seconds / seconds, static_cast<double>(traffic.bytes) / 1e6 / steps,
                      traffic.seconds > 0 ? static_cast<double>(traffic.bytes) / 1e6 / traffic.seconds : 0.0);
        progress << line;
    }

    switch (trainer.state()) {
        case train::TrainerState::Failed:
            err << "latent: " << (rank.empty() ? "" : rank + ": ") << trainer.error() << "\n";
            return 1;
        case train::TrainerState::Stopped:
            progress << "stopped at step " << trainer.step() << "; checkpoint in " << config.runDir
                << "/checkpoints (continue with --resume)\n";
            return 0;
        default:
            progress << "finished " << trainer.step() << " steps in " << config.runDir;
            if (config.architecture != train::Architecture::Mlp)
                progress << " (EMA generator: ema.ltm)";
            if (world->distributed()) progress << " on " << world->size << " processes";
            progress << "\n";
            return 0;
    }
}

}  // namespace latent::cli
