#include "core/render/framerequest.h"

#include "core/latent/latent.h"

namespace latent::render {

std::vector<edit::Edit> frameEdits(const std::vector<edit::Direction>& directions,
                                   const edit::ExplorerFrame& frame) {
    std::vector<edit::Edit> edits;
    for (const edit::Direction& direction : directions) {
        for (const edit::DirectionAmount& a : frame.amounts) {
            if (a.name == direction.name) {
                if (a.amount != 0.0f) edits.push_back({direction, a.amount});
                break;
            }
        }
    }
    if (!frame.classMorph.method.empty() && frame.classMorphAmount != 0.0f) {
        edits.push_back({frame.classMorph, frame.classMorphAmount});
    }
    return edits;
}

RenderRequest seedsRequest(const model::LoadedModel& model,
                           const std::vector<edit::Direction>& directions,
                           const edit::ExplorerFrame& frame, const std::vector<std::uint64_t>& seeds) {
    const model::ModelInfo& info = model.info;
    RenderRequest request;
    request.generator = model.generator;
    request.truncation = frame.truncation;
    for (std::uint64_t seed : seeds) {
        request.latents.push_back(latent::sampleLatent(seed, info.latentSize));
        if (info.conditional()) request.classes.push_back(frame.classIndex);
    }
    request.edits = frameEdits(directions, frame);
    if (info.styleBased() && frame.mix.enabled) {
        request.mix.z = latent::sampleLatent(frame.mix.seed, info.latentSize);
        request.mix.firstLayer = frame.mix.firstLayer;
        request.mix.lastLayer = frame.mix.lastLayer;
    }
    return request;
}

RenderRequest frameRequest(const model::LoadedModel& model,
                           const std::vector<edit::Direction>& directions,
                           const edit::ExplorerFrame& frame) {
    RenderRequest request = seedsRequest(model, directions, frame, {});
    request.latents = {frame.z};
    if (model.info.conditional()) request.classes = {frame.classIndex};
    if (model.info.styleBased()) request.wPlus = frame.wPlus;
    return request;
}

}  // namespace latent::render
