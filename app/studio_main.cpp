// latent-studio: the GUI. Everything but argument parsing lives in latent_ui.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include "core/runtime/modelwatch.h"
#include "core/runtime/runtime.h"
#include "ui/mainwindow.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Latent Studio"));
    QApplication::setApplicationName(QStringLiteral("Latent Studio"));
    QApplication::setApplicationVersion(QStringLiteral(LATENT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("latent-studio"));
    QIcon icon(QStringLiteral(":/icons/latent-studio.svg"));
    icon.addFile(QStringLiteral(":/icons/latent-studio.png"));  // when Qt has no SVG plugin
    QApplication::setWindowIcon(icon);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore what a GAN generator has learned."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"),
                                 QStringLiteral("Model file to open (.ltm, .pt, .pth, .ts)."),
                                 QStringLiteral("[model]"));
    parser.process(app);

    // Before any inference: sizes LibTorch's pool to the machine and keeps BLAS from
    // oversubscribing it.
    latent::runtime::configureThreads();
    latent::runtime::configureMemory();

    // Quitting always ends the process: a thread stuck in a model call that never returns (which
    // LibTorch cannot interrupt) would otherwise keep it alive, spinning, after the window closed.
    // Settings are saved as the window closes, before this.
    QObject::connect(&app, &QCoreApplication::aboutToQuit, [] { latent::runtime::exitWithin(5.0); });

    latent::ui::MainWindow window;
    window.show();
    const QStringList args = parser.positionalArguments();
    window.openAtStartup(args.isEmpty() ? QString() : args.front(),
                         latent::ui::MainWindow::defaultModelPath());
    return QApplication::exec();
}
