#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace latent::cli {

// Runs `latent ARGS...` and returns the exit code: 0 success, 1 failure (bad model, unwritable
// output, …), 2 usage error. Errors are one line on `err`. Never throws.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Commands, each given the arguments after its name. They throw UsageError for bad usage and
// return 1 after printing a one-line error for failures.
int commandInfo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandSample(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandBench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandTrainClassifier(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err);
int commandEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace latent::cli
