#pragma once

// Shared by the training ui tests: a panel set up for tiny runs, and waits that never hang.
#include <QDir>
#include <QProgressBar>
#include <QTemporaryDir>
#include <QTest>

#include "core/train/trainconfig.h"
#include "tests/core/train_configs.h"
#include "ui/training/trainingcontroller.h"
#include "ui/training/trainingform.h"
#include "ui/training/trainingpanel.h"
#include "uitestutil.h"

namespace latent::ui::test {

// A toy:ring8 MLP run of `steps` steps in `dir`, small enough to take seconds on a busy CPU.
inline void setUpToyRun(TrainingPanel& panel, const QString& dir, qint64 steps) {
    train::TrainConfig config =
        ::latent::test::tinyToyConfig(QDir(dir).filePath(QStringLiteral("run")).toStdString());
    config.steps = steps;
    config.batch = 32;
    config.gWidth = 32;
    config.dWidth = 32;
    config.logEvery = 10;
    config.sampleEvery = 50;
    panel.form()->setConfig(config);
}

inline bool waitForEnd(const TrainingPanel& panel) {
    return QTest::qWaitFor([&] { return !panel.controller()->active(); }, kTimeoutMs);
}

}  // namespace latent::ui::test
