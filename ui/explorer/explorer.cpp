#include "ui/explorer/explorer.h"

#include <QGroupBox>
#include <QLabel>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/collapsiblesection.h"
#include "ui/document.h"
#include "ui/editing/directionspanel.h"
#include "ui/explorer/comparecontroller.h"
#include "ui/explorer/generationpanel.h"
#include "ui/explorer/imageview.h"
#include "ui/explorer/interpolationpanel.h"
#include "ui/explorer/keyframepreview.h"
#include "ui/explorer/keyframespanel.h"
#include "ui/explorer/latentpanel.h"
#include "ui/explorer/seedgrid.h"
#include "ui/rendercontroller.h"

namespace latent::ui {

namespace {
QString describe(const edit::Keyframe& k) { return QString::fromStdString(edit::keyframeLabel(k)); }

QString describe(const std::optional<edit::ExplorerFrame>& f) {
    return f ? QString::fromStdString(edit::frameLabel(*f)) : QString();
}
}  // namespace

Explorer::Explorer(Document* document, RenderController* renderer, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_renderer(renderer),
      m_image(new ImageView),
      m_seeds(new SeedGrid(RenderController::kThumbnailCount)),
      m_modelSummary(new QLabel),
      m_generation(new GenerationPanel),
      m_interpolation(new InterpolationPanel),
      m_latent(new LatentPanel),
      m_keyframes(new KeyframesPanel),
      m_preview(new KeyframePreview(document, this)),
      m_directions(new DirectionsPanel(document)),
      m_compare(new CompareController(document, this)) {
    // Left: image over the strip of nearby seeds.
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(0);
    leftLayout->addWidget(m_image, 1);
    auto* strip = new QGroupBox(tr("Nearby seeds"));
    auto* stripLayout = new QVBoxLayout(strip);
    stripLayout->setContentsMargins(2, 2, 2, 2);
    auto* stripScroll = new QScrollArea;
    stripScroll->setWidget(m_seeds);
    stripScroll->setWidgetResizable(true);
    stripScroll->setFrameShape(QFrame::NoFrame);
    stripScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    stripScroll->setFixedHeight(m_seeds->sizeHint().height() + 16);
    stripLayout->addWidget(stripScroll);
    leftLayout->addWidget(strip);

    // Right: the controls in sections that fold to their headers (the generation controls,
    // directions and A↔B open; keyframes and the raw z sliders folded), so the common controls fit
    // a 1280×720 screen; the column still scrolls for whatever the user opens.
    m_modelSummary->setWordWrap(true);
    m_modelSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* controls = new QWidget;
    auto* controlsLayout = new QVBoxLayout(controls);
    controlsLayout->setSpacing(6);
    controlsLayout->addWidget(m_modelSummary);
    auto section = [&](const QString& title, QWidget* content, const char* key, bool open) {
        auto* s = new CollapsibleSection(title, content, QString::fromLatin1(key), open);
        controlsLayout->addWidget(s);
        m_sections.push_back(s);
        return s;
    };
    section(tr("Generate"), m_generation, "generateSection", true);
    section(tr("Directions"), m_directions, "directionsSection", true);
    section(tr("Interpolation A↔B"), m_interpolation, "interpolationSection", true);
    section(tr("Keyframes"), m_keyframes, "keyframesSection", false);
    section(tr("Latent z"), m_latent, "latentSection", false);
    controlsLayout->addStretch();
    auto* scroll = new QScrollArea;
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(controls->sizeHint().width() + 24);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    // User intent → Document.
    connect(m_generation, &GenerationPanel::seedRequested, m_document, &Document::setSeed);
    connect(m_generation, &GenerationPanel::randomSeedRequested, this, &Explorer::randomSeed);
    connect(m_generation, &GenerationPanel::truncationRequested, m_document,
            &Document::setTruncation);
    connect(m_generation, &GenerationPanel::classRequested, m_document, &Document::setClassIndex);
    connect(m_latent, &LatentPanel::coordinateRequested, m_document,
            &Document::setLatentCoordinate);
    connect(m_latent, &LatentPanel::resetRequested, this,
            [this] { m_document->setSeed(m_document->seed()); });
    connect(m_interpolation, &InterpolationPanel::setARequested, m_document,
            &Document::setKeyframeA);
    connect(m_interpolation, &InterpolationPanel::setBRequested, m_document,
            &Document::setKeyframeB);
    connect(m_interpolation, &InterpolationPanel::positionRequested, m_document,
            &Document::setAbPosition);
    connect(m_seeds, &SeedGrid::seedActivated, m_document, &Document::setSeed);
    connect(m_keyframes, &KeyframesPanel::addCurrentRequested, m_document,
            &Document::addCurrentKeyframe);
    connect(m_keyframes, &KeyframesPanel::addSeedsRequested, this,
            [this](const std::vector<std::uint64_t>& seeds) {
                for (std::uint64_t s : seeds) {
                    m_document->addKeyframe(
                        edit::Keyframe{latent::sampleLatent(s, m_document->latentSize()), s, false});
                }
            });
    connect(m_keyframes, &KeyframesPanel::moveRequested, m_document, &Document::moveKeyframe);
    connect(m_keyframes, &KeyframesPanel::removeRequested, m_document, &Document::removeKeyframe);
    connect(m_keyframes, &KeyframesPanel::playRequested, m_preview, &KeyframePreview::setPlaying);
    connect(m_keyframes, &KeyframesPanel::exportRequested, this, &Explorer::exportVideoRequested);
    connect(m_keyframes, &KeyframesPanel::importRequested, this,
            &Explorer::importKeyframesRequested);
    connect(m_preview, &KeyframePreview::thumbnailsReady, m_keyframes,
            &KeyframesPanel::setThumbnails);
    connect(m_preview, &KeyframePreview::frameReady, m_image, &ImageView::setImage);
    connect(m_preview, &KeyframePreview::playingChanged, this, [this](bool playing) {
        m_keyframes->setPlaying(playing);
        // Back to what the Document shows once the preview ends.
        if (!playing && !m_renderer->lastFrame().isNull()) {
            m_image->setImage(m_renderer->lastFrame());
        }
    });
    connect(m_compare, &CompareController::panesChanged, this, [this] {
        if (m_compare->mode() == CompareController::Mode::Off) {
            m_image->clearCompare();
        } else {
            m_image->setCompare(m_compare->left(), m_compare->right());
        }
    });
    connect(m_compare, &CompareController::modeChanged, this, [this](CompareController::Mode mode) {
        if (mode == CompareController::Mode::Off) m_image->clearCompare();
    });
    connect(m_image, &ImageView::previousSeedRequested, this, &Explorer::previousSeed);
    connect(m_image, &ImageView::nextSeedRequested, this, &Explorer::nextSeed);

    // A slider release ends a gesture: the next drag of the same slider is its own undo step.
    QList<QSlider*> sliders = {m_generation->truncationSlider(), m_interpolation->slider()};
    for (int i = 0; i < LatentPanel::kSliderCount; ++i) sliders << m_latent->slider(i);
    for (QSlider* slider : sliders) {
        connect(slider, &QSlider::sliderReleased, m_document, &Document::closeGesture);
    }

    // Document → panels.
    connect(m_document, &Document::modelChanged, this, &Explorer::onModelChanged);
    connect(m_document, &Document::seedChanged, m_generation, &GenerationPanel::setSeed);
    connect(m_document, &Document::frameChanged, this, &Explorer::onFrameChanged);
    connect(m_document, &Document::keyframesChanged, this, &Explorer::onKeyframesChanged);
    connect(m_document, &Document::keyframeListChanged, this, &Explorer::onKeyframeListChanged);
    connect(m_document, &Document::abPositionChanged, m_interpolation,
            &InterpolationPanel::setPosition);

    // Pictures → views.
    connect(m_renderer, &RenderController::frameReady, m_image, &ImageView::setImage);
    connect(m_renderer, &RenderController::frameFailed, this, [this](const QString& message) {
        m_image->setPlaceholder(tr("This image could not be drawn.\n\n%1").arg(message));
    });
    connect(m_renderer, &RenderController::thumbnailsReady, this,
            [this](const QVector<QImage>& images) {
                m_seeds->setThumbnails(m_renderer->thumbnailSeeds(), images);
            });

    onModelChanged();
}

void Explorer::onModelChanged() {
    const model::ModelInfo& info = m_document->info();
    QStringList classes;
    for (const auto& name : info.classNames) classes << QString::fromStdString(name);
    m_generation->setClassNames(classes);
    m_generation->setClassIndex(m_document->classIndex());
    m_generation->setSeed(m_document->seed());
    m_generation->setTruncation(m_document->truncation());
    m_seeds->clear();
    m_keyframes->setModelOpen(m_document->hasModel());
    if (!m_document->hasModel()) {
        m_modelSummary->setText(tr("No model"));
        m_image->setPlaceholder(tr("No model"));
        return;
    }
    m_modelSummary->setText(tr("<b>%1</b><br>%2×%2 %3 · z %4 · %5")
                                .arg(QString::fromStdString(info.name).toHtmlEscaped())
                                .arg(info.resolution)
                                .arg(info.channels == 1 ? tr("grey") : tr("RGB"))
                                .arg(info.latentSize)
                                .arg(info.conditional()
                                         ? tr("%n classes", nullptr, info.numClasses())
                                         : tr("unconditional")));
    m_image->setPlaceholder(tr("Rendering…"));
    onFrameChanged();
    onKeyframesChanged();
}

void Explorer::onFrameChanged() {
    m_latent->setLatent(m_document->currentLatent());
    // Said only when the seed box alone would not be the truth.
    const bool plainSeed = !m_document->latentEdited() && !m_document->hasEdits();
    m_generation->setFrameLabel(
        plainSeed ? QString() : QString::fromStdString(edit::frameLabel(m_document->frame())));
    // Undo and redo move these too, not only the panel's own controls (the setters never echo).
    m_generation->setTruncation(m_document->truncation());
    m_generation->setClassIndex(m_document->classIndex());
}

void Explorer::onKeyframesChanged() {
    m_interpolation->setKeyframes(describe(m_document->keyframeA()),
                                  describe(m_document->keyframeB()));
}

void Explorer::onKeyframeListChanged() {
    QStringList labels;
    for (const edit::Keyframe& k : m_document->keyframes()) labels << describe(k);
    m_keyframes->setKeyframes(labels);
}

void Explorer::randomSeed() {
    if (!m_document->hasModel()) return;
    m_document->setSeed(QRandomGenerator::global()->bounded(GenerationPanel::kMaxSeed));
}

void Explorer::previousSeed() {
    if (m_document->hasModel() && m_document->seed() > 0)
        m_document->setSeed(m_document->seed() - 1);
}

void Explorer::nextSeed() {
    if (m_document->hasModel() && m_document->seed() < GenerationPanel::kMaxSeed) {
        m_document->setSeed(m_document->seed() + 1);
    }
}

void Explorer::setScaling(int scaling) {
    const auto mode = static_cast<ImageView::Scaling>(scaling);
    m_image->setScaling(mode);
    // Thumbnails are small images enlarged a few times: pixelated unless smooth was chosen.
    m_seeds->setSmooth(mode == ImageView::Scaling::Smooth);
}

}  // namespace latent::ui
