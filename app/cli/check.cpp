// `latent check MODEL`: opens a model file as the app does before it trusts it, within a time and
// memory budget, and says whether it may be opened. The app runs this in a child process before
// it loads a TorchScript archive itself, so an archive that hangs or allocates without end costs a
// killed child, not a hung app.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <ostream>

#include "app/cli/args.h"
#include "app/cli/cli.h"
#include "app/cli/common.h"
#include "core/runtime/modelwatch.h"
#include "core/runtime/runtime.h"

namespace latent::cli {

namespace {

constexpr const char* kCheckUsage =
    "latent check MODEL [--timeout SECONDS] [--memory MB] [--device cpu|cuda|auto] [--threads T] "
    "[--json]";

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

void exitStuck(const std::string& message) {
    std::cerr << "latent: " << message << std::endl;
    std::_Exit(1);  // the stuck call cannot be interrupted, and its thread cannot be joined
}

}  // namespace

void watchModelCalls() {
    std::string warning;
    const double limit =
        runtime::modelCallLimitFromEnvironment(kCommandModelTimeoutSeconds, &warning);
    if (!warning.empty()) std::cerr << "latent: warning: " << warning << "\n";
    runtime::setModelCallLimit(limit, exitStuck);
}

int commandCheck(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    Args args(argv, {"timeout", "memory", "device", "threads"}, {"json"});
    args.expectPositionals(1, kCheckUsage);
    const double timeout = args.number(
        "timeout", runtime::modelCallLimitFromEnvironment(kCheckTimeoutSeconds), 0.0, 86400.0);
    const std::uint64_t ram = runtime::physicalMemory();
    // Three quarters of the machine by default: a probe at batch 3 that needs more is runaway.
    const std::int64_t defaultMb = ram > 0 ? static_cast<std::int64_t>(ram / 4 * 3 >> 20) : 0;
    const std::int64_t memoryMb = args.integer("memory", defaultMb, 0, std::int64_t{1} << 30);
    const model::DeviceKind device = deviceOption(args);

    runtime::setModelCallLimit(timeout, exitStuck);
    // CUDA and AddressSanitizer reserve far more address space than they use.
    std::string limitNote;
    const bool onCpu = runtime::resolveDevice(device) == "cpu";
    if (memoryMb > 0 && onCpu && !kAddressSanitizer) {
        std::string error;
        if (!runtime::limitAddressSpace(static_cast<std::uint64_t>(memoryMb) << 20, &error)) {
            err << "latent: warning: " << error << "; checking without a memory limit\n";
        } else {
            limitNote = " within " + std::to_string(memoryMb) + " MB";
        }
    }
    model::LoadedModel loaded;
    try {
        loaded = openModel(args);
    } catch (const CommandFailure& failure) {
        const bool memory = failure.message.find("not enough memory") != std::string::npos ||
                            failure.message.find("out of memory") != std::string::npos;
        throw CommandFailure{failure.message + (memory && !limitNote.empty()
                                                    ? " (the check allows " +
                                                          std::to_string(memoryMb) + " MB)"
                                                    : "")};
    }
    const model::ModelInfo& info = loaded.info;
    if (args.flag("json")) {
        nlohmann::json j;
        j["ok"] = true;
        j["name"] = info.name;
        j["format"] = info.format;
        j["content_hash"] = info.contentHash;
        j["path"] = info.path;
        out << j.dump() << "\n";
    } else {
        out << info.path << ": ok: " << info.name << " (" << info.format << ", "
            << info.resolution << "x" << info.resolution << "), checked" << limitNote << "\n";
    }
    return 0;
}

}  // namespace latent::cli
