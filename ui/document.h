#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/latent/latent.h"
#include "core/model/loader.h"
#include "core/render/renderer.h"

namespace latent::ui {

// One end of the A↔B interpolation: the latent as it was when the user pressed "Set as A/B",
// plus the seed it came from so the panel can say where it came from.
struct Keyframe {
    latent::Latent z;
    std::uint64_t seed = 0;
    bool edited = false;  // z was changed by hand after being drawn from `seed`
};

// Owns the editing state of the explorer: the model, the seed and the latent drawn from it,
// hand edits to that latent, class, truncation and the A/B keyframes. Every change goes through
// one setter and one signal, so a later undo stack can wrap each setter in a QUndoCommand
// without the widgets noticing. Lives in the UI thread; the render controllers turn it into
// requests (renderRequest(), thumbnailRequest()).
class Document : public QObject {
    Q_OBJECT

public:
    explicit Document(QObject* parent = nullptr);

    bool hasModel() const { return m_model.generator != nullptr; }
    const model::LoadedModel& model() const { return m_model; }
    const model::ModelInfo& info() const { return m_model.info; }
    QString modelPath() const { return QString::fromStdString(m_model.info.path); }
    int latentSize() const { return m_model.info.latentSize; }

    std::uint64_t seed() const { return m_seed; }
    const latent::Latent& currentLatent() const { return m_z; }
    bool latentEdited() const { return m_edited; }
    int classIndex() const { return m_classIndex; }
    float truncation() const { return m_truncation; }

    // The keyframes of an interpolation video, in order (the Keyframes panel edits them).
    const std::vector<Keyframe>& keyframes() const { return m_keyframes; }

    const std::optional<Keyframe>& keyframeA() const { return m_a; }
    const std::optional<Keyframe>& keyframeB() const { return m_b; }
    bool canInterpolate() const { return m_a.has_value() && m_b.has_value(); }
    float abPosition() const { return m_abPosition; }

    // The current frame, and one batched frame per seed for the thumbnails (same class and
    // truncation as the current frame, so the grid previews what a click would show).
    render::RenderRequest renderRequest() const;
    render::RenderRequest thumbnailRequest(const std::vector<std::uint64_t>& seeds) const;

public Q_SLOTS:
    // Replaces the model; keeps seed and truncation, redraws z for the new latent size and
    // forgets A/B (latents of another model mean nothing here).
    void setModel(const model::LoadedModel& loaded);
    // Draws z afresh from the seed (even when the seed is unchanged: it discards hand edits).
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
    void addKeyframe(const Keyframe& keyframe);
    void addCurrentKeyframe();
    // Moves the keyframe at `from` so that it ends up at index `to`.
    void moveKeyframe(int from, int to);
    void removeKeyframe(int index);
    void clearKeyframes();
    // t in [0, 1]; sets the current latent to slerp(A, B, t) (exactly A at 0, exactly B at 1).
    void setAbPosition(float t);

Q_SIGNALS:
    void modelChanged();
    void seedChanged(std::uint64_t seed);
    // z, class or truncation changed: the current frame needs rendering.
    void frameChanged();
    // Seed, class or truncation changed: the thumbnails need rendering.
    void thumbnailsChanged();
    void keyframesChanged();
    void keyframeListChanged();
    void abPositionChanged(float t);

private:
    latent::Latent drawLatent(std::uint64_t seed) const;

    model::LoadedModel m_model;
    std::uint64_t m_seed = 0;
    latent::Latent m_z;
    bool m_edited = false;
    int m_classIndex = 0;
    float m_truncation = 1.0f;
    std::vector<Keyframe> m_keyframes;
    std::optional<Keyframe> m_a;
    std::optional<Keyframe> m_b;
    float m_abPosition = 0.0f;
};

}  // namespace latent::ui
