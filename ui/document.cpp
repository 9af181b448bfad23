#include "ui/document.h"

#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

#include "core/edit/frameblend.h"
#include "core/render/framerequest.h"

namespace latent::ui {

bool sameDirection(const edit::Direction& a, const edit::Direction& b) {
    return a.name == b.name && a.method == b.method && a.space == b.space && a.vector == b.vector &&
           a.sigma == b.sigma && a.firstLayer == b.firstLayer && a.lastLayer == b.lastLayer &&
           a.classFrom == b.classFrom && a.classTo == b.classTo;
}

namespace {
bool sameDirections(const std::vector<edit::Direction>& a, const std::vector<edit::Direction>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), sameDirection);
}

QString signedValue(float v, int decimals) {
    return QString::asprintf("%+.*f", decimals, static_cast<double>(v));
}
}  // namespace

bool EditingState::operator==(const EditingState& o) const {
    return frame == o.frame && sameDirection(frame.classMorph, o.frame.classMorph) &&
           sameDirections(directions, o.directions) && abPosition == o.abPosition;
}

// One undo step: the state before and after. A drag of one control is one step: consecutive
// commands of the same kind and target within a gesture merge (the later "after" wins).
class EditCommand : public QUndoCommand {
public:
    EditCommand(Document* document, EditingState before, EditingState after, const QString& text,
                int mergeId, int target, int gesture)
        : QUndoCommand(text),
          m_document(document),
          m_before(std::move(before)),
          m_after(std::move(after)),
          m_mergeId(mergeId),
          m_target(target),
          m_gesture(gesture) {}

    void undo() override {
        // Whatever comes after an undo starts a new step rather than merging into this one.
        m_document->closeGesture();
        m_document->applyState(m_before);
    }
    void redo() override {
        if (!m_pushed) m_document->closeGesture();
        m_pushed = false;
        m_document->applyState(m_after);
    }
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand* other) override {
        // Only EditCommands use ids >= 0 in this stack.
        const auto* next = static_cast<const EditCommand*>(other);
        if (next->m_target != m_target || next->m_gesture != m_gesture) return false;
        m_after = next->m_after;
        setText(next->text());
        setObsolete(m_after == m_before);  // dragged back to where it started: no step at all
        return true;
    }

private:
    Document* m_document;
    EditingState m_before;
    EditingState m_after;
    int m_mergeId;
    int m_target;
    int m_gesture;
    bool m_pushed = true;  // QUndoStack::push calls redo() once; that is not a user redo
};

Document::Document(QObject* parent)
    : QObject(parent), m_undo(new QUndoStack(this)) {
    m_undo->setUndoLimit(kUndoLimit);
}

latent::Latent Document::drawLatent(std::uint64_t seed) const {
    if (latentSize() <= 0) return {};
    return latent::sampleLatent(seed, latentSize());
}

float Document::amount(int index) const {
    if (index < 0 || index >= static_cast<int>(m_state.directions.size())) return 0.0f;
    return edit::amountOf(m_state.frame, m_state.directions[static_cast<std::size_t>(index)].name);
}

std::vector<float> Document::amounts() const {
    std::vector<float> out;
    for (const edit::Direction& d : m_state.directions) {
        out.push_back(edit::amountOf(m_state.frame, d.name));
    }
    return out;
}

edit::DirectionSet Document::directionSet() const {
    edit::DirectionSet set;
    set.modelName = m_model.info.name;
    set.modelHash = m_model.info.contentHash;
    set.latentSize = m_model.info.latentSize;
    set.wSize = m_model.info.wSize;
    set.directions = m_state.directions;
    return set;
}

std::vector<edit::Edit> Document::activeEdits() const {
    return render::frameEdits(m_state.directions, m_state.frame);
}

render::RenderRequest Document::renderRequest() const {
    return render::frameRequest(m_model, m_state.directions, m_state.frame);
}

render::RenderRequest Document::thumbnailRequest(const std::vector<std::uint64_t>& seeds) const {
    return render::seedsRequest(m_model, m_state.directions, m_state.frame, seeds);
}

void Document::change(EditingState next, const QString& text, Merge merge, int target) {
    // The one place the state's invariants are kept: amounts only for directions there are.
    next.frame.amounts = edit::normalizedAmounts(next.directions, next.frame.amounts);
    if (next == m_state) return;
    const int id = merge == Merge::None ? -1 : static_cast<int>(merge);
    m_undo->push(new EditCommand(this, m_state, std::move(next), text, id, target, m_gesture));
}

void Document::applyState(const EditingState& next) {
    const EditingState before = std::move(m_state);
    m_state = next;
    const edit::ExplorerFrame& was = before.frame;
    const edit::ExplorerFrame& now = m_state.frame;
    const bool seedMoved = was.seed != now.seed;
    const bool basicsMoved =
        seedMoved || was.classIndex != now.classIndex || was.truncation != now.truncation;
    const bool listMoved = !sameDirections(before.directions, m_state.directions) ||
                           !sameDirection(was.classMorph, now.classMorph);
    const bool amountsMoved =
        was.amounts != now.amounts || was.classMorphAmount != now.classMorphAmount;
    const bool mixMoved = was.mix != now.mix;
    if (seedMoved) Q_EMIT seedChanged(now.seed);
    if (before.abPosition != m_state.abPosition) Q_EMIT abPositionChanged(m_state.abPosition);
    if (listMoved) Q_EMIT directionsChanged();
    if (amountsMoved) Q_EMIT amountsChanged();
    if (mixMoved) Q_EMIT styleMixChanged();
    Q_EMIT frameChanged();
    if (basicsMoved) Q_EMIT thumbnailsChanged();
}

void Document::restoreState(const EditingState& state, const QString& text) {
    if (static_cast<int>(state.frame.z.size()) != latentSize()) return;
    EditingState next = state;
    next.directions.clear();
    for (edit::Direction d : state.directions) {  // an older session file may repeat a name
        d.name = edit::uniqueDirectionName(next.directions, d.name);
        next.directions.push_back(std::move(d));
    }
    change(std::move(next), text);
}

void Document::goToFrame(const edit::ExplorerFrame& frame, const QString& text) {
    if (static_cast<int>(frame.z.size()) != latentSize()) return;
    EditingState next = m_state;
    next.frame = frame;
    change(next, text);
}

void Document::setModel(const model::LoadedModel& loaded) {
    if (hasModel()) Q_EMIT modelAboutToChange();
    m_undo->clear();  // the history holds latents and directions of the old model
    m_model = loaded;
    edit::ExplorerFrame fresh;
    fresh.seed = m_state.frame.seed;
    fresh.truncation = m_state.frame.truncation;
    fresh.z = drawLatent(fresh.seed);
    m_state = EditingState{std::move(fresh), {}, 0.0f};
    m_a.reset();
    m_b.reset();
    m_keyframes.clear();
    Q_EMIT modelChanged();
    Q_EMIT seedChanged(m_state.frame.seed);
    Q_EMIT keyframesChanged();
    Q_EMIT keyframeListChanged();
    Q_EMIT abPositionChanged(m_state.abPosition);
    Q_EMIT directionsChanged();
    Q_EMIT amountsChanged();
    Q_EMIT styleMixChanged();
    Q_EMIT frameChanged();
    Q_EMIT thumbnailsChanged();
}

EditingState Document::frameState(const latent::Latent& z, int classIndex, float truncation,
                                  std::optional<std::uint64_t> seed) const {
    EditingState next = m_state;
    edit::ExplorerFrame& f = next.frame;
    // A recipe's latent counts as its seed's (edited when it differs); without a seed it is
    // imported.
    if (seed) f.seed = *seed;
    f.z = z;
    f.origin = seed ? edit::Origin::Seed : edit::Origin::Imported;
    f.edited = seed && drawLatent(*seed) != z;
    if (m_model.info.conditional()) {
        f.classIndex = std::clamp(classIndex, 0, m_model.info.numClasses() - 1);
    }
    f.truncation = truncation;
    f.wPlus.clear();
    return next;
}

void Document::setFrame(const latent::Latent& z, int classIndex, float truncation,
                        std::optional<std::uint64_t> seed) {
    if (static_cast<int>(z.size()) != latentSize()) return;
    change(frameState(z, classIndex, truncation, seed),
           seed ? tr("Latent of seed %1").arg(static_cast<qulonglong>(*seed)) : tr("Set latent"));
}

void Document::setWPlusFrame(const latent::Latent& wPlus, int classIndex) {
    const model::ModelInfo& info = m_model.info;
    const int rows = std::max(info.numWs, 1);
    if (!info.styleBased() || info.wSize <= 0 ||
        static_cast<int>(wPlus.size()) != rows * info.wSize) {
        return;
    }
    EditingState next = m_state;
    next.frame.wPlus = wPlus;
    next.frame.origin = edit::Origin::Projected;
    next.frame.edited = false;
    if (info.conditional()) {
        next.frame.classIndex = std::clamp(classIndex, 0, info.numClasses() - 1);
    }
    change(next, tr("Projected W+ latent"));
}

void Document::setProjectedFrame(const latent::Latent& z, int classIndex) {
    if (static_cast<int>(z.size()) != latentSize()) return;
    EditingState next = frameState(z, classIndex, 1.0f, std::nullopt);
    next.frame.origin = edit::Origin::Projected;
    next.frame.edited = false;
    change(next, tr("Projected latent"));
}

void Document::addKeyframe(const edit::Keyframe& keyframe) {
    if (static_cast<int>(keyframe.z.size()) != latentSize()) return;
    m_keyframes.push_back(keyframe);
    Q_EMIT keyframeListChanged();
}

void Document::addCurrentKeyframe() {
    addKeyframe(edit::keyframeOf(m_state.frame));
}

void Document::moveKeyframe(int from, int to) {
    const int n = static_cast<int>(m_keyframes.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to) return;
    edit::Keyframe moved = m_keyframes[static_cast<std::size_t>(from)];
    m_keyframes.erase(m_keyframes.begin() + from);
    m_keyframes.insert(m_keyframes.begin() + to, std::move(moved));
    Q_EMIT keyframeListChanged();
}

void Document::removeKeyframe(int index) {
    if (index < 0 || index >= static_cast<int>(m_keyframes.size())) return;
    m_keyframes.erase(m_keyframes.begin() + index);
    Q_EMIT keyframeListChanged();
}

void Document::clearKeyframes() {
    if (m_keyframes.empty()) return;
    m_keyframes.clear();
    Q_EMIT keyframeListChanged();
}

void Document::setSeed(std::uint64_t seed) {
    EditingState next = m_state;
    next.frame.seed = seed;
    next.frame.z = drawLatent(seed);
    next.frame.edited = false;
    next.frame.wPlus.clear();
    next.frame.origin = edit::Origin::Seed;
    if (next == m_state) {
        // Nothing to undo, but a click on the current seed still redraws (as it always did).
        Q_EMIT seedChanged(m_state.frame.seed);
        Q_EMIT frameChanged();
        return;
    }
    change(next, tr("Seed %1").arg(static_cast<qulonglong>(seed)));
}

void Document::setLatentCoordinate(int index, float value) {
    const latent::Latent& z = m_state.frame.z;
    if (index < 0 || index >= static_cast<int>(z.size())) return;
    if (z[static_cast<std::size_t>(index)] == value) return;
    EditingState next = m_state;
    next.frame.z[static_cast<std::size_t>(index)] = value;
    next.frame.edited = true;
    next.frame.wPlus.clear();
    change(next, tr("z%1 %2").arg(index).arg(signedValue(value, 2)), Merge::Coordinate, index);
}

void Document::setClassIndex(int index) {
    if (!m_model.info.conditional()) return;
    index = std::clamp(index, 0, m_model.info.numClasses() - 1);
    EditingState next = m_state;
    next.frame.classIndex = index;
    const auto& names = m_model.info.classNames;
    change(next,
           tr("Class %1").arg(QString::fromStdString(names[static_cast<std::size_t>(index)])));
}

void Document::setTruncation(float psi) {
    EditingState next = m_state;
    next.frame.truncation = psi;
    change(next, tr("Truncation %1").arg(static_cast<double>(psi), 0, 'f', 2), Merge::Truncation);
}

void Document::setKeyframeA() {
    if (m_state.frame.z.empty()) return;
    m_a = m_state.frame;
    // The current image is A now, so the slider belongs at A's end. Keyframes are not undo
    // steps; the position is plain view state here.
    m_state.abPosition = 0.0f;
    Q_EMIT keyframesChanged();
    Q_EMIT abPositionChanged(m_state.abPosition);
}

void Document::setKeyframeB() {
    if (m_state.frame.z.empty()) return;
    m_b = m_state.frame;
    m_state.abPosition = 1.0f;
    Q_EMIT keyframesChanged();
    Q_EMIT abPositionChanged(m_state.abPosition);
}

void Document::setAbPosition(float t) {
    if (!canInterpolate()) return;
    t = std::clamp(t, 0.0f, 1.0f);
    EditingState next = m_state;
    next.abPosition = t;
    // The ends are the frames set as A and B, bit for bit, whatever slerp's rounding does.
    next.frame = edit::blendFrames(*m_a, *m_b, t, m_model.info);
    change(next, tr("A↔B %1").arg(static_cast<double>(t), 0, 'f', 2), Merge::AbPosition);
}

// Session restore (ui/explorersession/explorersessioncontroller.cpp).
void Document::restoreKeyframesAB(const std::optional<edit::ExplorerFrame>& a,
                                  const std::optional<edit::ExplorerFrame>& b) {
    auto fits = [this](const std::optional<edit::ExplorerFrame>& k) {
        return k && static_cast<int>(k->z.size()) == latentSize();
    };
    m_a = fits(a) ? a : std::nullopt;
    m_b = fits(b) ? b : std::nullopt;
    Q_EMIT keyframesChanged();
}

}  // namespace latent::ui
