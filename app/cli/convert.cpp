// `latent convert PKL [OUT.pt]`: an NVIDIA StyleGAN2-ADA / StyleGAN3 pickle to a TorchScript
// archive. Latent Studio never unpickles (that runs whatever code the pickle names): the Python
// converter (tools/export_torchscript.py --stylegan) does, in its own process, and the archive it
// writes is then opened like any model.
#include <filesystem>
#include <ostream>

#include "app/cli/cli.h"
#include "app/cli/common.h"
#include "core/model/loader.h"
#include "core/runtime/process.h"
#include "core/runtime/tools.h"

namespace latent::cli {
namespace {

constexpr const char* kConvertUsage =
    "latent convert PKL [OUT.pt] [--stylegan-repo DIR] [--name N] [--class-names a,b,c] "
    "[--sefa-weight P] [--force]";

// The last non-empty line of a program's stderr: the converter's "export failed: …", or the final
// line of a Python traceback.
std::string lastLine(const std::string& text) {
    std::size_t end = text.find_last_not_of("\r\n \t");
    if (end == std::string::npos) return "";
    const std::size_t start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// "Name" (stylegan2, 3 x 32 px, z 512, w 512 x 8 style layers, trained w_avg, 3 classes)
std::string summary(const model::ModelInfo& info) {
    std::string text = "\"" + info.name + "\" (" + info.architecture + ", " +
                       std::to_string(info.channels) + " x " + std::to_string(info.resolution) +
                       " px, z " + std::to_string(info.latentSize);
    if (info.styleBased()) {
        text += ", w " + std::to_string(info.wSize) + " x " + std::to_string(info.numWs) +
                (info.numWs == 1 ? " style layer" : " style layers") +
                (info.wAvgSource == model::WAvgSource::Trained ? ", trained w_avg"
                                                               : ", w_avg " + wAvgText(info));
    }
    text += info.conditional() ? ", " + std::to_string(info.numClasses()) + " classes"
                               : std::string(", unconditional");
    return text + ")";
}

}  // namespace

int commandConvert(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
    namespace fs = std::filesystem;
    Args args(argv, {"stylegan-repo", "name", "class-names", "sefa-weight"}, {"force"});
    const std::size_t given = args.positionals().size();
    args.expectPositionals(given >= 2 ? 2 : 1, kConvertUsage);
    const std::string pickle = args.positional(0, "PKL");
    const std::string outPath =
        given == 2 ? args.positional(1, "OUT.pt") : runtime::convertedModelPath(pickle);
    std::error_code ec;
    if (!fs::is_regular_file(pickle, ec)) throw CommandFailure{pickle + ": file not found"};
    if (fs::equivalent(pickle, outPath, ec))
        throw UsageError{"OUT.pt is the pickle itself; name another output file"};
    checkNewOutputFile(outPath, args.flag("force"));

    const std::string python = runtime::pythonInterpreter();
    if (python.empty())
        throw CommandFailure{
            "python3 not found: converting a pickle runs "
            "tools/export_torchscript.py, which needs Python 3 with PyTorch"};
    const std::string tools = runtime::toolsDirectory();
    if (tools.empty())
        throw CommandFailure{
            "cannot find the converter tools/export_torchscript.py (looked in "
            "../share/latent-studio/tools beside latent and in the source tree)"};

    // --option=value and "--" before OUT: paths that start with '-' stay paths.
    std::vector<std::string> command{python, tools + "/export_torchscript.py",
                                     "--stylegan=" + pickle};
    for (const char* option : {"stylegan-repo", "name", "class-names", "sefa-weight"}) {
        if (args.has(option))
            command.push_back(std::string("--") + option + "=" + args.text(option));
    }
    command.push_back("--");
    command.push_back(outPath);
    std::string
        messages;  // the converter's stderr: passed on when it succeeds, its last line if not
    auto status = runtime::runProcess(
        command, [&out](const std::string& chunk) { out << chunk << std::flush; },
        [&messages](const std::string& chunk) { messages += chunk; });
    if (!status) throw CommandFailure{status.error()};
    if (*status != 0) {
        const std::string why = lastLine(messages);
        if (why.rfind("export failed: ", 0) == 0) throw CommandFailure{why};
        throw CommandFailure{"the converter failed: " +
                             (why.empty() ? "exit status " + std::to_string(*status) : why)};
    }
    err << messages;

    auto loaded = model::loadModel(outPath);
    if (!loaded) throw CommandFailure{loaded.error()};
    out << "opened " << outPath << ": " << summary(loaded->info) << "\n";
    return 0;
}

}  // namespace latent::cli
