#pragma once

#include <functional>
#include <string>

#include "core/util/result.h"

namespace latent::train {

// Where this process sits in a data-parallel training run and how the ranks meet. torchrun's
// variables describe it (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR,
// MASTER_PORT), so `torchrun --no_python latent train ...` and an `srun` line that sets them work;
// `latent train --nproc N` sets them for the ranks it starts, with LATENT_STORE_FILE (a file to
// meet through instead of rank 0's TCP store) and LATENT_RENDEZVOUS_TIMEOUT (seconds).
struct World {
    int rank = 0;
    int size = 1;
    int localRank = 0;
    int localSize = 1;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    std::string storeFile;      // non-empty: meet through this file (ranks on one machine)
    double timeoutSeconds = 120;  // how long the ranks wait for each other to arrive
    // torchrun's agent already hosts the store at MASTER_ADDR:MASTER_PORT
    // (TORCHELASTIC_USE_AGENT_STORE): every rank connects to it, rank 0 included. Keys then carry
    // the restart count, so a restarted group does not meet its predecessor's keys.
    bool agentStore = false;
    int restartCount = 0;

    bool distributed() const { return size > 1; }
    bool leader() const { return rank == 0; }  // writes the run folder
};

// Reads a variable; null when unset. The default reads the process environment.
using GetEnv = std::function<const char*(const char*)>;
GetEnv processEnvironment();

// The world the environment describes: a single process (size 1) when WORLD_SIZE is unset. The
// Error names a variable that is set but wrong ("RANK must be between 0 and 1 (got '2')").
Result<World> worldFromEnvironment(const GetEnv& getenv = processEnvironment());

// Whether this build can train on several processes (c10d with Gloo was found at build time).
// Defined in distributed.cpp; declared here so torch-free code (the ui) can ask.
bool distributedAvailable();

// "rank 1 of 4", or "" for a single process: for messages.
std::string rankName(const World& world);

}  // namespace latent::train
