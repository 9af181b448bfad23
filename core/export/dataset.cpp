#include "core/export/dataset.h"

#include <chrono>
#include <cstdio>

#include "core/export/outputpath.h"
#include "core/export/recipe.h"
#include "core/image/png.h"
#include "core/render/renderer.h"
#include "core/util/atomicfile.h"

namespace latent::export_ {

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

ExportResult exportDataset(const DatasetSpec& spec, const ExportControl& control) {
    const auto started = std::chrono::steady_clock::now();
    ExportResult r;
    r.path = withoutTrailingSlash(spec.folder);
    auto fail = [&](ExportStatus status, std::string message) {
        r.status = status;
        r.message = std::move(message);
        return r;
    };
    if (!spec.generator) return fail(ExportStatus::Failed, "no model");
    if (spec.perClass < 1) return fail(ExportStatus::Failed, "at least one image per class");
    if (!validUpscale(spec.upscale))
        return fail(ExportStatus::Failed, "upscale must be 1, 2, 4 or 8");
    if (Status problem = util::checkOutputFolder(r.path); !problem)
        return fail(ExportStatus::Failed, problem.error());
    if (!spec.force && outputExists(r.path))
        return fail(ExportStatus::Exists, r.path + " already exists (not overwritten)");
    if (Status problem = checkFolderExport(r.path); !problem)
        return fail(ExportStatus::Failed, problem.error());

    AtomicDir dir(r.path);
    if (Status s = dir.create(); !s) return fail(ExportStatus::Failed, s.error());
    std::string csv = "filename,class_index,class_name,seed\n";

    const int classes = spec.info.conditional() ? spec.info.numClasses() : 1;
    const int total = classes * spec.perClass;
    const int batch = std::max(1, spec.batch);
    for (int start = 0; start < total; start += batch) {
        if (control.cancelled()) return fail(ExportStatus::Cancelled, "cancelled");
        render::RenderRequest request;
        request.generator = spec.generator;
        request.truncation = spec.truncation;
        const int end = std::min(total, start + batch);
        for (int k = start; k < end; ++k) {
            request.latents.push_back(latent::sampleLatent(
                spec.firstSeed + static_cast<std::uint64_t>(k), spec.info.latentSize));
            if (spec.info.conditional()) request.classes.push_back(k / spec.perClass);
        }
        render::RenderResult rendered = render::render(request);
        if (!rendered.ok()) return fail(ExportStatus::Failed, rendered.error);
        for (int k = start; k < end; ++k) {
            if (control.cancelled()) return fail(ExportStatus::Cancelled, "cancelled");
            const int cls = spec.info.conditional() ? k / spec.perClass : -1;
            const std::uint64_t seed = spec.firstSeed + static_cast<std::uint64_t>(k);
            Recipe recipe =
                makeRecipe(spec.info, seed, request.latents[static_cast<std::size_t>(k - start)],
                           cls, spec.truncation);
            recipe.upscale = spec.upscale;
            recipe.smooth = spec.smooth;
            char name[32];
            std::snprintf(name, sizeof name, "%06d.png", k);
            const image::ImageRGB8 img = image::upscale(
                rendered.images[static_cast<std::size_t>(k - start)], spec.upscale, spec.smooth);
            if (Status s = saveImage(dir.tempPath() + "/" + name, img, recipe, true); !s)
                return fail(ExportStatus::Failed, s.error());
            const std::string className =
                cls >= 0 ? spec.info.classNames[static_cast<std::size_t>(cls)] : std::string();
            csv += std::string(name) + ',' + std::to_string(cls) + ',' + csvField(className) +
                   ',' + std::to_string(seed) + '\n';
            r.items = k + 1;
            if (control.progress) control.progress(k + 1, total);
        }
    }
    if (Status s = util::writeFileAtomically(dir.tempPath() + "/labels.csv", csv); !s)
        return fail(ExportStatus::Failed, s.error());
    if (Status s = dir.commit(spec.force); !s) return fail(ExportStatus::Failed, s.error());
    r.status = ExportStatus::Done;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

}  // namespace latent::export_
