#include "ui/library/bookmarklibrary.h"

#include <algorithm>

#include "core/render/framerequest.h"
#include "ui/document.h"
#include "ui/renderchannel.h"
#include "ui/explorersession/documentstate.h"

namespace latent::ui {

namespace {
std::string modelKey(const Document& document) {
    const model::ModelInfo& info = document.info();
    // A hash names the weights; without one (a training snapshot) only the same path is the same.
    return info.contentHash.empty() ? "path:" + info.path : "hash:" + info.contentHash;
}
}  // namespace

BookmarkLibrary::BookmarkLibrary(Document* document, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_channel(new RenderChannel(render::RenderPriority::Library, this)) {
    connect(m_document, &Document::modelChanged, this, &BookmarkLibrary::onModelChanged);
    // Bookmarks with direction amounts look different once a direction changes.
    connect(m_document, &Document::directionsChanged, this, [this] {
        if (std::any_of(m_bookmarks.begin(), m_bookmarks.end(),
                        [](const edit::Bookmark& b) { return !b.frame.amounts.empty(); })) {
            redrawAll();
        }
    });
    connect(m_channel, &RenderChannel::finished, this,
            [this](const QVector<QImage>& images, double, const QString& error,
                   const QVariant& tag) { onRendered(images, error, tag); });
    m_modelKey = modelKey(*m_document);
}

BookmarkLibrary::~BookmarkLibrary() = default;

bool BookmarkLibrary::idle() const { return m_pending.empty() && m_channel->idle(); }

void BookmarkLibrary::addCurrent() {
    if (!m_document->hasModel()) return;
    edit::Bookmark bookmark;
    bookmark.frame = m_document->frame();
    bookmark.name = edit::defaultBookmarkName(bookmark.frame);
    add(bookmark);
}

void BookmarkLibrary::add(const edit::Bookmark& bookmark) {
    if (!m_document->hasModel() ||
        static_cast<int>(bookmark.frame.z.size()) != m_document->latentSize()) {
        return;
    }
    m_bookmarks.push_back(bookmark);
    m_ids.push_back(m_nextId);
    m_thumbnails.push_back(QImage());
    m_pending.push_back(m_nextId++);
    Q_EMIT listChanged();
    Q_EMIT added(count() - 1);
    renderNext();
}

void BookmarkLibrary::rename(int index, const QString& name) {
    const QString trimmed = name.trimmed();
    if (index < 0 || index >= count() || trimmed.isEmpty()) {
        Q_EMIT listChanged();  // an editor showing the refused name goes back to the old one
        return;
    }
    const std::string text = trimmed.toStdString();
    if (m_bookmarks[static_cast<std::size_t>(index)].name == text) return;
    m_bookmarks[static_cast<std::size_t>(index)].name = text;
    Q_EMIT listChanged();
}

void BookmarkLibrary::remove(int index) {
    if (index < 0 || index >= count()) return;
    const int id = m_ids[static_cast<std::size_t>(index)];
    m_bookmarks.erase(m_bookmarks.begin() + index);
    m_ids.erase(m_ids.begin() + index);
    m_thumbnails.removeAt(index);
    m_pending.erase(std::remove(m_pending.begin(), m_pending.end(), id), m_pending.end());
    Q_EMIT listChanged();
    Q_EMIT thumbnailsChanged();
}

void BookmarkLibrary::activate(int index) {
    if (index < 0 || index >= count() || !m_document->hasModel()) return;
    const edit::Bookmark& b = m_bookmarks[static_cast<std::size_t>(index)];
    m_document->goToFrame(b.frame, tr("Go to %1").arg(QString::fromStdString(b.name)));
}

void BookmarkLibrary::setBookmarks(const std::vector<edit::Bookmark>& bookmarks) {
    m_bookmarks.clear();
    m_ids.clear();
    m_thumbnails.clear();
    m_pending.clear();
    for (const edit::Bookmark& b : bookmarks) {
        if (static_cast<int>(b.frame.z.size()) != m_document->latentSize()) continue;
        m_bookmarks.push_back(b);
        m_ids.push_back(m_nextId++);
        m_thumbnails.push_back(QImage());
    }
    m_modelKey = modelKey(*m_document);
    Q_EMIT listChanged();
    Q_EMIT thumbnailsChanged();
    redrawAll();
}

void BookmarkLibrary::onModelChanged() {
    const std::string key = modelKey(*m_document);
    if (key != m_modelKey) {
        // Latents of another model mean nothing here.
        m_modelKey = key;
        setBookmarks({});
        return;
    }
    redrawAll();  // the same weights, maybe on another device: draw again anyway
}

void BookmarkLibrary::redrawAll() {
    m_pending = m_ids;
    renderNext();
}

void BookmarkLibrary::renderNext() {
    if (m_pending.empty() || !m_channel->idle() || !m_document->hasModel()) return;
    auto rowOf = [this](int id) {
        return static_cast<int>(std::find(m_ids.begin(), m_ids.end(), id) - m_ids.begin());
    };
    // The first waiting bookmark and every other one that renders with the same settings.
    const edit::ExplorerFrame& first =
        m_bookmarks[static_cast<std::size_t>(rowOf(m_pending.front()))].frame;
    render::RenderRequest request =
        render::frameRequest(m_document->model(), m_document->state().directions, first);
    request.latents.clear();
    request.classes.clear();
    QVariantList tag;
    std::vector<int> rest;
    for (int id : m_pending) {
        const edit::ExplorerFrame& frame = m_bookmarks[static_cast<std::size_t>(rowOf(id))].frame;
        if (id != m_pending.front() && !sameRenderSettings(first, frame)) {
            rest.push_back(id);
            continue;
        }
        request.latents.push_back(frame.z);
        if (m_document->info().conditional()) request.classes.push_back(frame.classIndex);
        tag.push_back(id);
    }
    m_pending = std::move(rest);
    m_channel->request(std::move(request), tag);
}

void BookmarkLibrary::onRendered(const QVector<QImage>& images, const QString& error,
                                 const QVariant& tag) {
    ++m_batchCount;
    const QVariantList ids = tag.toList();
    if (error.isEmpty()) {
        for (int i = 0; i < ids.size() && i < images.size(); ++i) {
            const auto it = std::find(m_ids.begin(), m_ids.end(), ids[i].toInt());
            if (it != m_ids.end()) m_thumbnails[static_cast<int>(it - m_ids.begin())] = images[i];
        }
        Q_EMIT thumbnailsChanged();
    }
    renderNext();
}

}  // namespace latent::ui
