#include "core/edit/editforward.h"

#include <algorithm>

#include "core/edit/apply.h"
#include "core/edit/linalg.h"
#include "core/model/generator.h"
#include "core/model/probe.h"

namespace latent::edit {
namespace {

torch::Tensor fromLatent(const latent::Latent& v) {
    return torch::from_blob(const_cast<float*>(v.data()), {static_cast<int64_t>(v.size())},
                            torch::kFloat32)
        .clone();
}

Result<torch::Tensor> morphed(const model::Generator& g, const torch::Tensor& z, const Edit& morph,
                              float truncation) {
    const model::ModelInfo& info = g.info();
    const torch::Tensor table = g.classEmbeddings();
    if (!table.defined()) {
        return Error{info.name +
                     " cannot morph between classes: its class embedding is not reachable"};
    }
    const Direction& d = morph.direction;
    const float t = std::clamp(morph.amount, 0.0f, 1.0f);
    // torch::lerp is exact at both ends, so amounts 0 and 1 give classes `from` and `to` exactly.
    const torch::Tensor e = torch::lerp(table[d.classFrom], table[d.classTo], t);
    return g.generateWithEmbedding(z, e.unsqueeze(0).expand({z.size(0), e.size(0)}).contiguous(),
                                   truncation);
}

// w as the model's synthesis takes it: N x numWs x wSize, or N x wSize for single-w models.
torch::Tensor shapedW(const torch::Tensor& flat, const model::ModelInfo& info, int64_t n) {
    const torch::Tensor one =
        info.numWs > 1 ? flat.view({1, info.numWs, info.wSize}) : flat.view({1, info.wSize});
    return one.expand(info.numWs > 1 ? std::vector<int64_t>{n, info.numWs, info.wSize}
                                     : std::vector<int64_t>{n, info.wSize});
}

// The W and W+ offsets summed into one (numWs x wSize or wSize) tensor.
torch::Tensor wOffset(const std::vector<Edit>& edits, const model::ModelInfo& info) {
    const int layers = std::max(1, info.numWs);
    std::vector<double> sum;
    for (const Edit& e : edits) {
        const Direction& d = e.direction;
        if (d.space == Space::Z || isClassMorph(d) || e.amount == 0.0f) continue;
        if (sum.empty()) sum.assign(static_cast<std::size_t>(layers) * static_cast<std::size_t>(info.wSize), 0.0);
        const LayerRange r = d.space == Space::W ? LayerRange{0, layers - 1}
                                                 : resolveLayers(d.firstLayer, d.lastLayer, layers);
        const double step = static_cast<double>(e.amount) * static_cast<double>(d.sigma);
        for (int layer = r.first; layer <= r.last; ++layer) {
            double* row = sum.data() + static_cast<std::size_t>(layer * info.wSize);
            for (int i = 0; i < info.wSize; ++i) row[i] += step * static_cast<double>(d.vector[i]);
        }
    }
    if (sum.empty()) return {};
    latent::Latent flat(sum.begin(), sum.end());
    return info.numWs > 1 ? fromLatent(flat).view({info.numWs, info.wSize}) : fromLatent(flat);
}

}  // namespace

Result<torch::Tensor> generateEdited(const model::Generator& g, const torch::Tensor& z,
                                     const torch::Tensor& classes, float truncation,
                                     const std::vector<Edit>& edits, const StyleMix& mix,
                                     const latent::Latent& wPlus, int previewSize) {
    const model::ModelInfo& info = g.info();
    for (const Edit& e : edits) {
        if (isClassMorph(e.direction)) return morphed(g, z, e, truncation);
    }
    const int64_t n = z.size(0);
    const torch::Tensor wAvg = g.wAvg();
    if (truncation != 1.0f && !wAvg.defined()) {
        return Error{info.name + " has no mean w to truncate toward; set truncation to 1"};
    }
    torch::Tensor w = wPlus.empty() ? g.mapping(z, classes).to(torch::kFloat32)
                                    : shapedW(fromLatent(wPlus), info, n).to(g.device());
    w = detail::truncateW(w, wAvg, truncation);
    if (!mix.z.empty()) {
        torch::Tensor mixClasses = classes;
        if (mix.classIndex >= 0) mixClasses = torch::full({n}, mix.classIndex, torch::kInt64);
        const torch::Tensor z2 = fromLatent(mix.z).unsqueeze(0).expand({n, info.latentSize});
        const torch::Tensor w2 =
            detail::truncateW(g.mapping(z2, mixClasses).to(torch::kFloat32), wAvg, truncation);
        const LayerRange r = resolveLayers(mix.firstLayer, mix.lastLayer, info.numWs);
        w = w.clone();
        w.narrow(1, r.first, r.last - r.first + 1)
            .copy_(w2.narrow(1, r.first, r.last - r.first + 1));
    }
    if (const torch::Tensor offset = wOffset(edits, info); offset.defined()) {
        w = w + offset.to(w.device());
    }
    if (previewSize > 0) {
        namespace F = torch::nn::functional;
        const torch::Tensor small = g.preview(w, previewSize).to(torch::kFloat32);
        return model::finishOutput(F::interpolate(
            small, F::InterpolateFuncOptions()
                       .size(std::vector<int64_t>{info.resolution, info.resolution})
                       .mode(torch::kBilinear)
                       .align_corners(false)));
    }
    return model::finishOutput(g.synthesis(w));
}

}  // namespace latent::edit
