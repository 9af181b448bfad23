// Fuzz target: the .ltm model file reader (parseModelFile: preamble, JSON header, tensor table,
// checksum, tensors), then what the loader reads from it before building a network
// (dcganConfigFromFile: metadata and the tensor table against the architecture) and the model
// info. No network is built and nothing runs.
//
// A mutated file almost never keeps matching checksums, so after the first read the target writes
// the real payload checksum and (version 2) header checksum into the header (same length, so
// nothing moves) and reads again: the fuzzer gets past the checksums to the tensors and metadata.

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

// The same bytes with "payload_checksum" made to match the payload and, in a version 2 header,
// header_checksum made to match the whole file (its own 16 digits read as '0'); "" when the layout
// does not allow it (payload start taken from the preamble, the checksums found in the header).
std::string withRealChecksums(const std::string& bytes) {
    if (bytes.size() < model::kModelPreambleSize) return "";
    const std::uint64_t headerSize = u32At(bytes, 12);
    if (model::kModelPreambleSize + headerSize > bytes.size()) return "";
    const std::size_t start = model::kModelPreambleSize + static_cast<std::size_t>(headerSize);
    const std::string header = bytes.substr(model::kModelPreambleSize, static_cast<std::size_t>(headerSize));
    std::string out = bytes;
    static const std::string kPayloadTag = "\"payload_checksum\":\"fnv1a64:";
    const std::size_t tag = header.find(kPayloadTag);
    if (tag != std::string::npos && tag + kPayloadTag.size() + 16 <= header.size()) {
        const std::string real = model::fnv1a64Hex(bytes.data() + start, bytes.size() - start);
        out.replace(model::kModelPreambleSize + tag + kPayloadTag.size(), 16, real);
    }
    const std::string prefix = model::kHeaderChecksumPrefix;
    if (header.compare(0, prefix.size(), prefix) == 0 && header.size() >= prefix.size() + 16) {
        const std::size_t digits = model::kModelPreambleSize + prefix.size();
        out.replace(digits, 16, std::string(16, '0'));
        out.replace(digits, 16, model::fnv1a64Hex(out.data(), out.size()));
    }
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
    fuzz::require(model::checkDcganConfig(config.value()).ok(),
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
    const std::string fixed = withRealChecksums(bytes);
    if (!fixed.empty() && fixed != bytes) readAsLoaderDoes(fixed);
    return 0;
}
