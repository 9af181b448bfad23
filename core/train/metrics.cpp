#include "core/train/metrics.h"

#include <algorithm>
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

namespace {

std::vector<std::string> splitFields(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t from = 0;
    for (;;) {
        const std::size_t comma = line.find(',', from);
        fields.push_back(line.substr(from, comma - from));
        if (comma == std::string::npos) return fields;
        from = comma + 1;
    }
}

// A row we wrote: `columns` fields, a whole step number in 0..maxStep, numbers (or nothing, for an
// unmeasured value) in every other field. A torn or garbage line after a crash is none.
bool validRow(const std::string& line, std::size_t columns, std::int64_t maxStep,
              std::int64_t* step) {
    const std::vector<std::string> fields = splitFields(line);
    if (fields.size() != columns || fields[0].empty() || fields[0].size() > 18) return false;
    for (char c : fields[0]) {
        if (c < '0' || c > '9') return false;
    }
    *step = std::strtoll(fields[0].c_str(), nullptr, 10);
    if (*step > maxStep) return false;
    for (std::size_t i = 1; i < fields.size(); ++i) {
        if (fields[i].empty()) continue;
        char* end = nullptr;
        std::strtod(fields[i].c_str(), &end);
        if (end != fields[i].c_str() + fields[i].size()) return false;
    }
    return true;
}

}  // namespace

Status truncateMetrics(const std::string& path, std::int64_t maxStep) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return success();
    std::string header;
    std::getline(in, header);
    // An older version's header (fewer columns) stays with its rows; a torn one is replaced.
    std::vector<std::string> names = splitFields(header);
    if (names.empty() || names[0] != "step" ||
        std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.empty(); })) {
        header = metricsCsvHeader();
        names = splitFields(header);
    }
    std::string kept = header + "\n";
    std::int64_t last = -1;
    std::string line;
    while (std::getline(in, line)) {
        std::int64_t step = 0;
        // Rows in step order only: a row repeated or out of order is not from one run.
        if (validRow(line, names.size(), maxStep, &step) && step > last) {
            kept += line + "\n";
            last = step;
        }
    }
    in.close();
    if (Status s = util::writeFileAtomically(path, kept); !s) return Error{s.error()};
    return success();
}

}  // namespace latent::train
