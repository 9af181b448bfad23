#pragma once

#include <string>

#include "core/model/modelinfo.h"

namespace latent::runtime {

// Sets LibTorch's intra-op thread count (and keeps OpenBLAS from spawning its own threads on top,
// which oversubscribes small machines). n <= 0 means all cores. Call once at start-up, before any
// inference; affects the whole process.
void configureThreads(int n = 0);
int threadCount();

bool cudaAvailable();
// "cpu" or "cuda:0". Auto picks CUDA when available. Asking for CUDA without it gives "" and
// fills `error`.
std::string resolveDevice(model::DeviceKind kind, std::string* error = nullptr);

}  // namespace latent::runtime
