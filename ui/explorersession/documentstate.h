#pragma once

#include <QString>

#include "core/edit/explorerstate.h"
#include "core/model/modelinfo.h"

namespace latent::ui {

// Helpers on the plain frames that bookmarks, drags and session files carry (the Document keeps
// one as its current frame; render::frameRequest draws one).

// Frames whose requests differ only in latent and class, so one batched request draws them all.
bool sameRenderSettings(const edit::ExplorerFrame& a, const edit::ExplorerFrame& b);

// Tooltip-sized description: "seed 42 · class Sneaker · ψ 0.70 · smile +1.50".
QString describeFrame(const edit::ExplorerFrame& frame, const model::ModelInfo& info);

}  // namespace latent::ui
