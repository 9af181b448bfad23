#include "ui/training/runfolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringList>

#include <limits>

#include "core/util/inputfile.h"
#include "core/util/json.h"

namespace latent::ui {

namespace {
// A million logged steps are ~150 MB of CSV.
constexpr std::size_t kMaxMetricsBytes = std::size_t{256} << 20;

double number(const QStringList& fields, int column, bool* ok) {
    if (column < 0 || column >= fields.size()) return std::numeric_limits<double>::quiet_NaN();
    const QString field = fields[column].trimmed();
    // Empty and "nan" are how a row says "not measured".
    if (field.isEmpty() || field.compare(QStringLiteral("nan"), Qt::CaseInsensitive) == 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    bool good = false;
    const double value = field.toDouble(&good);
    if (!good) *ok = false;
    return good ? value : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

std::vector<train::MetricsRow> parseMetricsCsv(const QString& text, int* skipped) {
    std::vector<train::MetricsRow> rows;
    int bad = 0;
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty()) return rows;
    QHash<QString, int> columns;
    const QStringList header = lines.front().trimmed().split(QLatin1Char(','));
    for (int i = 0; i < header.size(); ++i) columns.insert(header[i].trimmed(), i);
    const int stepColumn = columns.value(QStringLiteral("step"), -1);
    if (stepColumn < 0) {
        if (skipped) *skipped = static_cast<int>(lines.size());
        return rows;
    }
    auto col = [&](const char* name) { return columns.value(QLatin1String(name), -1); };
    const int epoch = col("epoch"), seen = col("images_seen"), gLoss = col("g_loss"),
              dLoss = col("d_loss"), dReal = col("d_real"), dFake = col("d_fake"),
              gNorm = col("g_grad_norm"), dNorm = col("d_grad_norm"), ips = col("images_per_sec"),
              wall = col("wall_time_s"), quality = col("quality"),
              entropy = col("class_entropy");
    rows.reserve(static_cast<std::size_t>(lines.size()));
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList f = lines[i].trimmed().split(QLatin1Char(','));
        bool ok = true;
        bool stepOk = false;
        train::MetricsRow row;
        row.step = f.value(stepColumn).trimmed().toLongLong(&stepOk);
        // A torn last line (the run is writing it now) has too few fields.
        if (!stepOk || f.size() < header.size()) {
            ++bad;
            continue;
        }
        row.epoch = static_cast<std::int64_t>(number(f, epoch, &ok));
        row.imagesSeen = static_cast<std::int64_t>(number(f, seen, &ok));
        row.gLoss = number(f, gLoss, &ok);
        row.dLoss = number(f, dLoss, &ok);
        row.dReal = number(f, dReal, &ok);
        row.dFake = number(f, dFake, &ok);
        row.gGradNorm = number(f, gNorm, &ok);
        row.dGradNorm = number(f, dNorm, &ok);
        row.imagesPerSec = number(f, ips, &ok);
        row.wallTimeS = number(f, wall, &ok);
        row.quality = number(f, quality, &ok);
        row.classEntropy = number(f, entropy, &ok);
        if (!ok) {
            ++bad;
            continue;
        }
        rows.push_back(row);
    }
    if (skipped) *skipped = bad;
    return rows;
}

QString latestSample(const QString& runDir) {
    QDir samples(runDir + QStringLiteral("/samples"));
    // step_NNNNNN.png is zero-padded: name order is step order.
    const QStringList files = samples.entryList({QStringLiteral("step_*.png")}, QDir::Files,
                                                QDir::Name);
    return files.isEmpty() ? QString() : samples.filePath(files.back());
}

RunFolder readRunFolder(const QString& dir) {
    RunFolder run;
    run.dir = dir;
    QFile config(dir + QStringLiteral("/config.json"));
    QFile metrics(dir + QStringLiteral("/metrics.csv"));
    if (!config.exists() && !metrics.exists()) {
        run.error = QObject::tr("%1 is not a training run folder (no config.json or metrics.csv).")
                        .arg(QDir::toNativeSeparators(dir));
        return run;
    }
    // Read through the input-file check: a FIFO or device named config.json must not block.
    if (config.exists()) {
        auto text = util::readInputFile(config.fileName().toStdString(), "a training config",
                                        util::kMaxJsonBytes);
        auto parsed = text ? train::configFromJson(*text) : Result<train::TrainConfig>(Error{});
        if (!text) {
            run.error = QString::fromStdString(text.error());
        } else if (parsed) {
            run.config = *parsed;
            run.config.runDir = dir.toStdString();
            run.hasConfig = true;
        } else {
            run.error = QObject::tr("config.json: %1").arg(QString::fromStdString(parsed.error()));
        }
    }
    if (metrics.exists()) {
        auto text = util::readInputFile(metrics.fileName().toStdString(), "a metrics file",
                                        kMaxMetricsBytes);
        if (text) {
            run.rows = parseMetricsCsv(QString::fromStdString(*text), &run.skippedLines);
        } else if (run.error.isEmpty()) {
            run.error = QString::fromStdString(text.error());
        }
    }
    run.latestSample = latestSample(dir);
    run.hasCheckpoint = !QDir(dir + QStringLiteral("/checkpoints"))
                             .entryList({QStringLiteral("*.ckpt")}, QDir::Files)
                             .isEmpty();
    return run;
}

}  // namespace latent::ui
