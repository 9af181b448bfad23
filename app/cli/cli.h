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
int commandTrainRegressor(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err);
int commandEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandFaces(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Seconds one call into a model's code may take before the process gives up on it: `latent check`
// (and so the app's check before it opens an archive), and every other command (a batch of N
// images may take N / 8 times as long). LATENT_MODEL_TIMEOUT overrides both.
constexpr double kCheckTimeoutSeconds = 120.0;
constexpr double kCommandModelTimeoutSeconds = 600.0;

// Installs the model-call watch for a `latent` process: a call into a model's code that runs past
// the limit prints one line and ends the process with exit code 1.
void watchModelCalls();

}  // namespace latent::cli
