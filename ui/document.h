#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/edit/edit.h"
#include "core/edit/explorerstate.h"
#include "core/latent/latent.h"
#include "core/model/loader.h"
#include "core/render/renderer.h"
#include "core/util/result.h"

class QUndoStack;

namespace latent::ui {

// Everything one undo step restores: the image the explorer shows is a pure function of this plus
// the model. The frame is core's value (seed, latent, class, ψ, amounts by direction name, class
// morph, mix, W+), the same one bookmarks and session files keep; the directions the amounts
// name; and the A/B slider's position. Document keeps the frame's amounts normalised against
// the directions (only known names, non-zero, in the directions' order).
struct EditingState {
    edit::ExplorerFrame frame;
    std::vector<edit::Direction> directions;
    float abPosition = 0.0f;

    bool operator==(const EditingState& o) const;
    bool operator!=(const EditingState& o) const { return !(*this == o); }
};

bool sameDirection(const edit::Direction& a, const edit::Direction& b);

// Owns the editing state of the explorer: the model, the seed and the latent drawn from it,
// hand edits to that latent, class, truncation, semantic directions with their amounts, style
// mixing, and the A/B keyframes. Every change of the EditingState goes through one setter that
// pushes a QUndoCommand (old and new state) on undoStack(); consecutive changes of the same
// control merge into one step until closeGesture() (a slider release). Lives in the UI thread;
// the render controllers turn it into requests (renderRequest(), thumbnailRequest()).
class Document : public QObject {
    Q_OBJECT

public:
    // Undo steps kept; older ones fall off.
    static constexpr int kUndoLimit = 200;

    explicit Document(QObject* parent = nullptr);

    bool hasModel() const { return m_model.generator != nullptr; }
    const model::LoadedModel& model() const { return m_model; }
    const model::ModelInfo& info() const { return m_model.info; }
    QString modelPath() const { return QString::fromStdString(m_model.info.path); }
    int latentSize() const { return m_model.info.latentSize; }

    std::uint64_t seed() const { return m_state.frame.seed; }
    const latent::Latent& currentLatent() const { return m_state.frame.z; }
    // Whether z is no longer the seed's own latent: edited by hand, interpolated, projected or
    // imported (frame().origin says which).
    bool latentEdited() const {
        return m_state.frame.edited || m_state.frame.origin != edit::Origin::Seed;
    }
    int classIndex() const { return m_state.frame.classIndex; }
    float truncation() const { return m_state.frame.truncation; }

    // The whole undoable state; restoreState() sets it as one undo step named `text`.
    const EditingState& state() const { return m_state; }
    void restoreState(const EditingState& state, const QString& text);
    // Shows `frame` (a bookmark, a session's current frame) as one undo step named `text`,
    // keeping the directions: its amounts apply to the directions of the same name, others are
    // dropped. Ignored when its latent does not fit the model.
    void goToFrame(const edit::ExplorerFrame& frame, const QString& text);

    // Directions, in slider order, and one amount each (slider units, ±3 is ±3 sigma).
    const std::vector<edit::Direction>& directions() const { return m_state.directions; }
    std::vector<float> amounts() const;
    float amount(int index) const;
    // The directions as a set for saving (model name, hash and sizes filled in).
    edit::DirectionSet directionSet() const;
    // The edits a render applies: every direction with a non-zero amount, then the class morph.
    std::vector<edit::Edit> activeEdits() const;
    bool hasEdits() const { return edit::frameHasEdits(m_state.frame); }
    const edit::Direction& classMorph() const { return m_state.frame.classMorph; }
    float classMorphAmount() const { return m_state.frame.classMorphAmount; }
    const edit::StyleMixSetting& styleMix() const { return m_state.frame.mix; }
    const latent::Latent& wPlus() const { return m_state.frame.wPlus; }

    // The keyframes of an interpolation video, in order (the Keyframes panel edits them).
    const std::vector<edit::Keyframe>& keyframes() const { return m_keyframes; }

    // The A and B ends of the A↔B slider: whole frames (class, edits, morph), as set.
    const std::optional<edit::ExplorerFrame>& keyframeA() const { return m_a; }
    const std::optional<edit::ExplorerFrame>& keyframeB() const { return m_b; }
    bool canInterpolate() const { return m_a.has_value() && m_b.has_value(); }
    float abPosition() const { return m_state.abPosition; }

    // The current frame as a value (what a bookmark or a session keeps; amounts by name).
    const edit::ExplorerFrame& frame() const { return m_state.frame; }
    // The request for the current frame, and one batched frame per seed for the thumbnails: same
    // class, truncation, directions and mix as the current frame, so the strip previews what a
    // click would show (setSeed keeps the directions). Both from render::frameRequest.
    render::RenderRequest renderRequest() const;
    render::RenderRequest thumbnailRequest(const std::vector<std::uint64_t>& seeds) const;

    QUndoStack* undoStack() const { return m_undo; }

public Q_SLOTS:
    // Replaces the model; keeps seed and truncation, redraws z for the new latent size, forgets
    // A/B, the directions, the mix and the undo history (they mean nothing for another model).
    void setModel(const model::LoadedModel& loaded);
    // Draws z afresh from the seed (even when the seed is unchanged: it discards hand edits).
    // Directions and their amounts stay: they apply to any seed.
    void setSeed(std::uint64_t seed);
    void setLatentCoordinate(int index, float value);
    void setClassIndex(int index);
    void setTruncation(float psi);
    void setKeyframeA();
    void setKeyframeB();
    // Shows exactly `z` (e.g. from a PNG's recipe): class and truncation too, and the seed when
    // the recipe has one. The latent counts as edited unless it is the seed's own.
    void setFrame(const latent::Latent& z, int classIndex, float truncation,
                  std::optional<std::uint64_t> seed);
    // setFrame plus the edits a recipe carries, as one undo step: a direction already in the set
    // gets the recipe's amount, others are appended, every other amount goes to 0.
    void setRecipeFrame(const latent::Latent& z, int classIndex, float truncation,
                        std::optional<std::uint64_t> seed, const std::vector<edit::Edit>& edits);
    // Shows a projected W+ latent (numWs x wSize values) on a style-based model; a later seed,
    // latent edit or setFrame goes back to z. Ignored when the size does not fit the model.
    void setWPlusFrame(const latent::Latent& wPlus, int classIndex);
    // Shows a latent z fitted to an image (projection on a model without W+): labelled
    // "projected", not as a seed. Ignored when the size does not fit the model.
    void setProjectedFrame(const latent::Latent& z, int classIndex);
    void addKeyframe(const edit::Keyframe& keyframe);
    void addCurrentKeyframe();
    // Moves the keyframe at `from` so that it ends up at index `to`.
    void moveKeyframe(int from, int to);
    void removeKeyframe(int index);
    void clearKeyframes();
    // t in [0, 1]; shows edit::blendFrames(A, B, t): exactly the frame set as A at 0 and as B at
    // 1, the latent by slerp and class, ψ and edits blended in between.
    void setAbPosition(float t);
    // Sessions (ui/session): puts saved A/B ends back as they were, without touching the frame.
    // Not an undo step, like Set as A/B; an end whose latent does not fit the model is dropped.
    void restoreKeyframesAB(const std::optional<edit::ExplorerFrame>& a,
                            const std::optional<edit::ExplorerFrame>& b);

    // Directions. One that does not fit this model (core's edit::checkDirection: its size, its
    // space, its layers, its classes) is refused with the reason, and nothing changes.
    Status setDirections(const std::vector<edit::Direction>& directions, const QString& text);
    Status addDirection(const edit::Direction& direction);
    void removeDirection(int index);
    // Replaces one direction's settings (space, layer range, name) keeping its amount.
    Status setDirection(int index, const edit::Direction& direction);
    void setAmount(int index, float amount);
    void resetAmount(int index);
    // All amounts and the class morph back to 0 (one undo step).
    void resetAmounts();
    Status setClassMorph(const edit::Direction& morph, float amount);
    void setClassMorphAmount(float amount);
    void setStyleMix(const edit::StyleMixSetting& mix);
    // Ends the current gesture: the next change starts a new undo step even on the same control.
    void closeGesture() { ++m_gesture; }

Q_SIGNALS:
    // The model is about to be replaced: the last moment to read the old model's state.
    void modelAboutToChange();
    void modelChanged();
    void seedChanged(std::uint64_t seed);
    // z, class, truncation, edits, mix or W+ changed: the current frame needs rendering.
    void frameChanged();
    // Seed, class or truncation changed: the thumbnails need rendering now. (They follow the
    // edits too, which amountsChanged, directionsChanged and styleMixChanged announce; the render
    // controller redraws them once a drag of those rests.)
    void thumbnailsChanged();
    void keyframesChanged();
    void keyframeListChanged();
    void abPositionChanged(float t);
    // The list of directions (or one direction's settings) changed; amounts too, maybe.
    void directionsChanged();
    // Amounts, class morph amount or style mix changed (cheap: sliders resync their values).
    void amountsChanged();
    void styleMixChanged();

private:
    friend class EditCommand;
    enum class Merge { None, Seed, Coordinate, Truncation, AbPosition, Amount, ClassMorph, Mix };

    latent::Latent drawLatent(std::uint64_t seed) const;
    // The current state showing exactly `z` (setFrame and setRecipeFrame share it); z must have
    // the model's latent size.
    EditingState frameState(const latent::Latent& z, int classIndex, float truncation,
                            std::optional<std::uint64_t> seed) const;
    // Pushes one undo step from the current state to `next` (nothing when they are equal).
    // Commands with the same `merge` kind and `target` in one gesture merge into one step.
    void change(EditingState next, const QString& text, Merge merge = Merge::None,
                int target = -1);
    // Sets the state and emits what changed (undo, redo and every setter come through here).
    void applyState(const EditingState& next);
    Status checkDirection(const edit::Direction& direction) const;

    model::LoadedModel m_model;
    EditingState m_state;
    std::vector<edit::Keyframe> m_keyframes;
    std::optional<edit::ExplorerFrame> m_a;
    std::optional<edit::ExplorerFrame> m_b;
    QUndoStack* m_undo;
    int m_gesture = 0;
};

}  // namespace latent::ui
