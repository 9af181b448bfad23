#include "core/model/modelfile.h"

#include "core/model/dcgan.h"
#include "core/model/probe.h"

namespace latent::model {

Status writeRandomDcgan(const std::string& path, const DcganConfig& config, std::uint64_t seed,
                        const std::string& name) {
    if (Status problem = checkDcganConfig(config); !problem) {
        return Error{path + ": invalid DCGAN config: " + problem.error()};
    }
    try {
        DcganGenerator module(config);
        module->resetParameters(seed);
        return writeDcganModel(path, *module, name);
    } catch (const std::exception& e) {
        return Error{path + ": cannot create model: " + conciseError(e)};
    }
}

}  // namespace latent::model
