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
#include "core/util/inputfile.h"

namespace latent::train {

std::string metricsCsvHeader() {
    return "step,epoch,images_seen,g_loss,d_loss,d_real,d_fake,g_grad_norm,d_grad_norm,images_per_"
           "sec,"
           "wall_time_s,quality,class_entropy,diversity,modes_covered,real_sign,augment_p";
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
           optionalNumber(r.classEntropy) + "," + optionalNumber(r.diversity) + "," +
           optionalNumber(r.modesCovered) + "," + optionalNumber(r.realSign) + "," +
           optionalNumber(r.augmentP);
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

namespace {

// A whole number (the step) or a number, with nothing after it; "" is neither.
bool wholeNumber(const std::string& field, std::int64_t* out) {
    if (field.empty()) return false;
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(field.c_str(), &end, 10);
    if (errno != 0 || end != field.c_str() + field.size()) return false;
    *out = v;
    return true;
}

bool number(const std::string& field, double* out) {
    char* end = nullptr;
    const double v = std::strtod(field.c_str(), &end);
    if (end != field.c_str() + field.size()) return false;
    *out = v;
    return true;
}

}  // namespace

std::vector<MetricsRow> parseMetrics(const std::string& text, int* skipped) {
    std::vector<MetricsRow> rows;
    int bad = 0;
    std::stringstream in(text);
    std::string line;
    auto trim = [](std::string& s) {
        while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
        std::size_t i = 0;
        while (i < s.size() && s[i] == ' ') ++i;
        s.erase(0, i);
    };
    // The header: column names in file order (the first non-empty line).
    std::vector<std::string> names;
    while (names.empty() && std::getline(in, line)) {
        trim(line);
        if (line.empty()) continue;
        std::stringstream header(line);
        for (std::string name; std::getline(header, name, ',');) {
            trim(name);
            names.push_back(name);
        }
    }
    const bool hasStep = std::find(names.begin(), names.end(), "step") != names.end();
    while (std::getline(in, line)) {
        trim(line);
        if (line.empty()) continue;
        if (!hasStep) {
            ++bad;
            continue;
        }
        std::vector<std::string> fields;
        {
            std::stringstream split(line);
            for (std::string f; std::getline(split, f, ',');) {
                trim(f);
                fields.push_back(f);
            }
            if (!line.empty() && line.back() == ',') fields.emplace_back();
        }
        // A torn line (the run is writing it now, or a crash cut it) has too few fields.
        if (fields.size() < names.size()) {
            ++bad;
            continue;
        }
        MetricsRow r;
        bool ok = true;
        for (std::size_t i = 0; i < names.size() && ok; ++i) {
            const std::string& n = names[i];
            const std::string& f = fields[i];
            std::int64_t* whole = n == "step"          ? &r.step
                                  : n == "epoch"       ? &r.epoch
                                  : n == "images_seen" ? &r.imagesSeen
                                                       : nullptr;
            if (whole) {
                // The step must be there; other counters may be empty (not recorded).
                ok = (f.empty() && n != "step") || wholeNumber(f, whole);
                continue;
            }
            double* value = n == "g_loss"           ? &r.gLoss
                            : n == "d_loss"         ? &r.dLoss
                            : n == "d_real"         ? &r.dReal
                            : n == "d_fake"         ? &r.dFake
                            : n == "g_grad_norm"    ? &r.gGradNorm
                            : n == "d_grad_norm"    ? &r.dGradNorm
                            : n == "images_per_sec" ? &r.imagesPerSec
                            : n == "wall_time_s"    ? &r.wallTimeS
                            : n == "quality"        ? &r.quality
                            : n == "class_entropy"  ? &r.classEntropy
                            : n == "diversity"      ? &r.diversity
                            : n == "modes_covered"  ? &r.modesCovered
                            : n == "real_sign"      ? &r.realSign
                            : n == "augment_p"      ? &r.augmentP
                                                    : nullptr;
            // Columns added later are not ours to judge; an empty field was not measured (the
            // row keeps MetricsRow's default: NaN for the quality columns).
            if (value && !f.empty()) ok = number(f, value);
        }
        if (!ok) {
            ++bad;
            continue;
        }
        rows.push_back(r);
    }
    if (skipped) *skipped = bad;
    return rows;
}

Result<std::vector<MetricsRow>> readMetrics(const std::string& path, int* skipped) {
    auto text = util::readInputFile(path, "a metrics file", kMaxMetricsBytes);
    if (!text) return Error{text.error()};
    return parseMetrics(*text, skipped);
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
    // An older version's columns are a prefix of ours: the file takes our header, its old rows get
    // empty fields for the new columns, and the rows this version appended after a resume (our
    // width) stay valid.
    const std::vector<std::string> current = splitFields(metricsCsvHeader());
    const std::size_t oldColumns = names.size();
    if (oldColumns < current.size() && std::equal(names.begin(), names.end(), current.begin())) {
        header = metricsCsvHeader();
        names = current;
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
        } else if (oldColumns < names.size() && validRow(line, oldColumns, maxStep, &step) &&
                   step > last) {
            kept += line + std::string(names.size() - oldColumns, ',') + "\n";
            last = step;
        }
    }
    in.close();
    if (Status s = util::writeFileAtomically(path, kept); !s) return Error{s.error()};
    return success();
}

}  // namespace latent::train
