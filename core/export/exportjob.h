#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace latent::export_ {

// How a caller (the CLI, or a UI controller running an export on a worker thread) steers a long
// export. Both members are optional.
struct ExportControl {
    // Polled before every frame; once it reads true the export stops, removes its temporary
    // output and returns ExportStatus::Cancelled. The caller owns the flag and may set it from any
    // thread or a signal handler.
    const std::atomic<bool>* cancel = nullptr;
    // Called on the thread that runs the export after each frame is written (done of total), so a
    // UI must hand it over to its own thread (a queued signal).
    std::function<void(int done, int total)> progress;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

enum class ExportStatus { Done, Cancelled, Exists, Failed };

// What an export did. On anything but Done nothing is left under the output name and an existing
// output is untouched.
struct ExportResult {
    ExportStatus status = ExportStatus::Failed;
    std::string message;             // why it failed / was refused; empty when Done
    std::vector<std::string> notes;  // things the user should know (e.g. "padded to even size")
    std::string path;                // the output written
    int items = 0;                   // frames or images written
    double seconds = 0.0;

    bool ok() const { return status == ExportStatus::Done; }
};

}  // namespace latent::export_
