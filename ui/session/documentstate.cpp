#include "ui/session/documentstate.h"

#include <QCoreApplication>
#include <QStringList>

namespace latent::ui {

EditingState stateWithFrame(EditingState base, const edit::SessionFrame& frame) {
    EditingState s = std::move(base);
    s.seed = frame.seed;
    s.z = frame.z;
    s.edited = frame.edited;
    s.classIndex = frame.classIndex;
    s.truncation = frame.truncation;
    s.amounts.assign(s.directions.size(), 0.0f);
    for (const edit::DirectionAmount& a : frame.amounts) {
        for (std::size_t i = 0; i < s.directions.size(); ++i) {
            if (s.directions[i].name == a.name) {
                s.amounts[i] = a.amount;
                break;
            }
        }
    }
    s.wPlus = frame.wPlus;
    s.classMorph = frame.classMorph;
    s.classMorphAmount = frame.classMorphAmount;
    s.mix = StyleMixSettings{frame.mix.enabled, frame.mix.seed, frame.mix.firstLayer,
                             frame.mix.lastLayer};
    return s;
}

bool sameRenderSettings(const edit::SessionFrame& a, const edit::SessionFrame& b) {
    return a.truncation == b.truncation && a.amounts == b.amounts && a.wPlus.empty() &&
           b.wPlus.empty() && a.classMorph.method == b.classMorph.method &&
           a.classMorph.classFrom == b.classMorph.classFrom &&
           a.classMorph.classTo == b.classMorph.classTo &&
           a.classMorphAmount == b.classMorphAmount && a.mix == b.mix;
}

Keyframe keyframeOf(const edit::SessionFrame& frame) {
    return Keyframe{frame.z, frame.seed, frame.edited};
}

edit::SessionKeyframe sessionKeyframe(const Keyframe& keyframe) {
    return edit::SessionKeyframe{keyframe.z, keyframe.seed, keyframe.edited};
}

Keyframe documentKeyframe(const edit::SessionKeyframe& keyframe) {
    return Keyframe{keyframe.z, keyframe.seed, keyframe.edited};
}

QString describeFrame(const edit::SessionFrame& frame, const model::ModelInfo& info) {
    auto tr = [](const char* text) { return QCoreApplication::translate("Bookmarks", text); };
    QStringList parts;
    if (frame.projected) {
        parts << tr("projected");
    } else {
        parts << (frame.edited ? tr("seed %1, edited") : tr("seed %1"))
                     .arg(static_cast<qulonglong>(frame.seed));
    }
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
