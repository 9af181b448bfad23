#include "ui/training/samplepreview.h"

#include <QLabel>
#include <QPainter>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "core/latent/latent.h"
#include "ui/explorer/imageview.h"
#include "ui/renderchannel.h"
#include "ui/training/toyview.h"

namespace latent::ui {

namespace {
// The grid's latents: the same every snapshot, so the grid shows the generator changing, not the
// noise.
constexpr std::uint64_t kSampleSeed = 0x5A3D;

QImage gridOf(const QVector<QImage>& images, int cols) {
    if (images.isEmpty()) return {};
    const QSize cell = images.front().size();
    const int pad = 2;
    const int rows = static_cast<int>((images.size() + cols - 1) / cols);
    QImage grid(cols * (cell.width() + pad) + pad, rows * (cell.height() + pad) + pad,
                QImage::Format_RGB32);
    grid.fill(QColor(32, 32, 32));
    QPainter painter(&grid);
    for (int i = 0; i < images.size(); ++i) {
        painter.drawImage(pad + (i % cols) * (cell.width() + pad),
                          pad + (i / cols) * (cell.height() + pad), images[i]);
    }
    return grid;
}
}  // namespace

SamplePreview::SamplePreview(QWidget* parent)
    : QWidget(parent),
      m_render(new RenderChannel(render::RenderPriority::Background, this)),
      m_toyTimer(new QTimer(this)),
      m_stack(new QStackedWidget),
      m_grid(new ImageView),
      m_toy(new ToyView),
      m_caption(new QLabel) {
    setObjectName(QStringLiteral("SamplePreview"));
    m_grid->setPlaceholder(waitingText());
    m_caption->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_grid);
    m_stack->addWidget(m_toy);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_caption);
    m_toyTimer->setSingleShot(true);
    m_toyTimer->setInterval(kToyMs);
    connect(m_toyTimer, &QTimer::timeout, this, [this] {
        if (m_pendingToy) m_toy->setSnapshot(std::move(m_pendingToy));
        m_pendingToy.reset();
    });
    connect(m_render, &RenderChannel::finished, this,
            [this](const QVector<QImage>& images, double, const QString& error, const QVariant&) {
                onRendered(images, error);
            });
}

void SamplePreview::setToy(bool toy) {
    m_stack->setCurrentWidget(toy ? static_cast<QWidget*>(m_toy) : m_grid);
}

void SamplePreview::showSnapshot(const std::shared_ptr<const train::TrainerSnapshot>& snapshot,
                                 int latentSize, int classes) {
    if (!snapshot) return;
    m_caption->setText(tr("EMA generator at step %1").arg(snapshot->step));
    if (!snapshot->points.empty() || !snapshot->heatmap.empty()) {
        if (m_toyTimer->isActive()) {
            m_pendingToy = snapshot;  // drawn when the interval is over
        } else {
            m_toy->setSnapshot(snapshot);
            m_toyTimer->start();
        }
    }
    if (!snapshot->model.generator) return;
    render::RenderRequest request;
    request.generator = snapshot->model.generator;
    for (int i = 0; i < kSampleCount; ++i) {
        request.latents.push_back(latent::sampleLatent(
            latent::mixSeed(kSampleSeed, static_cast<std::uint64_t>(i)), latentSize));
        if (classes > 0) request.classes.push_back(i % classes);
    }
    m_render->request(std::move(request));
}

void SamplePreview::onRendered(const QVector<QImage>& images, const QString& error) {
    if (!error.isEmpty()) {
        m_caption->setText(tr("Could not render samples: %1").arg(error));
        return;
    }
    ++m_grids;
    m_image = gridOf(images, 4);
    m_grid->setImage(m_image);
}

QString SamplePreview::waitingText() {
    return tr("Samples appear with the first snapshot");
}

void SamplePreview::showImage(const QImage& image, const QString& caption) {
    setToy(false);
    m_image = image;
    m_grid->setImage(image);
    if (image.isNull()) {
        // Nothing to show yet: the caption says why in the middle, not "Rendering…".
        m_grid->setPlaceholder(caption.isEmpty() ? waitingText() : caption);
        m_caption->clear();
    } else {
        m_caption->setText(caption);
    }
}

void SamplePreview::clear() {
    m_pendingToy.reset();
    m_toy->clear();
    showImage({}, {});
}

}  // namespace latent::ui
