#pragma once

#include <torch/script.h>

#include <string>
#include <string_view>
#include <vector>
#include "core/util/result.h"

namespace latent::model {

// Core-internal: what a TorchScript archive is allowed to be and do before any of it runs
// (docs/model-format.md, "What an archive may do"). An archive is someone else's program: these
// checks make opening one as safe as computing with tensors.

// Success when the zip directory of `bytes` is sane: every record lies inside the file, uses no
// compression other than deflate, and all records together unpack to at most twice the file
// size plus 64 MiB (a 2 MB file cannot ask for gigabytes); otherwise what is wrong. Reads only
// the directory: allocates nothing in proportion to what the records claim.
Status checkZip(std::string_view bytes);

// Success when nothing in the archive runs while it is loaded: no class defines __setstate__ (which
// torch::jit::load calls) and nothing refers to a C++ custom class (torch.classes.*, whose code
// is not in the archive); otherwise what is wrong. Call after checkZip, before loading.
Status checkLoadTimeCode(const std::string& bytes);

// The methods of the generator contract that the app may call (forward, mapping, synthesis,
// features, preview, w_avg).
const std::vector<std::string>& contractMethods();

// Success when every contract method the module has uses only operations on the allowlist of pure
// tensor computation, following every call
// into the code it runs; otherwise "method 'M' uses OP, which ..." for the
// first one found. Does not run the module.
Status checkOperations(const torch::jit::Module& module);

// Whether `kind` (as "aten::add", "prim::If") is on the allowlist. For tests and docs.
bool allowedOperation(const std::string& kind);

}  // namespace latent::model
