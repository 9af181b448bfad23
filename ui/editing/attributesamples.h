#pragma once

#include <QImage>
#include <QObject>
#include <QVector>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/latent/latent.h"

namespace latent::ui {

class Document;
class RenderChannel;

// The samples of the attribute dialog: random seeds at the Document's class and truncation, their
// latents, pictures (batched renders off the UI thread, one batch at a time) and the user's marks.
// No widgets: AttributeDialog shows it.
class AttributeSamples : public QObject {
    Q_OBJECT

public:
    enum class Mark { None, Has, Lacks };
    static constexpr int kBatch = 24;

    explicit AttributeSamples(Document* document, QObject* parent = nullptr);
    ~AttributeSamples() override;

    int count() const { return static_cast<int>(m_latents.size()); }
    std::uint64_t seed(int index) const { return m_seeds[static_cast<std::size_t>(index)]; }
    const latent::Latent& latent(int index) const {
        return m_latents[static_cast<std::size_t>(index)];
    }
    QImage image(int index) const { return m_images.value(index); }
    Mark mark(int index) const { return m_marks[static_cast<std::size_t>(index)]; }
    int hasCount() const;
    int lacksCount() const;
    // The marked latents, for the fit.
    std::vector<latent::Latent> marked(Mark which) const;
    // Nothing rendering and nothing waiting.
    bool idle() const;
    // Seeds of later batches follow from `base` instead of the random generator (tests; nullopt:
    // random again).
    void setSeedBase(std::optional<std::uint64_t> base) { m_seedBase = base; }

public Q_SLOTS:
    // kBatch more random seeds; their pictures follow with imagesReady.
    void addBatch();
    void setMark(int index, Mark mark);
    // None -> Has -> Lacks -> None.
    void cycleMark(int index);
    // Forgets every sample (another model).
    void clear();

Q_SIGNALS:
    void samplesAdded(int first, int count);
    // Every sample is gone (clear()).
    void cleared();
    void imagesReady(int first, int count);
    void marksChanged();

private:
    void renderNext();

    Document* m_document;
    RenderChannel* m_channel;
    std::vector<std::uint64_t> m_seeds;
    std::vector<latent::Latent> m_latents;
    std::vector<Mark> m_marks;
    QVector<QImage> m_images;
    int m_requested = 0;   // samples sent to the renderer so far
    int m_generation = 0;  // bumped by clear(), so a late batch of old samples is dropped
    std::optional<std::uint64_t> m_seedBase;
};

}  // namespace latent::ui
