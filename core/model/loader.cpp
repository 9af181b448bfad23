#include "core/model/loader.h"

#include <cstring>

#include "core/model/checksum.h"
#include "core/model/dcgan.h"
#include "core/model/stylegan.h"
#include "core/model/fileaccess.h"
#include "core/model/formats.h"
#include "core/model/generator.h"
#include "core/model/modelfileio.h"
#include "core/model/probe.h"
#include "core/runtime/runtime.h"
#include "core/runtime/tools.h"
#include "core/util/json.h"

namespace latent::model {

namespace {

bool isZip(const std::string& bytes) {
    return bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
}

// Python's pickle starts with the PROTO opcode 0x80 and a protocol number (2..5 today): NVIDIA's
// StyleGAN .pkl files, and torch.save() files from before its zip format.
bool isPickle(const std::string& bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x80 && bytes[1] >= 2 &&
           bytes[1] <= 5;
}

// Loading a pickle means running whatever code it names, so it is refused with the command that
// converts it once.
std::string pickleHint(const std::string& path) {
    using runtime::shellWord;
    const std::string tools = runtime::toolsDirectory();
    const std::string script =
        (tools.empty() ? std::string("tools") : tools) + "/export_torchscript.py";
    const std::string out = shellWord(runtime::convertedModelPath(path));
    return path + ": a Python pickle (such as an NVIDIA StyleGAN .pkl); Latent Studio never "
                  "unpickles files, since that can run any code. Convert it once: latent convert " +
           shellWord(path) + " " + out + " --stylegan-repo STYLEGAN_DIR (or python3 " +
           shellWord(script) + " --stylegan " + shellWord(path) + " --stylegan-repo STYLEGAN_DIR " +
           out + ")";
}

Result<LoadedModel> loadChecked(const std::string& path, const LoadOptions& options) {
    std::string deviceError;
    const std::string deviceName = runtime::resolveDevice(options.device, &deviceError);
    if (deviceName.empty()) {
        return Error{path + ": " + (deviceError.empty() ? "no usable device" : deviceError)};
    }
    const torch::Device device(deviceName);
    const int probeBatch = options.probeBatch > 0 ? options.probeBatch : 1;

    // The first bytes tell a pickle (often hundreds of MB) before the whole file is read.
    auto head = readFileBytes(path, 8);
    if (!head) return Error{head.error()};
    if (isPickle(head.value())) return Error{pickleHint(path)};
    if (hasModelMagic(head.value())) {
        // The preamble, header and tensor table are checked against the file before its payload
        // is read: a sparse 3 GB file with a bad header costs nothing.
        auto bytes = readModelFileBytes(path);
        if (!bytes) return Error{bytes.error()};
        return loadLatentModelBytes(path, bytes.value(), device, probeBatch);
    }
    auto bytes = readFileBytes(path);
    if (!bytes) return Error{bytes.error()};
    if (isZip(bytes.value())) {
        const std::string hash = fnv1a64Hex(bytes->data(), bytes->size());
        if (!options.expectedContentHash.empty() && hash != options.expectedContentHash) {
            return Error{path + ": the file changed after it was checked; open it again"};
        }
        return loadTorchScriptBytes(path, bytes.value(), hash, device, probeBatch);
    }
    return Error{path + ": not a Latent Studio model or TorchScript archive (unrecognised header)"};
}

}  // namespace

bool isPythonPickle(const std::string& path) {
    auto head = readFileBytes(path, 8);
    return head.ok() && isPickle(head.value());
}

bool runsOwnCode(const std::string& path) {
    auto head = readFileBytes(path, 4);
    return head.ok() && isZip(head.value());
}

Result<LoadedModel> loadModel(const std::string& path, const LoadOptions& options) {
    // LibTorch reports bad archives, device trouble and script errors by throwing: this is the
    // boundary where they become messages.
    try {
        return loadChecked(path, options);
    } catch (const std::bad_alloc&) {
        return Error{path + ": not enough memory to load the model"};
    } catch (const std::exception& e) {
        return Error{path + ": cannot load model: " + conciseError(e)};
    } catch (...) {
        return Error{path + ": cannot load model (unknown error)"};
    }
}

namespace {

using json = nlohmann::json;

// A training checkpoint (core/train/checkpoint.h) holds the generator's EMA weights as "ema.*"
// beside the discriminator and the optimiser state, and the generator's own metadata under
// "generator": turns it into what ema.ltm would hold, so a checkpoint opens like any model file.
Status checkpointAsModel(ModelFileContents& contents) {
    const json& m = contents.metadata;
    if (!m.contains("generator") || !m["generator"].is_object()) {
        // The run's config is kept as JSON text (train::configToJson).
        json config = m.value("config", json::object());
        if (config.is_string()) {
            auto parsed = util::parseJson(config.get<std::string>());
            config = parsed ? std::move(parsed.value()) : json::object();
        }
        if (config.is_object() && config.value("architecture", std::string()) == "mlp") {
            return Error{"a toy run's checkpoint: its generator draws 2-D points, not images "
                         "(the Training panel shows them)"};
        }
        return Error{"a training checkpoint from an older version, without its generator's "
                     "description; open the run's ema.ltm instead"};
    }
    json generator = m["generator"];
    if (m.contains("step") && m["step"].is_number_integer()) {
        generator["checkpoint_step"] = m["step"];
    }
    NamedTensors ema;
    const std::string prefix = "ema.";
    for (auto& [name, tensor] : contents.tensors) {
        if (name.rfind(prefix, 0) == 0) ema.emplace_back(name.substr(prefix.size()), tensor);
    }
    if (ema.empty()) return Error{"a training checkpoint without generator weights (ema.*)"};
    contents.metadata = std::move(generator);
    contents.tensors = std::move(ema);
    return success();
}

// A style-based model file: the tensor table checked against the metadata before the network
// is built, then a probe forward.
Result<LoadedModel> loadStyleModel(const std::string& path, const ModelFileContents& contents,
                                   const torch::Device& device, int probeBatch) {
    auto config = styleConfigFromFile(contents);
    if (!config) return Error{path + ": " + config.error()};
    StyleGenerator module(config.value());
    if (auto loaded = loadStyleTensors(*module, contents.tensors); !loaded) {
        return Error{path + ": " + loaded.error()};
    }
    ModelInfo info = styleModelInfo(config.value(), contents.metadata);
    info.path = path;
    info.contentHash = contents.contentHash;
    auto generator = makeStyleGenerator(module, info, device);
    c10::InferenceMode guard;
    const auto z = seededLatents(probeBatch, info.latentSize, 0x1a7e47);
    const auto classes = cyclingClasses(probeBatch, info.numClasses());
    // StyleGAN's synthesis is not squashed by a tanh: the probe checks the clamped image the app
    // shows (NaN stays NaN through the clamp and is refused).
    const auto out = generator->generate(z, classes, 1.0f);
    if (Status problem = checkOutput(out, probeBatch, info); !problem) {
        return Error{path + ": " + problem.error()};
    }
    return LoadedModel{generator, generator->info()};
}

}  // namespace

Result<LoadedModel> loadLatentModelBytes(const std::string& path, const std::string& bytes,
                                         const torch::Device& device, int probeBatch) {
    auto contents = parseModelFile(path, bytes);
    if (!contents) return Error{contents.error()};
    if (contents->metadata.value("kind", std::string()) == kTrainCheckpointKind) {
        if (Status usable = checkpointAsModel(contents.value()); !usable) {
            return Error{path + ": " + usable.error()};
        }
    }
    if (contents->metadata.value("architecture", std::string()) == "style") {
        return loadStyleModel(path, contents.value(), device, probeBatch);
    }
    // The tensor table is checked against the architecture before the network is built.
    auto config = dcganConfigFromFile(contents.value());
    if (!config) return Error{path + ": " + config.error()};

    DcganGenerator module(config.value());
    if (auto loaded = loadDcganTensors(*module, contents->tensors); !loaded) {
        return Error{path + ": " + loaded.error()};
    }
    ModelInfo info = dcganModelInfo(config.value(), contents->metadata);
    info.path = path;
    info.contentHash = contents->contentHash;
    auto generator = makeDcganGenerator(module, info, device);

    // Weights pass the checksum but may still be garbage (NaN from a diverged run): probe.
    c10::InferenceMode guard;
    const auto z = seededLatents(probeBatch, info.latentSize, 0x1a7e47);
    const auto classes = cyclingClasses(probeBatch, info.numClasses());
    module->eval();
    const auto out = module->forward(z, classes);
    if (Status problem = checkOutput(out, probeBatch, info); !problem) {
        return Error{path + ": " + problem.error()};
    }
    return LoadedModel{generator, generator->info()};
}

}  // namespace latent::model
