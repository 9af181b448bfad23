#pragma once

// `latent project` (app/cli/project.cpp), dispatched from cli.cpp. Same contract as cli.h's
// commands: UsageError for bad usage (exit 2, also an existing output without --force),
// CommandFailure for failures such as an unreadable image (exit 1); Ctrl-C exits 130, nothing
// written.
#include <iosfwd>
#include <string>
#include <vector>

namespace latent::cli {

int commandProject(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace latent::cli
