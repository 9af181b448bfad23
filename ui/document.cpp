#include "ui/document.h"

#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

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
    return seed == o.seed && z == o.z && edited == o.edited && classIndex == o.classIndex &&
           truncation == o.truncation && abPosition == o.abPosition &&
           sameDirections(directions, o.directions) && amounts == o.amounts &&
           sameDirection(classMorph, o.classMorph) && classMorphAmount == o.classMorphAmount &&
           mix == o.mix && wPlus == o.wPlus;
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
    if (index < 0 || index >= static_cast<int>(m_state.amounts.size())) return 0.0f;
    return m_state.amounts[static_cast<std::size_t>(index)];
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

edit::ExplorerFrame Document::frame() const {
    const EditingState& s = m_state;
    edit::ExplorerFrame f;
    f.seed = s.seed;
    f.z = s.z;
    f.edited = s.edited;
    f.projected = !s.wPlus.empty();
    f.classIndex = s.classIndex;
    f.truncation = s.truncation;
    for (std::size_t i = 0; i < s.directions.size() && i < s.amounts.size(); ++i) {
        if (s.amounts[i] != 0.0f) f.amounts.push_back({s.directions[i].name, s.amounts[i]});
    }
    f.wPlus = s.wPlus;
    f.classMorph = s.classMorph;
    f.classMorphAmount = s.classMorphAmount;
    f.mix = s.mix;
    return f;
}

std::vector<edit::Edit> Document::activeEdits() const {
    return render::frameEdits(m_state.directions, frame());
}

render::RenderRequest Document::renderRequest() const {
    return render::frameRequest(m_model, m_state.directions, frame());
}

render::RenderRequest Document::thumbnailRequest(const std::vector<std::uint64_t>& seeds) const {
    return render::seedsRequest(m_model, m_state.directions, frame(), seeds);
}

void Document::change(const EditingState& next, const QString& text, Merge merge, int target) {
    if (next == m_state) return;
    const int id = merge == Merge::None ? -1 : static_cast<int>(merge);
    m_undo->push(new EditCommand(this, m_state, next, text, id, target, m_gesture));
}

void Document::applyState(const EditingState& next) {
    const EditingState before = std::move(m_state);
    m_state = next;
    const bool seedMoved = before.seed != m_state.seed;
    const bool basicsMoved = seedMoved || before.classIndex != m_state.classIndex ||
                             before.truncation != m_state.truncation;
    const bool listMoved = !sameDirections(before.directions, m_state.directions) ||
                           !sameDirection(before.classMorph, m_state.classMorph);
    const bool amountsMoved =
        before.amounts != m_state.amounts || before.classMorphAmount != m_state.classMorphAmount;
    const bool mixMoved = before.mix != m_state.mix;
    if (seedMoved) Q_EMIT seedChanged(m_state.seed);
    if (before.abPosition != m_state.abPosition) Q_EMIT abPositionChanged(m_state.abPosition);
    if (listMoved) Q_EMIT directionsChanged();
    if (amountsMoved) Q_EMIT amountsChanged();
    if (mixMoved) Q_EMIT styleMixChanged();
    Q_EMIT frameChanged();
    if (basicsMoved) Q_EMIT thumbnailsChanged();
}

void Document::restoreState(const EditingState& state, const QString& text) {
    EditingState next = state;
    if (static_cast<int>(next.z.size()) != latentSize()) return;
    next.amounts.resize(next.directions.size(), 0.0f);
    change(next, text);
}

void Document::setModel(const model::LoadedModel& loaded) {
    m_undo->clear();  // the history holds latents and directions of the old model
    m_model = loaded;
    m_state.z = drawLatent(m_state.seed);
    m_state.edited = false;
    m_state.classIndex = 0;
    m_state.abPosition = 0.0f;
    m_state.directions.clear();
    m_state.amounts.clear();
    m_state.classMorph = {};
    m_state.classMorphAmount = 0.0f;
    m_state.mix = {};
    m_state.wPlus.clear();
    m_a.reset();
    m_b.reset();
    m_keyframes.clear();
    Q_EMIT modelChanged();
    Q_EMIT seedChanged(m_state.seed);
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
    if (seed) next.seed = *seed;
    next.z = z;
    next.edited = !seed || drawLatent(*seed) != z;
    if (m_model.info.conditional()) {
        next.classIndex = std::clamp(classIndex, 0, m_model.info.numClasses() - 1);
    }
    next.truncation = truncation;
    next.wPlus.clear();
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
    next.wPlus = wPlus;
    next.edited = true;
    if (info.conditional()) next.classIndex = std::clamp(classIndex, 0, info.numClasses() - 1);
    change(next, tr("Projected W+ latent"));
}

void Document::addKeyframe(const edit::Keyframe& keyframe) {
    if (static_cast<int>(keyframe.z.size()) != latentSize()) return;
    m_keyframes.push_back(keyframe);
    Q_EMIT keyframeListChanged();
}

void Document::addCurrentKeyframe() {
    addKeyframe(edit::Keyframe{m_state.z, m_state.seed, m_state.edited});
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
    next.seed = seed;
    next.z = drawLatent(seed);
    next.edited = false;
    next.wPlus.clear();
    if (next == m_state) {
        // Nothing to undo, but a click on the current seed still redraws (as it always did).
        Q_EMIT seedChanged(m_state.seed);
        Q_EMIT frameChanged();
        return;
    }
    change(next, tr("Seed %1").arg(static_cast<qulonglong>(seed)));
}

void Document::setLatentCoordinate(int index, float value) {
    if (index < 0 || index >= static_cast<int>(m_state.z.size())) return;
    if (m_state.z[static_cast<std::size_t>(index)] == value) return;
    EditingState next = m_state;
    next.z[static_cast<std::size_t>(index)] = value;
    next.edited = true;
    next.wPlus.clear();
    change(next, tr("z%1 %2").arg(index).arg(signedValue(value, 2)), Merge::Coordinate, index);
}

void Document::setClassIndex(int index) {
    if (!m_model.info.conditional()) return;
    index = std::clamp(index, 0, m_model.info.numClasses() - 1);
    EditingState next = m_state;
    next.classIndex = index;
    const auto& names = m_model.info.classNames;
    change(next,
           tr("Class %1").arg(QString::fromStdString(names[static_cast<std::size_t>(index)])));
}

void Document::setTruncation(float psi) {
    EditingState next = m_state;
    next.truncation = psi;
    change(next, tr("Truncation %1").arg(static_cast<double>(psi), 0, 'f', 2), Merge::Truncation);
}

void Document::setKeyframeA() {
    if (m_state.z.empty()) return;
    m_a = edit::Keyframe{m_state.z, m_state.seed, m_state.edited};
    // The current image is A now, so the slider belongs at A's end. Keyframes are not undo
    // steps; the position is plain view state here.
    m_state.abPosition = 0.0f;
    Q_EMIT keyframesChanged();
    Q_EMIT abPositionChanged(m_state.abPosition);
}

void Document::setKeyframeB() {
    if (m_state.z.empty()) return;
    m_b = edit::Keyframe{m_state.z, m_state.seed, m_state.edited};
    m_state.abPosition = 1.0f;
    Q_EMIT keyframesChanged();
    Q_EMIT abPositionChanged(m_state.abPosition);
}

void Document::setAbPosition(float t) {
    if (!canInterpolate()) return;
    t = std::clamp(t, 0.0f, 1.0f);
    EditingState next = m_state;
    next.abPosition = t;
    // The ends are the keyframes themselves, bit for bit, whatever slerp's rounding does.
    if (t <= 0.0f) {
        next.z = m_a->z;
    } else if (t >= 1.0f) {
        next.z = m_b->z;
    } else {
        next.z = latent::slerp(m_a->z, m_b->z, t);
    }
    next.edited = true;
    next.wPlus.clear();
    change(next, tr("A↔B %1").arg(static_cast<double>(t), 0, 'f', 2), Merge::AbPosition);
}

// Session restore (ui/explorersession/explorersessioncontroller.cpp).
void Document::restoreKeyframesAB(const std::optional<edit::Keyframe>& a,
                                  const std::optional<edit::Keyframe>& b) {
    auto fits = [this](const std::optional<edit::Keyframe>& k) {
        return k && static_cast<int>(k->z.size()) == latentSize();
    };
    m_a = fits(a) ? a : std::nullopt;
    m_b = fits(b) ? b : std::nullopt;
    Q_EMIT keyframesChanged();
}

}  // namespace latent::ui
