#pragma once

#include <atomic>
#include <string>

#include "app/cli/args.h"
#include "core/model/loader.h"

namespace latent::cli {

// A failure that is not the user's typing (bad model, unwritable output): run() prints the message
// as one line and exits with 1.
struct CommandFailure {
    std::string message;
};

// Applies --threads, then loads MODEL (the first positional) on --device. Throws CommandFailure
// with the loader's message when the file is no usable model.
model::LoadedModel openModel(const Args& args);

// --device cpu|cuda|auto as a DeviceKind; anything else is a UsageError.
model::DeviceKind deviceOption(const Args& args);

// Applies --threads (default: all cores) to LibTorch.
void applyThreads(const Args& args);

// --class given as an index or a class name of the model. -1 for unconditional models.
int classOption(const Args& args, const model::ModelInfo& info);

// Refuses, before any work, an output path that exists and is not a regular file (a device, pipe,
// socket or folder; a folder that is not ours for folder outputs) by throwing CommandFailure with
// core's one-line reason. Nothing is written.
void checkOutputFile(const std::string& path);
void checkOutputFolder(const std::string& path);
// checkOutputFile, and an existing file without --force (`force` false) is a UsageError:
// "PATH already exists; add --force to overwrite it". Every command that writes one file uses it.
void checkNewOutputFile(const std::string& path, bool force);

// Ctrl-C while a guard lives sets a flag the command polls or hands to core as its cancel flag
// (export, PCA, projection, training); the SIGINT handler that was there comes back when the
// guard ends. The flag starts false with each guard; one guard at a time.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    bool requested() const { return flag()->load(); }
    // For core's `const std::atomic<bool>* cancel` parameters.
    static const std::atomic<bool>* flag();

private:
    void (*m_previous)(int);
};

// Where a style-based model's w_avg came from, in words: "trained (the archive's w_avg)" or
// "estimated from 1024 samples"; "" for models that are not style-based.
std::string wAvgText(const model::ModelInfo& info);

}  // namespace latent::cli
