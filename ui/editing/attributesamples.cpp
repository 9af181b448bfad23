#include "ui/editing/attributesamples.h"

#include <QRandomGenerator>

#include <algorithm>

#include "ui/document.h"
#include "ui/renderchannel.h"

namespace latent::ui {

AttributeSamples::AttributeSamples(Document* document, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_channel(new RenderChannel(render::RenderPriority::Library, this)) {
    connect(
        m_channel, &RenderChannel::finished, this,
        [this](const QVector<QImage>& images, double, const QString& error, const QVariant& tag) {
            const QVariantList t = tag.toList();
            if (t.size() == 2 && t[0].toInt() == m_generation && error.isEmpty()) {
                const int first = t[1].toInt();
                for (int i = 0; i < images.size() && first + i < m_images.size(); ++i) {
                    m_images[first + i] = images[i];
                }
                Q_EMIT imagesReady(first, static_cast<int>(images.size()));
            }
            renderNext();
        });
}

AttributeSamples::~AttributeSamples() = default;

int AttributeSamples::hasCount() const {
    return static_cast<int>(std::count(m_marks.begin(), m_marks.end(), Mark::Has));
}

int AttributeSamples::lacksCount() const {
    return static_cast<int>(std::count(m_marks.begin(), m_marks.end(), Mark::Lacks));
}

std::vector<latent::Latent> AttributeSamples::marked(Mark which) const {
    std::vector<latent::Latent> out;
    for (std::size_t i = 0; i < m_marks.size(); ++i) {
        if (m_marks[i] == which) out.push_back(m_latents[i]);
    }
    return out;
}

bool AttributeSamples::idle() const { return m_requested == count() && m_channel->idle(); }

void AttributeSamples::addBatch() {
    if (!m_document->hasModel()) return;
    const int first = count();
    // Random, not consecutive, seeds: neighbours share nothing, but a wide spread of samples gives
    // the fit more to go on than whatever the user was looking at.
    for (int i = 0; i < kBatch; ++i) {
        const std::uint64_t seed =
            m_seedBase ? latent::mixSeed(*m_seedBase, static_cast<std::uint64_t>(first) + static_cast<std::uint64_t>(i)) >> 34
                       : QRandomGenerator::global()->bounded(1u << 30);
        m_seeds.push_back(seed);
        m_latents.push_back(latent::sampleLatent(seed, m_document->latentSize()));
        m_marks.push_back(Mark::None);
        m_images.push_back(QImage());
    }
    Q_EMIT samplesAdded(first, kBatch);
    renderNext();
}

void AttributeSamples::setMark(int index, Mark mark) {
    if (index < 0 || index >= count() || m_marks[static_cast<std::size_t>(index)] == mark) return;
    m_marks[static_cast<std::size_t>(index)] = mark;
    Q_EMIT marksChanged();
}

void AttributeSamples::cycleMark(int index) {
    if (index < 0 || index >= count()) return;
    switch (mark(index)) {
        case Mark::None:
            setMark(index, Mark::Has);
            break;
        case Mark::Has:
            setMark(index, Mark::Lacks);
            break;
        case Mark::Lacks:
            setMark(index, Mark::None);
            break;
    }
}

void AttributeSamples::clear() {
    ++m_generation;
    m_seeds.clear();
    m_latents.clear();
    m_marks.clear();
    m_images.clear();
    m_requested = 0;
    Q_EMIT cleared();
    Q_EMIT marksChanged();
}

void AttributeSamples::renderNext() {
    if (m_requested >= count() || !m_channel->idle() || !m_document->hasModel()) return;
    // The Document's class and truncation, no edits: the fit looks at plain z.
    render::RenderRequest request = m_document->renderRequest();
    request.latents.clear();
    request.classes.clear();
    request.edits.clear();
    request.mix = {};
    request.wPlus.clear();
    const int first = m_requested;
    const int n = std::min(kBatch, count() - first);
    for (int i = first; i < first + n; ++i) {
        request.latents.push_back(m_latents[static_cast<std::size_t>(i)]);
        if (m_document->info().conditional()) request.classes.push_back(m_document->classIndex());
    }
    m_requested = first + n;
    m_channel->request(std::move(request), QVariantList{m_generation, first});
}

}  // namespace latent::ui
