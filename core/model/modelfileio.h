#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/util/result.h"

namespace latent::model {

// Core-internal reader/writer of our own "latent-model" file (docs/model-format.md):
//   "LATENTGM" | u32 LE version | u32 LE header length | JSON header | raw LE tensor payload.

constexpr char kModelMagic[8] = {'L', 'A', 'T', 'E', 'N', 'T', 'G', 'M'};
constexpr std::uint32_t kModelFileVersion = 2;
// The metadata "kind" of a training checkpoint (core/train/checkpoint.h); the loader opens its
// generator like a model file.
constexpr const char* kTrainCheckpointKind = "latent-train-checkpoint";
// Version 2 headers begin with this text and 16 hex digits: FNV-1a 64 of the whole file with
// those 16 digits read as '0' (docs/model-format.md). Version 1 files (payload checksum only) are
// still read.
constexpr char kHeaderChecksumPrefix[] = "{\"header_checksum\":\"fnv1a64:";
constexpr std::size_t kModelPreambleSize = 16;   // magic + version + header length
constexpr std::size_t kModelAlignment = 64;      // payload and each tensor start 64-byte aligned
constexpr std::uint32_t kMaxHeaderBytes = 64u << 20;  // a sane bound before we allocate

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

struct ModelFileContents {
    nlohmann::json metadata;  // the "metadata" object, verbatim
    NamedTensors tensors;     // in file order; CPU, contiguous, float32 or int64, owning memory
    std::uint64_t fileSize = 0;
    std::string contentHash;  // FNV-1a 64 of all file bytes, 16 hex digits
};

// Writes metadata + tensors atomically. Tensors may live on any device; they are copied to CPU.
// Only float32 and int64 tensors are supported (others: an Error). Never throws.
Status writeModelFile(const std::string& path, const nlohmann::json& metadata,
                      const NamedTensors& tensors);

// Reads and validates everything the container promises (magic, version, sizes, JSON, tensor
// extents vs shapes, checksum). Architecture-level checks are the caller's. Never throws.
// Reads through readModelFileBytes, so a bad header is refused before the payload is read.
Result<ModelFileContents> readModelFile(const std::string& path);

// The whole file's bytes, for parseModelFile, read only after the preamble, the JSON header and
// the tensor table have been read on their own and checked against the file size: a sparse 3 GB
// file (or a huge one with a bad header) is refused after a few bytes, not read into memory first.
// Errors as parseModelFile's. Never throws; thread-safe.
Result<std::string> readModelFileBytes(const std::string& path);

// Same, over bytes already in memory; `path` only names the file in messages.
Result<ModelFileContents> parseModelFile(const std::string& path, const std::string& bytes);

// Serialises without writing (for tests that need to damage a file byte by byte).
Result<std::string> encodeModelFile(const nlohmann::json& metadata, const NamedTensors& tensors);

bool hasModelMagic(const std::string& bytes);

}  // namespace latent::model
