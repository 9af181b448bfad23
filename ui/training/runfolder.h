#pragma once

#include <QString>

#include <vector>

#include "core/train/metrics.h"
#include "core/train/trainconfig.h"

namespace latent::ui {

// What "Open run…" shows of an existing run folder: its config, its metrics and its newest sample
// grid. The CSV reader goes by the header's column names, so older files without the quality
// columns (or newer ones with more) read fine; malformed lines are skipped and counted.
// TODO(core): a train::readMetrics(path) beside appendMetrics would let the CLI share this.
struct RunFolder {
    QString dir;
    bool hasConfig = false;
    train::TrainConfig config;
    std::vector<train::MetricsRow> rows;
    int skippedLines = 0;
    QString latestSample;  // samples/step_NNNNNN.png with the highest step, or ""
    bool hasCheckpoint = false;
    QString error;  // set when the folder is not a run folder at all
};

RunFolder readRunFolder(const QString& dir);
// Parses metrics.csv text; `skipped` counts lines that could not be read.
std::vector<train::MetricsRow> parseMetricsCsv(const QString& text, int* skipped = nullptr);
QString latestSample(const QString& runDir);

}  // namespace latent::ui
