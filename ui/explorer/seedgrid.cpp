#include "ui/explorer/seedgrid.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QPixmap>
#include <QToolButton>

#include "ui/imageicon.h"

namespace latent::ui {

SeedGrid::SeedGrid(int count, QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(6);
    layout->addStretch();
    for (int i = 0; i < count; ++i) {
        auto* button = new QToolButton;
        button->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        button->setIconSize(QSize(kThumbnailSize, kThumbnailSize));
        button->setAutoRaise(true);
        button->setEnabled(false);
        button->setObjectName(QStringLiteral("thumbnail%1").arg(i));
        connect(button, &QToolButton::clicked, this, [this, i] {
            if (i < static_cast<int>(m_seeds.size())) {
                Q_EMIT seedActivated(m_seeds[static_cast<std::size_t>(i)]);
            }
        });
        layout->addWidget(button);
        m_buttons.push_back(button);
    }
    layout->addStretch();
    clear();
}

std::uint64_t SeedGrid::seedAt(int index) const {
    return index >= 0 && index < static_cast<int>(m_seeds.size())
               ? m_seeds[static_cast<std::size_t>(index)]
               : 0;
}

void SeedGrid::setThumbnails(const std::vector<std::uint64_t>& seeds,
                             const QVector<QImage>& images) {
    m_seeds = seeds;
    m_images = images;
    refreshIcons();
}

void SeedGrid::setSmooth(bool smooth) {
    if (smooth == m_smooth) return;
    m_smooth = smooth;
    refreshIcons();
}

void SeedGrid::clear() {
    m_seeds.clear();
    m_images.clear();
    refreshIcons();
}

void SeedGrid::refreshIcons() {
    QPixmap blank(kThumbnailSize, kThumbnailSize);
    blank.fill(QColor(45, 46, 50));
    const Qt::TransformationMode mode = m_smooth ? Qt::SmoothTransformation : Qt::FastTransformation;
    for (int i = 0; i < m_buttons.size(); ++i) {
        QToolButton* button = m_buttons[i];
        const bool have = i < m_images.size() && i < static_cast<int>(m_seeds.size()) &&
                          !m_images[i].isNull();
        if (!have) {
            button->setIcon(uncachedIcon(blank));
            button->setText(QStringLiteral("–"));
            button->setEnabled(false);
            continue;
        }
        const QImage scaled = m_images[i].scaled(kThumbnailSize, kThumbnailSize,
                                                 Qt::KeepAspectRatio, mode);
        button->setIcon(uncachedIcon(QPixmap::fromImage(scaled)));
        const auto seed = static_cast<qulonglong>(m_seeds[static_cast<std::size_t>(i)]);
        button->setText(tr("seed %1").arg(seed));
        button->setToolTip(tr("Make seed %1 current").arg(seed));
        button->setEnabled(true);
    }
}

}  // namespace latent::ui
