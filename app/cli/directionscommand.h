#pragma once

// `latent directions` (app/cli/directions.cpp) and the `--edit` option of `latent sample`,
// dispatched from cli.cpp / commands.cpp. Same contract as cli.h's commands: UsageError for bad
// usage (exit 2, also an existing output without --force or an unknown direction index),
// CommandFailure for failures such as an unreadable direction file (exit 1); Ctrl-C exits 130.
#include <iosfwd>
#include <string>
#include <vector>

#include "core/edit/edit.h"

namespace latent::model {
struct ModelInfo;
}

namespace latent::cli {

int commandDirections(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Parses each `--edit DIRS.json:INDEX=AMOUNT` (INDEX: 0-based index or direction name), loads the
// files and checks every direction against the model. Warnings (a set made for another model that
// still fits) go to `err`.
std::vector<edit::Edit> editOptions(const std::vector<std::string>& specs,
                                    const model::ModelInfo& info, std::ostream& err);

}  // namespace latent::cli
