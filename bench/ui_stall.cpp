// How smooth the UI thread stays while a training run goes on: a 5 ms timer on the UI thread
// records the gaps between its ticks, first with the Training panel idle (what the machine itself
// allows), then during a toy run. Prints p50/p99/max of both; asserts nothing (docs/performance.md
// quotes the figures). The UI thread never waiting on a training step is a property of the
// design (ui/training/trainingcontroller.h), not of a time bound.
//
//   QT_QPA_PLATFORM=offscreen build/bench/latent-ui-stall [seconds]
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/train/trainconfig.h"
#include "ui/training/trainingcontroller.h"
#include "ui/training/trainingform.h"
#include "ui/training/trainingpanel.h"

namespace {

// Runs the event loop for `ms` and returns the sorted gaps between a 5 ms timer's ticks.
std::vector<double> tickGaps(int ms) {
    std::vector<double> gaps;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.push_back(static_cast<double>(now - last) / 1e6);
        last = now;
    });
    ticker.start(5);
    QElapsedTimer wall;
    wall.start();
    while (wall.elapsed() < ms) QApplication::processEvents(QEventLoop::AllEvents, 5);
    ticker.stop();
    std::sort(gaps.begin(), gaps.end());
    return gaps;
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0.0;
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()))];
}

void print(const char* what, const std::vector<double>& gaps) {
    std::printf("%-9s %5zu ticks, gap p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms\n", what,
                gaps.size(), percentile(gaps, 0.5), percentile(gaps, 0.99),
                gaps.empty() ? 0.0 : gaps.back());
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int seconds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 4;
    QTemporaryDir dir;
    latent::ui::TrainingPanel panel;
    panel.resize(1200, 800);
    panel.show();
    const std::vector<double> idle = tickGaps(1000);

    latent::train::TrainConfig config;
    config.data = "toy:ring8";
    config.architecture = latent::train::Architecture::Mlp;
    config.steps = 10000000;
    config.batch = 32;
    config.gWidth = 32;
    config.dWidth = 32;
    config.logEvery = 10;
    config.sampleEvery = 50;
    config.checkpointEvery = 0;
    config.runDir = QDir(dir.path()).filePath(QStringLiteral("run")).toStdString();
    panel.form()->setConfig(config);
    if (!panel.start()) {
        std::fprintf(stderr, "latent-ui-stall: the toy run did not start\n");
        return 1;
    }
    latent::ui::TrainingController* c = panel.controller();
    while (c->rows().size() < 5 && c->active()) QApplication::processEvents(QEventLoop::AllEvents, 5);
    const std::vector<double> training = tickGaps(seconds * 1000);
    const auto rows = static_cast<long long>(c->rows().size());
    const auto step = static_cast<long long>(c->step());
    panel.stop();
    while (c->active()) QApplication::processEvents(QEventLoop::AllEvents, 5);

    print("idle:", idle);
    print("training:", training);
    std::printf("%lld rows charted, step %lld\n", rows, step);
    return 0;
}
