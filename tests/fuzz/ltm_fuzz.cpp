// Fuzz target: the .ltm model file reader (parseModelFile: preamble, JSON header, tensor table,
// checksum, tensors), then what the loader reads from it before building a network
// (dcganConfigFromFile: metadata and the tensor table against the architecture) and the model
// info. No network is built and nothing runs.
//
// A mutated file almost never keeps a matching payload checksum, so when the first read stops at
// the checksum the target writes the payload's real checksum into the header (same length, so
// nothing moves) and reads again: the fuzzer gets past the checksum to the tensors and metadata.

#include <cstdint>
#include <cstring>
#include <string>

#include "core/model/checksum.h"
#include "core/model/dcgan.h"
#include "core/model/modelfile.h"
#include "core/model/modelfileio.h"
#include "core/model/modelinfo.h"
#include "tests/fuzz/fuzzinput.h"

namespace {

using namespace ::latent;

std::uint32_t u32At(const std::string& bytes, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    return v;
}

// The same bytes with "payload_checksum" made to match the payload, or "" when the layout does
// not allow it (the payload size and start are taken from the preamble and header text).
std::string withRealChecksum(const std::string& bytes) {
    if (bytes.size() < model::kModelPreambleSize) return "";
    const std::uint64_t headerSize = u32At(bytes, 12);
    if (model::kModelPreambleSize + headerSize > bytes.size()) return "";
    const std::size_t start = model::kModelPreambleSize + static_cast<std::size_t>(headerSize);
    const std::string header = bytes.substr(model::kModelPreambleSize, static_cast<std::size_t>(headerSize));
    const std::size_t tag = header.find("fnv1a64:");
    if (tag == std::string::npos || tag + 8 + 16 > header.size()) return "";
    std::string out = bytes;
    const std::string real = model::fnv1a64Hex(bytes.data() + start, bytes.size() - start);
    std::memcpy(&out[model::kModelPreambleSize + tag + 8], real.data(), real.size());
    return out;
}

void readAsLoaderDoes(const std::string& bytes) {
    auto contents = model::parseModelFile("fuzz.ltm", bytes);
    if (!contents) {
        fuzz::require(!contents.error().empty(), "an .ltm error has a message");
        return;
    }
    auto config = model::dcganConfigFromFile(contents.value());
    if (!config) return;
    fuzz::require(model::dcganConfigProblem(config.value()).empty(),
                  "dcganConfigFromFile returns only valid configs");
    fuzz::require(model::dcganParameterCount(config.value()) <= model::kMaxDcganFileParameters,
                  "dcganConfigFromFile refuses networks over kMaxDcganFileParameters");
    const model::ModelInfo info = model::dcganModelInfo(config.value(), contents->metadata);
    fuzz::require(info.latentSize == config->latentSize, "model info keeps the latent size");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes = ::latent::fuzz::bytesOf(data, size);
    readAsLoaderDoes(bytes);
    const std::string fixed = withRealChecksum(bytes);
    if (!fixed.empty() && fixed != bytes) readAsLoaderDoes(fixed);
    return 0;
}
