#pragma once

#include <string>

namespace latent::runtime {

// Where the Python tools live and how to call them: the StyleGAN converter behind `latent convert`
// and the hint a Python pickle gets at load. No torch here. All thread-safe.

// The folder holding export_torchscript.py: share/latent-studio/tools beside an installed
// executable (../share/latent-studio/tools from its bin/), else the source tree's tools/ for runs
// from a build folder. "" when neither has it.
std::string toolsDirectory();

// The `latent` command-line program the app runs to check a model in a child process: $LATENT_CLI
// when set (tests), else `latent` beside the running executable (bin/ when installed, app/ in a
// build folder). "" when there is none.
std::string latentExecutable();

// /usr/bin/python3 when it exists (the Python whose PyTorch matches the system's LibTorch), else
// python3 found on PATH; "" when there is none.
std::string pythonInterpreter();

// Where `latent convert PKL` writes by default: PKL with the extension .pt (PKL-converted.pt when
// PKL already ends in .pt, so the input is never overwritten).
std::string convertedModelPath(const std::string& pickle);

// `text` as one shell word, for commands a user copies: as is when it needs no quoting, else in
// single quotes.
std::string shellWord(const std::string& text);

}  // namespace latent::runtime
