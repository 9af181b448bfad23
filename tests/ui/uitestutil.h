#pragma once

// Shared by the ui tests: tiny random generators on disk and waits that never hang.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

#include "core/model/modelfile.h"
#include "ui/mainwindow.h"
#include "ui/rendercontroller.h"

namespace latent::ui::test {

// Generous: a load runs a probe forward, and CI machines can be slow and busy.
constexpr int kTimeoutMs = 120000;

// Model files shared by every test in the process (writing one costs a forward pass of init).
struct Models {
    QTemporaryDir dir;
    QString plain;        // unconditional RGB DCGAN, 32x32
    QString conditional;  // 3 classes
    QString otherPlain;   // a second unconditional model, different weights and name
    QString text;         // not a model at all

    static const Models& get() {
        static Models models;
        return models;
    }

private:
    Models() {
        model::DcganConfig config;
        config.latentSize = 24;
        config.resolution = 32;
        config.channels = 3;
        config.baseWidth = 8;
        plain = dir.filePath(QStringLiteral("plain.ltm"));
        write(plain, config, 1, "Test DCGAN");
        otherPlain = dir.filePath(QStringLiteral("other.ltm"));
        write(otherPlain, config, 2, "Other DCGAN");
        config.classNames = {"circle", "square", "triangle"};
        conditional = dir.filePath(QStringLiteral("conditional.ltm"));
        write(conditional, config, 3, "Conditional DCGAN");
        text = dir.filePath(QStringLiteral("notes.ltm"));
        QFile file(text);
        if (file.open(QIODevice::WriteOnly)) file.write("these are my notes, not a model\n");
    }

    static void write(const QString& path, const model::DcganConfig& config, std::uint64_t seed,
                      const std::string& name) {
        const Status status = model::writeRandomDcgan(path.toStdString(), config, seed, name);
        EXPECT_TRUE(status.ok()) << status.error();
    }
};

// A MainWindow with fresh settings whose load errors are recorded instead of shown modally.
struct Harness {
    std::vector<QString> errors;
    MainWindow window;

    Harness() {
        window.setErrorReporter(
            [this](const QString&, const QString& message) { errors.push_back(message); });
        window.show();
    }

    RenderController* renderer() const { return window.renderController(); }

    // Opens `path` and waits until it is the current model and its first frame is on screen.
    bool open(const QString& path) {
        QSignalSpy opened(&window, &MainWindow::modelOpened);
        const int frames = renderer()->frameCount();
        window.openFile(path);
        if (!QTest::qWaitFor([&] { return opened.count() > 0 || !errors.empty(); }, kTimeoutMs)) {
            return false;
        }
        return opened.count() > 0 && waitForFrameAfter(frames);
    }

    // Waits for a frame newer than `frames` with nothing left to render, so it shows the latest
    // state of the document.
    bool waitForFrameAfter(int frames) const {
        return QTest::qWaitFor(
            [&] { return renderer()->frameCount() > frames && renderer()->idle(); }, kTimeoutMs);
    }

    // Runs `change` and returns the frame that follows it (null on time-out).
    template <typename F>
    QImage frameAfter(F change) {
        const int frames = renderer()->frameCount();
        change();
        if (!waitForFrameAfter(frames)) return {};
        return renderer()->lastFrame();
    }
};

// With LATENT_TEST_SHOTS=DIR set, saves what `widget` shows as DIR/NAME.png for a person to look
// at (the test asserts what it can; the eye judges the rest).
inline void saveShot(QWidget* widget, const QString& name) {
    if (const QString shots = qEnvironmentVariable("LATENT_TEST_SHOTS"); !shots.isEmpty())
        widget->grab().save(shots + QLatin1Char('/') + name + QStringLiteral(".png"));
}

// A file of the test fixtures (tests/fixtures, built into the build folder).
inline QString fixturePath(const char* name) {
    return QString::fromUtf8(LATENT_FIXTURE_DIR) + QLatin1Char('/') + QLatin1String(name);
}

inline void clearSettings() {
    QSettings().clear();
    QSettings().sync();
    // Explorer autosaves are settings too: a test starts with none. (Only the private folder
    // tests/ui/main.cpp sets: an empty path would be the working directory.)
    const QString autosave = qEnvironmentVariable("LATENT_AUTOSAVE_DIR");
    if (!autosave.isEmpty() && autosave.startsWith(QDir::tempPath() + QLatin1Char('/'))) {
        QDir(autosave).removeRecursively();
    }
}

}  // namespace latent::ui::test
