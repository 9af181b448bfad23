// The ui tests need a QApplication (offscreen platform, set by ctest) before any widget exists,
// so they bring their own main instead of gtest_main.
#include <gtest/gtest.h>

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    // ModelLoader checks TorchScript archives with `latent check` in a child process: this build's.
    if (qEnvironmentVariableIsEmpty("LATENT_CLI")) qputenv("LATENT_CLI", LATENT_CLI_PATH);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Latent Studio Tests"));
    QApplication::setApplicationName(QStringLiteral("Latent Studio Tests"));
    // Settings and recent files go to a private folder, never the developer's own config.
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    // Each test process keeps its explorer autosaves to itself (ctest runs tests side by side).
    QTemporaryDir autosaveDir;
    qputenv("LATENT_AUTOSAVE_DIR", autosaveDir.path().toUtf8());
    return RUN_ALL_TESTS();
}
