#pragma once

#include <QByteArray>

#include <string>

#include "core/edit/explorersession.h"

namespace latent::ui {

// What a dragged latent carries (KeyframesPanel::kLatentMimeType): the frame as JSON, so the
// receiving panel needs nothing from the one it came from.
inline QByteArray encodeLatent(const edit::ExplorerFrame& frame) {
    return QByteArray::fromStdString(edit::frameToJson(frame));
}

// Fails when the payload is not a frame or its latent has another size than `latentSize`.
inline Result<edit::ExplorerFrame> decodeLatent(const QByteArray& payload, int latentSize) {
    return edit::frameFromJson(payload.toStdString(), latentSize);
}

}  // namespace latent::ui
