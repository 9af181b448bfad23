// Fuzz target: what is checked of a TorchScript archive before any of it runs or is unpacked
// (checkZip on the zip directory, then checkLoadTimeCode, which reads records through
// LibTorch's PyTorchStreamReader), and meta.json's text.
//
// Inputs that start with "PK" are archives; anything else is meta.json text. meta.json is read by
// infoFromMeta, which torchscriptmodel.cpp keeps private and only reaches after torch::jit::load:
// this target runs util::parseJson and the same field reads on the parsed value (the checked
// util::json readers and nlohmann's typed getters), mirroring infoFromMeta. When infoFromMeta is
// exposed, call it here instead.

#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/model/archivecheck.h"
#include "core/util/json.h"
#include "tests/fuzz/fuzzinput.h"

namespace {

using namespace ::latent;
using nlohmann::json;

void checkArchive(const std::string& bytes) {
    Status zip = model::checkZip(bytes);
    if (!zip) return;
    // loadTorchScriptBytes turns an exception from the stream reader into "not a TorchScript
    // module": catch exactly what it catches (std::exception); anything else escapes as a finding.
    try {
        (void)model::checkLoadTimeCode(bytes);
    } catch (const std::exception&) {
    }
}

// infoFromMeta's reads (core/model/torchscriptmodel.cpp, as of 3f707b0), against the parsed value,
// then the preview and SeFa fields the loader and the SeFa code read from the kept metadata.
void readMeta(const std::string& text) {
    auto parsed = util::parseJson(text);
    if (!parsed) return;
    const json meta = std::move(parsed).value();
    if (!meta.is_object()) return;
    try {
        for (const char* key : {"latent_size", "resolution", "channels"})
            if (!meta.contains(key)) return;
        if (!meta.contains("name") || !meta["name"].is_string()) return;
        (void)meta["name"].get<std::string>();
        (void)util::jsonInt(meta["latent_size"], "latent_size", 1, 1 << 16);
        (void)util::jsonInt(meta["resolution"], "resolution", 1, 1 << 14);
        (void)util::jsonInt(meta["channels"], "channels", 1, 3);
        if (meta.contains("class_names")) {
            const json& names = meta["class_names"];
            if (!names.is_array() || names.size() > 100000) return;
            (void)names.get<std::vector<std::string>>();
        }
        (void)util::jsonInt(meta, "w_size", 0, 0, 1 << 16);
        (void)util::jsonInt(meta, "num_ws", 0, 0, 1 << 12);
        (void)util::jsonString(meta, "architecture", "torchscript");
        if (meta.contains("sefa_weight") && meta["sefa_weight"].is_string())
            (void)meta["sefa_weight"].get<std::string>();
        if (meta.contains("preview_resolutions") && meta["preview_resolutions"].is_array()) {
            for (const json& r : meta["preview_resolutions"]) (void)util::jsonInt(r, "preview", 1, 1 << 16);
            (void)util::jsonFloats(meta.value("preview_costs", json::array()), "preview_costs", 64);
        }
    } catch (const util::JsonFieldError&) {
    } catch (const json::exception&) {
    }
    // The loader keeps meta.dump() as the model's metadata and parses it again later.
    const std::string dumped = meta.dump();
    fuzz::require(util::parseJson(dumped).ok(), "meta.json's dump parses again");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes = ::latent::fuzz::bytesOf(data, size);
    if (bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
        checkArchive(bytes);
    } else {
        readMeta(bytes);
    }
    return 0;
}
