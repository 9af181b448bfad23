#include "core/train/metrics.h"

#include <cerrno>
#include <cmath>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/util/atomicfile.h"

namespace latent::train {

std::string metricsCsvHeader() {
    return "step,epoch,images_seen,g_loss,d_loss,d_real,d_fake,g_grad_norm,d_grad_norm,images_per_"
           "sec,"
           "wall_time_s,quality,class_entropy";
}

namespace {

// Unmeasured quality columns are left empty, which spreadsheets and pandas read as missing.
std::string optionalNumber(double value) {
    if (std::isnan(value)) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

}  // namespace

std::string metricsCsvLine(const MetricsRow& r) {
    char line[512];
    std::snprintf(line, sizeof line,
                  "%" PRId64 ",%" PRId64 ",%" PRId64 ",%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.1f,%.3f",
                  r.step, r.epoch, r.imagesSeen, r.gLoss, r.dLoss, r.dReal, r.dFake, r.gGradNorm,
                  r.dGradNorm, r.imagesPerSec, r.wallTimeS);
    return std::string(line) + "," + optionalNumber(r.quality) + "," +
           optionalNumber(r.classEntropy);
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

Result<std::vector<MetricsRow>> readMetrics(const std::string& path) {
    std::ifstream in(path);
    if (!in) return Error{path + ": cannot read"};
    std::string line;
    if (!std::getline(in, line)) return std::vector<MetricsRow>{};
    std::vector<std::string> names;
    {
        std::stringstream header(line);
        for (std::string name; std::getline(header, name, ',');) names.push_back(name);
    }
    std::vector<MetricsRow> rows;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        MetricsRow r;
        std::stringstream fields(line);
        std::string field;
        for (std::size_t i = 0; i < names.size() && std::getline(fields, field, ','); ++i) {
            if (field.empty()) continue;  // an unmeasured value keeps its default (NaN for quality)
            const char* s = field.c_str();
            const std::string& n = names[i];
            if (n == "step") r.step = std::strtoll(s, nullptr, 10);
            else if (n == "epoch") r.epoch = std::strtoll(s, nullptr, 10);
            else if (n == "images_seen") r.imagesSeen = std::strtoll(s, nullptr, 10);
            else if (n == "g_loss") r.gLoss = std::strtod(s, nullptr);
            else if (n == "d_loss") r.dLoss = std::strtod(s, nullptr);
            else if (n == "d_real") r.dReal = std::strtod(s, nullptr);
            else if (n == "d_fake") r.dFake = std::strtod(s, nullptr);
            else if (n == "g_grad_norm") r.gGradNorm = std::strtod(s, nullptr);
            else if (n == "d_grad_norm") r.dGradNorm = std::strtod(s, nullptr);
            else if (n == "images_per_sec") r.imagesPerSec = std::strtod(s, nullptr);
            else if (n == "wall_time_s") r.wallTimeS = std::strtod(s, nullptr);
            else if (n == "quality") r.quality = std::strtod(s, nullptr);
            else if (n == "class_entropy") r.classEntropy = std::strtod(s, nullptr);
        }
        rows.push_back(r);
    }
    return rows;
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
