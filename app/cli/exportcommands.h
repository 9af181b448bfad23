#pragma once

// The export commands (app/cli/export.cpp), dispatched from cli.cpp. Same contract as cli.h's
// commands: UsageError for bad usage (exit 2, also for an existing output without --force),
// CommandFailure for failures (exit 1); an interrupted export exits 130 and leaves nothing.
#include <iosfwd>
#include <string>
#include <vector>

namespace latent::cli {

int commandGrid(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandInterpolate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandDataset(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandBenchExport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace latent::cli
