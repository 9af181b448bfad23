#include "core/export/grid.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/export/font.h"
#include "core/export/outputpath.h"
#include "core/export/recipe.h"
#include "core/image/png.h"
#include "core/render/renderer.h"
#include "core/util/atomicfile.h"

namespace latent::export_ {
namespace {

// One caption line: the full text, and a shorter one for narrow cells ("seed 12" / "12").
struct Line {
    std::string full;
    std::string brief;
};

struct Cell {
    std::uint64_t seed;
    int classIndex;
    float psi;
    Line top;
    Line bottom;
};

std::string psiText(float psi) {
    char text[16];
    std::snprintf(text, sizeof text, "%.2f", static_cast<double>(psi));
    return text;
}

Line seedLine(std::uint64_t seed) { return {"seed " + std::to_string(seed), std::to_string(seed)}; }

// "Sneaker psi 0.70", or just what fits: the class, else psi.
Line settingsLine(const std::string& className, float psi) {
    const std::string p = psiText(psi);
    if (className.empty()) return {"psi " + p, p};
    return {className + " psi " + p, className};
}

std::string className(const GridSpec& s, int c) {
    if (c < 0 || c >= s.info.numClasses()) return {};
    return s.info.classNames[static_cast<std::size_t>(c)];
}

// Cells in reading order, plus the natural column count of the layout.
std::vector<Cell> cellsOf(const GridSpec& s, int* naturalCols) {
    std::vector<Cell> cells;
    if (s.lastSeed < s.firstSeed) return cells;
    const int seeds =
        static_cast<int>(std::min<std::uint64_t>(s.lastSeed - s.firstSeed + 1, 1u << 16));
    if (s.mode == GridMode::Seeds) {
        for (int i = 0; i < seeds; ++i) {
            const std::uint64_t seed = s.firstSeed + static_cast<std::uint64_t>(i);
            cells.push_back({seed, s.classIndex, s.truncation, seedLine(seed),
                             settingsLine(className(s, s.classIndex), s.truncation)});
        }
        *naturalCols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(seeds))));
    } else if (s.mode == GridMode::TruncationSweep) {
        const int steps = std::max(1, s.psiSteps);
        for (int i = 0; i < seeds; ++i) {
            for (int k = 0; k < steps; ++k) {
                const float psi = steps == 1 ? s.psiFrom
                                             : s.psiFrom + (s.psiTo - s.psiFrom) *
                                                               static_cast<float>(k) / (steps - 1);
                const std::uint64_t seed = s.firstSeed + static_cast<std::uint64_t>(i);
                // The sweep's point is psi: it stays whole when the class does not fit.
                const std::string cls = className(s, s.classIndex);
                cells.push_back({seed, s.classIndex, psi, seedLine(seed),
                                 {(cls.empty() ? "" : cls + " ") + "psi " + psiText(psi),
                                  psiText(psi)}});
            }
        }
        *naturalCols = steps;
    } else {
        for (int c = 0; c < s.info.numClasses(); ++c) {
            for (int i = 0; i < seeds; ++i) {
                const std::uint64_t seed = s.firstSeed + static_cast<std::uint64_t>(i);
                const std::string cls = className(s, c);
                const Line seedAndPsi{"seed " + std::to_string(seed) + " psi " +
                                          psiText(s.truncation),
                                      std::to_string(seed)};
                cells.push_back({seed, c, s.truncation, {cls, cls}, seedAndPsi});
            }
        }
        *naturalCols = seeds;
    }
    return cells;
}

// The full line if it fits `width`, else the brief one, else as much of the brief one as fits.
std::string fitted(const Line& line, int width, int scale) {
    if (textWidth(line.full, scale) <= width) return line.full;
    std::string text = line.brief;
    while (!text.empty() && textWidth(text, scale) > width) text.pop_back();
    return text;
}

// The tile with a two-line caption strip under it, its text scaled with the tile.
image::ImageRGB8 withCaption(const image::ImageRGB8& tile, const Cell& cell) {
    const int scale = captionScale(tile.width);
    const int strip = captionHeight(tile.width);
    image::ImageRGB8 out(tile.width, tile.height + strip);
    std::copy(tile.pixels.begin(), tile.pixels.end(), out.pixels.begin());
    int y = tile.height + 2 * scale;
    for (const Line* line : {&cell.top, &cell.bottom}) {
        const std::string text = fitted(*line, tile.width - 2, scale);
        drawText(out, (tile.width - textWidth(text, scale)) / 2, y, text, scale);
        y += (kGlyphHeight + 2) * scale;
    }
    return out;
}

}  // namespace

int captionScale(int tileWidth) { return std::max(1, (tileWidth + 32) / 64); }

int captionHeight(int tileWidth) {
    return (2 * (kGlyphHeight + 2) + 2) * captionScale(tileWidth);
}

int gridCellCount(const GridSpec& spec) {
    int cols = 0;
    return static_cast<int>(cellsOf(spec, &cols).size());
}

Result<image::ImageRGB8> renderGrid(const GridSpec& spec, const ExportControl& control) {
    if (!spec.generator) return Error{"no model"};
    if (!validUpscale(spec.upscale)) return Error{"upscale must be 1, 2, 4 or 8"};
    if (spec.mode == GridMode::ClassesBySeeds && !spec.info.conditional())
        return Error{spec.info.name + " is not class-conditional: no classes to lay out"};
    if (spec.mode != GridMode::ClassesBySeeds && spec.info.conditional() && spec.classIndex < 0)
        return Error{spec.info.name + " needs a class"};
    int naturalCols = 1;
    const std::vector<Cell> cells = cellsOf(spec, &naturalCols);
    if (cells.empty()) return Error{"the seed range is empty"};
    if (cells.size() > 4096) return Error{"a grid holds at most 4096 images"};

    constexpr std::size_t kBatch = 32;
    std::vector<image::ImageRGB8> tiles;
    for (std::size_t start = 0; start < cells.size();) {
        if (control.cancelled()) return Error{"cancelled"};
        // One request per run of cells sharing a psi (a request has one truncation).
        render::RenderRequest request;
        request.generator = spec.generator;
        request.truncation = cells[start].psi;
        std::size_t end = start;
        while (end < cells.size() && end - start < kBatch && cells[end].psi == cells[start].psi) {
            request.latents.push_back(latent::sampleLatent(cells[end].seed, spec.info.latentSize));
            if (cells[end].classIndex >= 0) request.classes.push_back(cells[end].classIndex);
            ++end;
        }
        render::RenderResult result = render::render(request);
        if (!result.ok()) return Error{result.error};
        for (std::size_t i = 0; i < result.images.size(); ++i) {
            image::ImageRGB8 tile = image::upscale(result.images[i], spec.upscale, spec.smooth);
            tiles.push_back(spec.labels ? withCaption(tile, cells[start + i]) : std::move(tile));
        }
        start = end;
        if (control.progress)
            control.progress(static_cast<int>(start), static_cast<int>(cells.size()));
    }
    const int cols = spec.cols > 0 ? spec.cols : naturalCols;
    return image::makeGrid(tiles, std::min<int>(cols, static_cast<int>(tiles.size())));
}

std::string gridToJson(const GridSpec& s) {
    static const char* kModes[] = {"seeds", "truncation-sweep", "classes-by-seeds"};
    nlohmann::json j{{"version", 1},
                     {"model", s.info.name},
                     {"model_hash", s.info.contentHash},
                     {"mode", kModes[static_cast<int>(s.mode)]},
                     {"first_seed", s.firstSeed},
                     {"last_seed", s.lastSeed},
                     {"class", s.classIndex},
                     {"truncation", s.truncation},
                     {"cols", s.cols},
                     {"labels", s.labels},
                     {"upscale", {{"factor", s.upscale}, {"smooth", s.smooth}}}};
    if (s.mode == GridMode::TruncationSweep)
        j["sweep"] = {{"from", s.psiFrom}, {"to", s.psiTo}, {"steps", s.psiSteps}};
    return j.dump();
}

ExportResult exportGrid(const GridSpec& spec, const std::string& path, bool force,
                        const ExportControl& control) {
    const auto started = std::chrono::steady_clock::now();
    ExportResult r;
    r.path = path;
    if (Status problem = util::checkOutputFile(path); !problem) {
        r.status = ExportStatus::Failed;
        r.message = problem.error();
        return r;
    }
    if (!force && outputExists(path)) {
        r.status = ExportStatus::Exists;
        r.message = path + " already exists (not overwritten)";
        return r;
    }
    auto grid = renderGrid(spec, control);
    if (!grid) {
        r.status = control.cancelled() ? ExportStatus::Cancelled : ExportStatus::Failed;
        r.message = grid.error();
        return r;
    }
    Status saved = image::writePng(path, *grid,
                                   {{"Software", std::string("Latent Studio ") + LATENT_VERSION},
                                    {"latent-studio:grid", gridToJson(spec)}});
    if (!saved) {
        r.message = saved.error();
        return r;
    }
    r.status = ExportStatus::Done;
    r.items = gridCellCount(spec);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

}  // namespace latent::export_
