#include "ui/document.h"

#include <algorithm>

namespace latent::ui {

Document::Document(QObject* parent) : QObject(parent) {}

latent::Latent Document::drawLatent(std::uint64_t seed) const {
    if (latentSize() <= 0) return {};
    return latent::sampleLatent(seed, latentSize());
}

render::RenderRequest Document::renderRequest() const {
    render::RenderRequest request;
    request.generator = m_model.generator;
    request.latents = {m_z};
    if (m_model.info.conditional()) request.classes = {m_classIndex};
    request.truncation = m_truncation;
    return request;
}

render::RenderRequest Document::thumbnailRequest(const std::vector<std::uint64_t>& seeds) const {
    render::RenderRequest request;
    request.generator = m_model.generator;
    request.truncation = m_truncation;
    for (std::uint64_t s : seeds) {
        request.latents.push_back(drawLatent(s));
        if (m_model.info.conditional()) request.classes.push_back(m_classIndex);
    }
    return request;
}

void Document::setModel(const model::LoadedModel& loaded) {
    m_model = loaded;
    m_z = drawLatent(m_seed);
    m_edited = false;
    m_classIndex = 0;
    m_a.reset();
    m_b.reset();
    m_keyframes.clear();
    m_abPosition = 0.0f;
    Q_EMIT modelChanged();
    Q_EMIT seedChanged(m_seed);
    Q_EMIT keyframesChanged();
    Q_EMIT keyframeListChanged();
    Q_EMIT abPositionChanged(m_abPosition);
    Q_EMIT frameChanged();
    Q_EMIT thumbnailsChanged();
}

void Document::setFrame(const latent::Latent& z, int classIndex, float truncation,
                        std::optional<std::uint64_t> seed) {
    if (static_cast<int>(z.size()) != latentSize()) return;
    if (seed) m_seed = *seed;
    m_z = z;
    m_edited = !seed || drawLatent(*seed) != z;
    if (m_model.info.conditional()) {
        m_classIndex = std::clamp(classIndex, 0, m_model.info.numClasses() - 1);
    }
    m_truncation = truncation;
    if (seed) Q_EMIT seedChanged(m_seed);
    Q_EMIT frameChanged();
    Q_EMIT thumbnailsChanged();  // seed, class or truncation may all have moved
}

void Document::addKeyframe(const Keyframe& keyframe) {
    if (static_cast<int>(keyframe.z.size()) != latentSize()) return;
    m_keyframes.push_back(keyframe);
    Q_EMIT keyframeListChanged();
}

void Document::addCurrentKeyframe() {
    addKeyframe(Keyframe{m_z, m_seed, m_edited});
}

void Document::moveKeyframe(int from, int to) {
    const int n = static_cast<int>(m_keyframes.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to) return;
    Keyframe moved = m_keyframes[static_cast<std::size_t>(from)];
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
    const bool seedMoved = seed != m_seed;
    m_seed = seed;
    m_z = drawLatent(seed);
    m_edited = false;
    Q_EMIT seedChanged(m_seed);
    Q_EMIT frameChanged();
    if (seedMoved) Q_EMIT thumbnailsChanged();
}

void Document::setLatentCoordinate(int index, float value) {
    if (index < 0 || index >= static_cast<int>(m_z.size())) return;
    if (m_z[static_cast<std::size_t>(index)] == value) return;
    m_z[static_cast<std::size_t>(index)] = value;
    m_edited = true;
    Q_EMIT frameChanged();
}

void Document::setClassIndex(int index) {
    if (!m_model.info.conditional()) return;
    index = std::clamp(index, 0, m_model.info.numClasses() - 1);
    if (index == m_classIndex) return;
    m_classIndex = index;
    Q_EMIT frameChanged();
    Q_EMIT thumbnailsChanged();
}

void Document::setTruncation(float psi) {
    if (psi == m_truncation) return;
    m_truncation = psi;
    Q_EMIT frameChanged();
    Q_EMIT thumbnailsChanged();
}

void Document::setKeyframeA() {
    if (m_z.empty()) return;
    m_a = Keyframe{m_z, m_seed, m_edited};
    // The current image is A now, so the slider belongs at A's end.
    m_abPosition = 0.0f;
    Q_EMIT keyframesChanged();
    Q_EMIT abPositionChanged(m_abPosition);
}

void Document::setKeyframeB() {
    if (m_z.empty()) return;
    m_b = Keyframe{m_z, m_seed, m_edited};
    m_abPosition = 1.0f;
    Q_EMIT keyframesChanged();
    Q_EMIT abPositionChanged(m_abPosition);
}

void Document::setAbPosition(float t) {
    if (!canInterpolate()) return;
    t = std::clamp(t, 0.0f, 1.0f);
    m_abPosition = t;
    // The ends are the keyframes themselves, bit for bit, whatever slerp's rounding does.
    if (t <= 0.0f) {
        m_z = m_a->z;
    } else if (t >= 1.0f) {
        m_z = m_b->z;
    } else {
        m_z = latent::slerp(m_a->z, m_b->z, t);
    }
    m_edited = true;
    Q_EMIT abPositionChanged(m_abPosition);
    Q_EMIT frameChanged();
}

}  // namespace latent::ui
