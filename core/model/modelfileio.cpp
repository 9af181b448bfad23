#include "core/model/modelfileio.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <string_view>

#include "core/model/checksum.h"
#include "core/model/fileaccess.h"
#include "core/model/tensortable.h"
#include "core/util/json.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "The model file payload is little-endian and copied verbatim; add byte swapping first."
#endif

namespace latent::model {

namespace {

using nlohmann::json;

std::size_t alignUp(std::size_t n) { return (n + kModelAlignment - 1) / kModelAlignment * kModelAlignment; }

void putU32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t getU32(const std::string& bytes, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    return v;
}

const char* dtypeName(torch::ScalarType t) {
    if (t == torch::kFloat32) return "float32";
    if (t == torch::kInt64) return "int64";
    return nullptr;
}

// Where the 16 digits of a version 2 header's checksum sit in the file.
constexpr std::size_t headerChecksumAt() {
    return kModelPreambleSize + sizeof kHeaderChecksumPrefix - 1;
}

bool isHex16(const std::string& bytes, std::size_t at) {
    if (bytes.size() < at + 17 || bytes[at + 16] != '"') return false;
    for (std::size_t i = at; i < at + 16; ++i) {
        const char c = bytes[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

Error corrupt(const std::string& path, const std::string& what) {
    return Error{path + ": corrupt model file (" + what + ")"};
}

}  // namespace

bool hasModelMagic(const std::string& bytes) {
    return bytes.size() >= sizeof kModelMagic &&
           std::memcmp(bytes.data(), kModelMagic, sizeof kModelMagic) == 0;
}

Result<std::string> encodeModelFile(const json& metadata, const NamedTensors& tensors) {
    if (!metadata.is_object()) return Error{"model metadata must be a JSON object"};
    std::vector<torch::Tensor> cpu;
    json entries = json::array();
    std::set<std::string> names;
    std::size_t offset = 0;
    try {
        for (const auto& [name, tensor] : tensors) {
            if (!tensor.defined()) return Error{"tensor '" + name + "' is undefined"};
            const char* dtype = dtypeName(tensor.scalar_type());
            if (!dtype) return Error{"tensor '" + name + "' has an unsupported dtype (float32 or int64 only)"};
            if (!names.insert(name).second) return Error{"duplicate tensor name '" + name + "'"};
            cpu.push_back(tensor.detach().to(torch::kCPU).contiguous());
            const std::size_t bytes = cpu.back().numel() * cpu.back().element_size();
            entries.push_back({{"name", name}, {"dtype", dtype}, {"shape", tensor.sizes().vec()},
                               {"offset", offset}, {"bytes", bytes}});
            offset = alignUp(offset + bytes);
        }
    } catch (const std::exception& e) {
        return Error{std::string("cannot serialise tensors: ") + e.what()};
    }
    const std::size_t payloadSize = offset;
    std::string payload(payloadSize, '\0');
    for (std::size_t i = 0; i < cpu.size(); ++i) {
        const auto at = entries[i]["offset"].get<std::size_t>();
        const auto n = entries[i]["bytes"].get<std::size_t>();
        if (n) std::memcpy(&payload[at], cpu[i].data_ptr(), n);
    }
    json header = {{"header_checksum", "fnv1a64:" + std::string(16, '0')},
                   {"metadata", metadata},
                   {"tensors", entries},
                   {"payload_size", payloadSize},
                   {"payload_checksum", "fnv1a64:" + fnv1a64Hex(payload.data(), payload.size())}};
    std::string headerText = header.dump();  // keys sorted: header_checksum comes first
    if (headerText.rfind(kHeaderChecksumPrefix, 0) != 0) {
        return Error{"cannot serialise the model header (unexpected key order)"};
    }
    // Pad with spaces (valid trailing JSON whitespace) so the payload starts 64-byte aligned,
    // which lets a future reader mmap tensors in place.
    headerText.resize(alignUp(kModelPreambleSize + headerText.size()) - kModelPreambleSize, ' ');

    std::string out(kModelMagic, sizeof kModelMagic);
    putU32(out, kModelFileVersion);
    putU32(out, static_cast<std::uint32_t>(headerText.size()));
    out += headerText;
    out += payload;
    // The whole file, with the checksum's own digits as zeros, then the digits filled in.
    const std::string digits = fnv1a64Hex(out.data(), out.size());
    out.replace(headerChecksumAt(), digits.size(), digits);
    return out;
}

Status writeModelFile(const std::string& path, const json& metadata, const NamedTensors& tensors) {
    auto bytes = encodeModelFile(metadata, tensors);
    if (!bytes) return Error{path + ": " + bytes.error()};
    return writeFileAtomically(path, bytes.value());
}

namespace {

// What the preamble and the JSON header promise, checked against the file size before the payload
// is read or anything is allocated for it.
struct CheckedHeader {
    json header;
    std::uint64_t payloadStart = 0;
    std::uint64_t payloadSize = 0;
};

struct TensorEntry {
    std::string name;
    torch::ScalarType type;
    std::vector<std::int64_t> shape;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

// `head` holds at least the preamble (and the header, when the preamble says how long it is);
// `fileSize` is the size of the whole file.
Result<CheckedHeader> checkHeader(const std::string& path, const std::string& head,
                                  std::uint64_t fileSize) {
    if (!hasModelMagic(head)) {
        return Error{path + ": not a Latent Studio model or TorchScript archive (unrecognised header)"};
    }
    if (fileSize < kModelPreambleSize || head.size() < kModelPreambleSize) {
        return Error{path + ": truncated file (" + humanSize(fileSize) + ", shorter than the 16-byte preamble)"};
    }
    const std::uint32_t version = getU32(head, 8);
    if (version == 0) return corrupt(path, "format version 0");
    if (version > kModelFileVersion) {
        return Error{path + ": model file version " + std::to_string(version) +
                     " is newer than this Latent Studio supports (" + std::to_string(kModelFileVersion) +
                     "); update Latent Studio"};
    }
    const std::uint64_t headerSize = getU32(head, 12);
    if (headerSize > kMaxHeaderBytes) return corrupt(path, "header length " + humanSize(headerSize) + " is implausible");
    if (kModelPreambleSize + headerSize > fileSize || kModelPreambleSize + headerSize > head.size()) {
        return Error{path + ": truncated file (header says " + humanSize(kModelPreambleSize + headerSize) +
                     " or more, file has " + humanSize(fileSize) + ")"};
    }
    util::JsonLimits limits;
    limits.maxBytes = kMaxHeaderBytes;
    auto parsed = util::parseJson(
        std::string_view(head.data() + kModelPreambleSize, static_cast<std::size_t>(headerSize)), limits);
    if (!parsed) return corrupt(path, "header is " + parsed.error());
    CheckedHeader out;
    out.header = std::move(parsed.value());
    const json& header = out.header;
    if (!header.is_object()) return corrupt(path, "header is not a JSON object");
    if (version >= 2 && (head.compare(kModelPreambleSize, sizeof kHeaderChecksumPrefix - 1,
                                      kHeaderChecksumPrefix) != 0 ||
                         !isHex16(head, headerChecksumAt()))) {
        return corrupt(path, "the header does not begin with its checksum");
    }
    for (const char* key : {"metadata", "tensors", "payload_size", "payload_checksum"}) {
        if (!header.contains(key)) return corrupt(path, std::string("header has no \"") + key + "\"");
    }
    if (!header["metadata"].is_object()) return corrupt(path, "\"metadata\" is not an object");
    if (!header["tensors"].is_array()) return corrupt(path, "\"tensors\" is not a list");
    if (!header["payload_checksum"].is_string()) return corrupt(path, "\"payload_checksum\" is not a string");
    if (!header["payload_size"].is_number_unsigned())
        return corrupt(path, "\"payload_size\" is not a non-negative integer");
    out.payloadSize = header["payload_size"].get<std::uint64_t>();
    out.payloadStart = kModelPreambleSize + headerSize;
    if (out.payloadSize > fileSize - out.payloadStart) {
        return Error{path + ": truncated file (header says " + humanSize(out.payloadStart + out.payloadSize) +
                     ", file has " + humanSize(fileSize) + ")"};
    }
    const std::uint64_t expected = out.payloadStart + out.payloadSize;
    if (expected < fileSize) {
        return corrupt(path, std::to_string(fileSize - expected) + " unexpected bytes after the payload");
    }
    return out;
}

// The tensor table against the payload size: names, dtypes, shapes, extents. Allocates nothing.
Result<std::vector<TensorEntry>> checkTensorTable(const std::string& path, const json& tensors,
                                                  std::uint64_t payloadSize) {
    std::vector<TensorEntry> entries;
    std::set<std::string> names;
    try {
        for (const json& entry : tensors) {
            TensorEntry t;
            t.name = entry.at("name").get<std::string>();
            if (!names.insert(t.name).second) return corrupt(path, "duplicate tensor '" + t.name + "'");
            const auto dtype = entry.at("dtype").get<std::string>();
            if (dtype == "float32") {
                t.type = torch::kFloat32;
            } else if (dtype == "int64") {
                t.type = torch::kInt64;
            } else {
                return corrupt(path, "tensor '" + t.name + "' has unsupported dtype '" + dtype + "'");
            }
            const json& shape = entry.at("shape");
            if (!shape.is_array() || shape.size() > 16)
                return corrupt(path, "tensor '" + t.name + "' has an invalid shape");
            std::uint64_t numel = 1;
            for (const json& d : shape) {
                if (!d.is_number_unsigned() && !d.is_number_integer())
                    return corrupt(path, "tensor '" + t.name + "' has an invalid shape");
                t.shape.push_back(d.is_number_unsigned() && d.get<std::uint64_t>() > (std::uint64_t{1} << 40)
                                      ? -1
                                      : d.get<std::int64_t>());
            }
            for (std::int64_t d : t.shape) {
                if (d < 0 || d > (std::int64_t{1} << 40)) {
                    return corrupt(path, "tensor '" + t.name + "' has invalid shape " + shapeText(t.shape));
                }
                numel *= static_cast<std::uint64_t>(d);
                if (numel > payloadSize) break;  // will fail the size check below; avoids overflow
            }
            const json& offset = entry.at("offset");
            const json& size = entry.at("bytes");
            if (!offset.is_number_unsigned() || !size.is_number_unsigned())
                return corrupt(path, "tensor '" + t.name + "' has an invalid offset or size");
            t.offset = offset.get<std::uint64_t>();
            t.size = size.get<std::uint64_t>();
            const std::uint64_t elementSize = t.type == torch::kFloat32 ? 4 : 8;
            if (numel > payloadSize || t.size != numel * elementSize) {
                return corrupt(path, "tensor '" + t.name + "' is " + std::to_string(t.size) +
                                         " bytes, its shape " + shapeText(t.shape) + " needs " +
                                         std::to_string(numel * elementSize));
            }
            if (t.offset > payloadSize || t.size > payloadSize - t.offset) {
                return corrupt(path, "tensor '" + t.name + "' lies outside the payload");
            }
            entries.push_back(std::move(t));
        }
    } catch (const json::exception& e) {
        return corrupt(path, std::string("malformed header: ") + e.what());
    }
    return entries;
}

}  // namespace

Result<std::string> readModelFileBytes(const std::string& path) {
    auto size = checkModelFile(path);
    if (!size) return Error{size.error()};
    // The preamble, then the header it announces: both checked, with the tensor table, against the
    // file size before the payload is read, so a sparse multi-gigabyte file with a bad header is
    // refused after reading a few bytes.
    auto preamble = readFileBytes(path, kModelPreambleSize);
    if (!preamble) return Error{preamble.error()};
    std::uint64_t headerSize = 0;
    if (preamble->size() >= kModelPreambleSize && hasModelMagic(*preamble))
        headerSize = std::min<std::uint64_t>(getU32(*preamble, 12), kMaxHeaderBytes);
    auto head = readFileBytes(path, static_cast<std::size_t>(kModelPreambleSize + headerSize));
    if (!head) return Error{head.error()};
    auto header = checkHeader(path, *head, *size);
    if (!header) return Error{header.error()};
    auto table = checkTensorTable(path, header->header["tensors"], header->payloadSize);
    if (!table) return Error{table.error()};
    return readFileBytes(path);
}

Result<ModelFileContents> readModelFile(const std::string& path) {
    auto bytes = readModelFileBytes(path);
    if (!bytes) return Error{bytes.error()};
    return parseModelFile(path, bytes.value());
}

Result<ModelFileContents> parseModelFile(const std::string& path, const std::string& bytes) {
    const std::uint64_t fileSize = bytes.size();
    auto checked = checkHeader(path, bytes, fileSize);
    if (!checked) return Error{checked.error()};
    const json& header = checked->header;
    const std::uint64_t payloadSize = checked->payloadSize;
    auto table = checkTensorTable(path, header["tensors"], payloadSize);
    if (!table) return Error{table.error()};
    ModelFileContents out;
    out.fileSize = fileSize;
    const char* payload = bytes.data() + checked->payloadStart;
    const std::string checksum = "fnv1a64:" + fnv1a64Hex(payload, static_cast<std::size_t>(payloadSize));
    const std::string declared = header["payload_checksum"].get<std::string>();
    if (declared != checksum) {
        return Error{path + ": checksum mismatch, the file is corrupt (payload has " + checksum +
                     ", header says " + declared.substr(0, 40) + ")"};
    }
    // Version 2 covers the preamble and header too: a flipped bit in a class name is caught.
    if (getU32(bytes, 8) >= 2) {
        const std::size_t at = headerChecksumAt();
        Fnv1a64 whole;
        whole.update(bytes.data(), at);
        whole.update(std::string(16, '0').data(), 16);
        whole.update(bytes.data() + at + 16, bytes.size() - at - 16);
        if (bytes.compare(at, 16, whole.hex()) != 0) {
            return Error{path + ": checksum mismatch, the file is corrupt (its header or preamble "
                                "was changed: the file has fnv1a64:" + whole.hex() +
                         ", the header says fnv1a64:" + bytes.substr(at, 16) + ")"};
        }
    }
    try {
        for (const TensorEntry& t : *table) {
            auto tensor = torch::empty(t.shape, torch::TensorOptions().dtype(t.type));
            if (t.size) std::memcpy(tensor.data_ptr(), payload + t.offset, static_cast<std::size_t>(t.size));
            out.tensors.emplace_back(t.name, std::move(tensor));
        }
    } catch (const std::exception& e) {
        return corrupt(path, e.what());
    }
    out.metadata = header["metadata"];
    out.contentHash = fnv1a64Hex(bytes.data(), bytes.size());
    return out;
}

}  // namespace latent::model
