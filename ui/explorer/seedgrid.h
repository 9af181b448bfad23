#pragma once

#include <QImage>
#include <QVector>
#include <QWidget>

#include <cstdint>
#include <vector>

class QToolButton;

namespace latent::ui {

// A strip of thumbnails of nearby seeds; clicking one makes it the current seed.
class SeedGrid : public QWidget {
    Q_OBJECT

public:
    static constexpr int kThumbnailSize = 88;

    explicit SeedGrid(int count, QWidget* parent = nullptr);

    // Thumbnails and the seeds they were drawn from, in the same order.
    void setThumbnails(const std::vector<std::uint64_t>& seeds, const QVector<QImage>& images);
    void setSmooth(bool smooth);
    void clear();

    int count() const { return m_buttons.size(); }
    QToolButton* button(int index) const { return m_buttons.value(index); }
    std::uint64_t seedAt(int index) const;

Q_SIGNALS:
    void seedActivated(std::uint64_t seed);

private:
    void refreshIcons();

    QVector<QToolButton*> m_buttons;
    std::vector<std::uint64_t> m_seeds;
    QVector<QImage> m_images;
    bool m_smooth = true;
};

}  // namespace latent::ui
