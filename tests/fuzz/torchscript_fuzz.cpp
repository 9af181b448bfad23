// Fuzz target: what is checked of a TorchScript archive before any of it runs or is unpacked
// (zipProblem on the zip directory, then loadTimeCodeProblem, which reads records through
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
    const std::string zip = model::zipProblem(bytes);
    if (!zip.empty()) return;
    // loadTorchScriptBytes turns an exception from the stream reader into "not a TorchScript
    // module": catch exactly what it catches (std::exception); anything else escapes as a finding.
    try {
        (void)model::loadTimeCodeProblem(bytes);
    } catch (const std::exception&) {
    }
}

// infoFromMeta's reads (core/model/torchscriptmodel.cpp), against the parsed value.
void readMeta(const std::string& text) {
    auto parsed = util::parseJson(text);
    if (!parsed) return;
    const json meta = std::move(parsed).value();
    if (!meta.is_object()) return;
    try {
        for (const char* key : {"latent_size", "resolution", "channels"}) {
            if (!meta.contains(key)) return;
            if (!meta[key].is_number_integer() || meta[key].get<int>() <= 0) return;
        }
        if (!meta.contains("name") || !meta["name"].is_string()) return;
        (void)meta["name"].get<std::string>();
        if (meta.contains("class_names")) (void)meta["class_names"].get<std::vector<std::string>>();
        (void)meta.value("w_size", 0);
        (void)meta.value("num_ws", 0);
        (void)meta.value("architecture", std::string("torchscript"));
        (void)meta.value("sefa_weight", std::string());
        if (meta.contains("preview_resolutions") && meta["preview_resolutions"].is_array()) {
            for (const json& r : meta["preview_resolutions"]) (void)util::jsonInt(r, "preview", 1, 1 << 16);
            (void)util::jsonFloats(meta.value("preview_costs", json::array()), "preview_costs", 64);
        }
    } catch (const json::exception&) {
    } catch (const util::JsonFieldError&) {
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
