#pragma once

#include <iosfwd>

#include "app/cli/args.h"
#include "core/model/loader.h"

namespace latent::cli {

// `latent eval` on a face model (3 channels): sample quality in the face regressor's feature space
// and, with --directions, what each direction changes (app/cli/evalfaces.cpp).
int evalFaceModel(const Args& args, const model::LoadedModel& loaded, std::ostream& out,
                  std::ostream& err);

}  // namespace latent::cli
