#include "ui/explorer/comparecontroller.h"

#include <algorithm>

#include "core/render/framerequest.h"
#include "ui/document.h"
#include "ui/renderchannel.h"

namespace latent::ui {

namespace {
// "seed 11", with the class on a conditional model: "seed 11 · Trouser".
QString label(const edit::ExplorerFrame& frame, const model::ModelInfo& info) {
    QString text = QString::fromStdString(edit::frameLabel(frame));
    if (info.conditional() && frame.classIndex >= 0 && frame.classIndex < info.numClasses()) {
        text += QStringLiteral(" · ") +
                QString::fromStdString(info.classNames[static_cast<std::size_t>(frame.classIndex)]);
    }
    return text;
}

bool sameDirections(const std::vector<edit::Direction>& a, const std::vector<edit::Direction>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), sameDirection);
}
}  // namespace

CompareController::CompareController(Document* document, QObject* parent)
    : QObject(parent), m_document(document) {
    for (int side = 0; side < 2; ++side) {
        auto* channel = new RenderChannel(render::RenderPriority::Playback, this);
        m_channels[static_cast<std::size_t>(side)] = channel;
        connect(channel, &RenderChannel::finished, this,
                [this, side](const QVector<QImage>& images, double, const QString& error,
                             const QVariant&) {
                    ImageView::Pane& pane = m_panes[static_cast<std::size_t>(side)];
                    if (m_mode == Mode::Off || pane.current) return;
                    pane.image = images.isEmpty() ? QImage() : images.front();
                    pane.placeholder =
                        error.isEmpty() ? QString()
                                        : tr("This image could not be drawn.\n\n%1").arg(error);
                    Q_EMIT panesChanged();
                });
    }
    connect(m_document, &Document::modelChanged, this, [this] {
        m_asked = {};  // the same frame on another model is another image
        refresh();
    });
    for (auto signal : {&Document::frameChanged, &Document::keyframesChanged,
                        &Document::directionsChanged}) {
        connect(m_document, signal, this, &CompareController::refresh);
    }
}

CompareController::~CompareController() = default;

void CompareController::setMode(Mode mode) {
    if (mode == m_mode) return;
    m_mode = mode;
    m_asked = {};
    m_panes = {};
    refresh();
    Q_EMIT modeChanged(mode);
}

bool CompareController::idle() const {
    return m_channels[0]->idle() && m_channels[1]->idle();
}

edit::ExplorerFrame CompareController::withoutEdits(edit::ExplorerFrame frame) {
    frame.amounts.clear();
    frame.classMorph = {};
    frame.classMorphAmount = 0.0f;
    frame.mix = {};
    return frame;
}

void CompareController::refresh() {
    if (m_mode == Mode::Off || !m_document->hasModel()) return;
    if (m_mode == Mode::AB) {
        const auto& a = m_document->keyframeA();
        const auto& b = m_document->keyframeB();
        const model::ModelInfo& info = m_document->info();
        show(0, a, a ? tr("A · %1").arg(label(*a, info)) : tr("A"),
             tr("No A yet.\n\nExplore → Set as A (Ctrl+1) keeps the current frame as A."));
        show(1, b, b ? tr("B · %1").arg(label(*b, info)) : tr("B"),
             tr("No B yet.\n\nExplore → Set as B (Ctrl+2) keeps the current frame as B."));
    } else {
        const edit::ExplorerFrame& now = m_document->frame();
        const bool edited = m_document->hasEdits() || now.mix.enabled;
        show(0, withoutEdits(now), edited ? tr("Without edits") : tr("Without edits (none yet)"),
             QString());
        ImageView::Pane& current = m_panes[1];
        current = {};
        current.current = true;
        current.caption = edited ? tr("With edits") : tr("Current");
    }
    Q_EMIT panesChanged();
}

void CompareController::show(int side, const std::optional<edit::ExplorerFrame>& frame,
                             const QString& caption, const QString& placeholder) {
    const auto i = static_cast<std::size_t>(side);
    ImageView::Pane& pane = m_panes[i];
    pane.current = false;
    pane.caption = caption;
    if (!frame) {
        pane.image = {};
        pane.placeholder = placeholder;
        m_asked[i].reset();
        return;
    }
    const std::vector<edit::Direction>& directions = m_document->state().directions;
    if (m_asked[i] && *m_asked[i] == *frame &&
        sameDirection(m_asked[i]->classMorph, frame->classMorph) &&
        sameDirections(m_askedDirections[i], directions)) {
        return;  // already shown, or on its way
    }
    m_asked[i] = frame;
    m_askedDirections[i] = directions;
    pane.placeholder.clear();
    m_channels[i]->request(render::frameRequest(m_document->model(), directions, *frame));
}

}  // namespace latent::ui
