#include "ui/examplemodels.h"

#include "core/train/shippedmodels.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace latent::ui {

namespace {
const char* const kContext = "latent::ui::ExampleModels";

struct Known {
    const char* title;
    const char* description;
    const char* fileName;
};

// The order here is the order of the start page and the menu.
const Known kKnown[] = {
    {QT_TRANSLATE_NOOP("latent::ui::ExampleModels", "Fashion-MNIST (DCGAN, 10 classes)"),
     QT_TRANSLATE_NOOP("latent::ui::ExampleModels",
                       "Grey 32 px garments: pick a class, morph between classes"),
     "default.ltm"},
    {QT_TRANSLATE_NOOP("latent::ui::ExampleModels", "Procedural faces (style-based, 64 px)"),
     QT_TRANSLATE_NOOP("latent::ui::ExampleModels",
                       "Colour cartoon faces: W and W+ edits, style mixing"),
     "faces.ltm"},
};
}  // namespace

QStringList exampleModelDirectories() {
    QStringList dirs;
    for (const std::string& dir : train::shippedModelDirectories()) {
        dirs.append(QString::fromStdString(dir));
    }
    return dirs;
}

QList<ExampleModel> knownExampleModels() {
    QList<ExampleModel> examples;
    for (const Known& known : kKnown) {
        examples.append({QCoreApplication::translate(kContext, known.title),
                         QCoreApplication::translate(kContext, known.description),
                         QString::fromLatin1(known.fileName),
                         {}});
    }
    return examples;
}

QList<ExampleModel> findExampleModels(const QStringList& directories) {
    QList<ExampleModel> found;
    for (ExampleModel example : knownExampleModels()) {
        for (const QString& dir : directories) {
            const QFileInfo file(QDir(dir).filePath(example.fileName));
            if (!file.isFile()) continue;
            example.path = file.canonicalFilePath();
            found.append(example);
            break;
        }
    }
    return found;
}

}  // namespace latent::ui
