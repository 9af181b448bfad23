#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace latent::ui {

// A generator shipped with the app (resources/models, installed to share/latent-studio/models),
// offered on the start page and under File → Open Example. Torch-free: nothing is loaded here.
struct ExampleModel {
    QString title;        // "Fashion-MNIST (DCGAN, 10 classes)"
    QString description;  // one line on what it is good for
    QString fileName;     // "default.ltm"
    QString path;         // canonical path of the file found; empty when it is not there
};

// The example opened at the first start (MainWindow::defaultModelPath).
inline constexpr char kDefaultExampleFile[] = "default.ltm";

// Where shipped models are looked for, first match wins (train::shippedModelDirectories): beside
// the app (the CPack layout, ../share/latent-studio/models) and, run from a build tree, the source
// tree's resources/models.
QStringList exampleModelDirectories();

// Every known example, in the order the ui shows them; `path` is left empty.
QList<ExampleModel> knownExampleModels();

// The known examples whose file is found in `directories` (a regular file), with `path` set.
QList<ExampleModel> findExampleModels(const QStringList& directories = exampleModelDirectories());

}  // namespace latent::ui
