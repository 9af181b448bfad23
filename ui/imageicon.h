#pragma once

#include <QIcon>
#include <QPixmap>

namespace latent::ui {

// An icon that draws one pixmap, for pictures that change all the time (thumbnails redrawn at
// every step of a slider drag). A QIcon made from a QPixmap puts every size and mode it is drawn
// at in the global QPixmapCache under a key of its own, so each replaced thumbnail left its
// pixmaps behind until the cache was full (10 MB, ~1 KB per thumbnail redraw: memory that grew
// with every slider move). This one is drawn straight from its pixmap and caches nothing.
QIcon uncachedIcon(const QPixmap& pixmap);

}  // namespace latent::ui
