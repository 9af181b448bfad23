#include "core/model/modelfileio.h"

#include <cstring>
#include <set>

#include "core/model/checksum.h"
#include "core/model/fileaccess.h"

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

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
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
    json header = {{"metadata", metadata},
                   {"tensors", entries},
                   {"payload_size", payloadSize},
                   {"payload_checksum", "fnv1a64:" + fnv1a64Hex(payload.data(), payload.size())}};
    std::string headerText = header.dump();
    // Pad with spaces (valid trailing JSON whitespace) so the payload starts 64-byte aligned,
    // which lets a future reader mmap tensors in place.
    headerText.resize(alignUp(kModelPreambleSize + headerText.size()) - kModelPreambleSize, ' ');

    std::string out(kModelMagic, sizeof kModelMagic);
    putU32(out, kModelFileVersion);
    putU32(out, static_cast<std::uint32_t>(headerText.size()));
    out += headerText;
    out += payload;
    return out;
}

Status writeModelFile(const std::string& path, const json& metadata, const NamedTensors& tensors) {
    auto bytes = encodeModelFile(metadata, tensors);
    if (!bytes) return Error{path + ": " + bytes.error()};
    return writeFileAtomically(path, bytes.value());
}

Result<ModelFileContents> readModelFile(const std::string& path) {
    auto bytes = readFileBytes(path);
    if (!bytes) return Error{bytes.error()};
    return parseModelFile(path, bytes.value());
}

Result<ModelFileContents> parseModelFile(const std::string& path, const std::string& bytes) {
    if (!hasModelMagic(bytes)) {
        return Error{path + ": not a Latent Studio model or TorchScript archive (unrecognised header)"};
    }
    const std::uint64_t fileSize = bytes.size();
    if (fileSize < kModelPreambleSize) {
        return Error{path + ": truncated file (" + humanSize(fileSize) + ", shorter than the 16-byte preamble)"};
    }
    const std::uint32_t version = getU32(bytes, 8);
    if (version == 0) return corrupt(path, "format version 0");
    if (version > kModelFileVersion) {
        return Error{path + ": model file version " + std::to_string(version) +
                     " is newer than this Latent Studio supports (" + std::to_string(kModelFileVersion) +
                     "); update Latent Studio"};
    }
    const std::uint64_t headerSize = getU32(bytes, 12);
    if (headerSize > kMaxHeaderBytes) return corrupt(path, "header length " + humanSize(headerSize) + " is implausible");
    if (kModelPreambleSize + headerSize > fileSize) {
        return Error{path + ": truncated file (header says " + humanSize(kModelPreambleSize + headerSize) +
                     " or more, file has " + humanSize(fileSize) + ")"};
    }
    json header;
    try {
        header = json::parse(bytes.begin() + kModelPreambleSize,
                             bytes.begin() + static_cast<std::ptrdiff_t>(kModelPreambleSize + headerSize));
    } catch (const json::exception& e) {
        return corrupt(path, std::string("header is not valid JSON: ") + e.what());
    }
    ModelFileContents out;
    out.fileSize = fileSize;
    try {
        if (!header.is_object()) return corrupt(path, "header is not a JSON object");
        for (const char* key : {"metadata", "tensors", "payload_size", "payload_checksum"}) {
            if (!header.contains(key)) return corrupt(path, std::string("header has no \"") + key + "\"");
        }
        if (!header["metadata"].is_object()) return corrupt(path, "\"metadata\" is not an object");
        if (!header["tensors"].is_array()) return corrupt(path, "\"tensors\" is not a list");
        const auto payloadSize = header["payload_size"].get<std::uint64_t>();
        const std::uint64_t payloadStart = kModelPreambleSize + headerSize;
        const std::uint64_t expected = payloadStart + payloadSize;
        if (expected > fileSize) {
            return Error{path + ": truncated file (header says " + humanSize(expected) + ", file has " +
                         humanSize(fileSize) + ")"};
        }
        if (expected < fileSize) {
            return corrupt(path, std::to_string(fileSize - expected) + " unexpected bytes after the payload");
        }
        const char* payload = bytes.data() + payloadStart;
        const std::string checksum = "fnv1a64:" + fnv1a64Hex(payload, static_cast<std::size_t>(payloadSize));
        if (header["payload_checksum"].get<std::string>() != checksum) {
            return Error{path + ": checksum mismatch, the file is corrupt (payload has " + checksum +
                         ", header says " + header["payload_checksum"].get<std::string>() + ")"};
        }
        std::set<std::string> names;
        for (const json& entry : header["tensors"]) {
            const auto name = entry.at("name").get<std::string>();
            if (!names.insert(name).second) return corrupt(path, "duplicate tensor '" + name + "'");
            const auto dtype = entry.at("dtype").get<std::string>();
            torch::ScalarType type;
            if (dtype == "float32") {
                type = torch::kFloat32;
            } else if (dtype == "int64") {
                type = torch::kInt64;
            } else {
                return corrupt(path, "tensor '" + name + "' has unsupported dtype '" + dtype + "'");
            }
            const auto shape = entry.at("shape").get<std::vector<std::int64_t>>();
            std::uint64_t numel = 1;
            for (std::int64_t d : shape) {
                if (d < 0 || d > (std::int64_t{1} << 40)) {
                    return corrupt(path, "tensor '" + name + "' has invalid shape " + shapeText(shape));
                }
                numel *= static_cast<std::uint64_t>(d);
                if (numel > payloadSize) break;  // will fail the size check below; avoids overflow
            }
            const auto offset = entry.at("offset").get<std::uint64_t>();
            const auto size = entry.at("bytes").get<std::uint64_t>();
            const std::uint64_t elementSize = type == torch::kFloat32 ? 4 : 8;
            if (numel > payloadSize || size != numel * elementSize) {
                return corrupt(path, "tensor '" + name + "' is " + std::to_string(size) +
                                         " bytes, its shape " + shapeText(shape) + " needs " +
                                         std::to_string(numel * elementSize));
            }
            if (offset > payloadSize || size > payloadSize - offset) {
                return corrupt(path, "tensor '" + name + "' lies outside the payload");
            }
            auto tensor = torch::empty(shape, torch::TensorOptions().dtype(type));
            if (size) std::memcpy(tensor.data_ptr(), payload + offset, static_cast<std::size_t>(size));
            out.tensors.emplace_back(name, std::move(tensor));
        }
    } catch (const json::exception& e) {
        return corrupt(path, std::string("malformed header: ") + e.what());
    } catch (const std::exception& e) {
        return corrupt(path, e.what());
    }
    out.metadata = header["metadata"];
    out.contentHash = fnv1a64Hex(bytes.data(), bytes.size());
    return out;
}

}  // namespace latent::model
