#include "ui/appfolders.h"

#include <QDir>
#include <QStandardPaths>

namespace latent::ui {

QString appDataFolder() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("latent-studio"));
}

}  // namespace latent::ui
