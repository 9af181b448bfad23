#include "ui/explorersession/documentstate.h"

#include <QCoreApplication>
#include <QStringList>

namespace latent::ui {

bool sameRenderSettings(const edit::ExplorerFrame& a, const edit::ExplorerFrame& b) {
    return a.truncation == b.truncation && a.amounts == b.amounts && a.wPlus.empty() &&
           b.wPlus.empty() && a.classMorph.method == b.classMorph.method &&
           a.classMorph.classFrom == b.classMorph.classFrom &&
           a.classMorph.classTo == b.classMorph.classTo &&
           a.classMorphAmount == b.classMorphAmount && a.mix == b.mix;
}

QString describeFrame(const edit::ExplorerFrame& frame, const model::ModelInfo& info) {
    auto tr = [](const char* text) { return QCoreApplication::translate("Bookmarks", text); };
    QStringList parts;
    parts << QString::fromStdString(edit::frameLabel(frame));
    if (info.conditional() && frame.classIndex >= 0 && frame.classIndex < info.numClasses()) {
        parts << tr("class %1")
                     .arg(QString::fromStdString(
                         info.classNames[static_cast<std::size_t>(frame.classIndex)]));
    }
    parts << tr("ψ %1").arg(static_cast<double>(frame.truncation), 0, 'f', 2);
    for (const edit::DirectionAmount& a : frame.amounts) {
        parts << QStringLiteral("%1 %2")
                     .arg(QString::fromStdString(a.name))
                     .arg(QString::asprintf("%+.2f", static_cast<double>(a.amount)));
    }
    return parts.join(QStringLiteral(" · "));
}

}  // namespace latent::ui
