// Memory while exploring (issue 11): thumbnails redrawn at every step of a drag must not pile up.
#include <malloc.h>

#include <QImage>

#include "ui/explorer/seedgrid.h"
#include "uitestutil.h"

namespace latent::ui::test {
namespace {

std::size_t heapInUse() { return mallinfo2().uordblks; }

QVector<QImage> thumbnails(int step) {
    QVector<QImage> images;
    for (int i = 0; i < 8; ++i) {
        QImage image(32, 32, QImage::Format_RGB888);
        image.fill(QColor::fromHsv((step * 8 + i) % 360, 200, 200));
        images.push_back(image);
    }
    return images;
}

// Each thumbnail refresh used to leave its drawn pixmaps in Qt's global pixmap cache (a new icon,
// a new cache key): ~1 KB per refresh until the cache's 10 MB were full, i.e. memory that grew
// with every slider move of a drag.
TEST(ExplorerMemory, RedrawnThumbnailsDoNotPileUp) {
    SeedGrid grid(8);
    grid.resize(800, 120);
    const std::vector<std::uint64_t> seeds{1, 2, 3, 4, 5, 6, 7, 8};
    auto refresh = [&](int step) {
        grid.setThumbnails(seeds, thumbnails(step));
        (void)grid.grab();  // paints every button, as the screen does
    };
    for (int step = 0; step < 200; ++step) refresh(step);  // warm up: caches, glyphs
    const std::size_t before = heapInUse();
    for (int step = 200; step < 2200; ++step) refresh(step);
    const double grownKb = (static_cast<double>(heapInUse()) - static_cast<double>(before)) / 1024.0;
    EXPECT_LT(grownKb, 256.0) << "heap grew " << grownKb << " KB over 2000 thumbnail refreshes";
}

}  // namespace
}  // namespace latent::ui::test
