#include "core/train/metrics.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/util/atomicfile.h"

namespace latent::train {

std::string metricsCsvHeader() {
    return "step,epoch,images_seen,g_loss,d_loss,d_real,d_fake,g_grad_norm,d_grad_norm,images_per_"
           "sec,"
           "wall_time_s";
}

std::string metricsCsvLine(const MetricsRow& r) {
    char line[512];
    std::snprintf(line, sizeof line,
                  "%" PRId64 ",%" PRId64 ",%" PRId64 ",%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.1f,%.3f",
                  r.step, r.epoch, r.imagesSeen, r.gLoss, r.dLoss, r.dReal, r.dFake, r.gGradNorm,
                  r.dGradNorm, r.imagesPerSec, r.wallTimeS);
    return line;
}

Status appendMetrics(const std::string& path, const MetricsRow& row) {
    std::ifstream probe(path, std::ios::binary | std::ios::ate);
    const bool fresh = !probe || probe.tellg() <= 0;
    std::ofstream out(path, std::ios::app);
    if (fresh) out << metricsCsvHeader() << "\n";
    out << metricsCsvLine(row) << "\n";
    out.flush();
    if (!out) return Error{path + ": cannot write (" + util::errnoMessage(errno) + ")"};
    return success();
}

Status truncateMetrics(const std::string& path, std::int64_t maxStep) {
    std::ifstream in(path);
    if (!in) return success();
    std::ostringstream kept;
    kept << metricsCsvHeader() << "\n";
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (!line.empty() && std::strtoll(line.c_str(), nullptr, 10) <= maxStep)
            kept << line << "\n";
    }
    in.close();
    util::AtomicFile file(path);
    std::ofstream out(file.tempPath(), std::ios::binary);
    out << kept.str();
    out.close();
    std::string error;
    if (!out || !file.commit(&error)) return Error{path + ": cannot rewrite (" + error + ")"};
    return success();
}

}  // namespace latent::train
