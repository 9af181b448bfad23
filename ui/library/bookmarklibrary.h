#pragma once

#include <QImage>
#include <QObject>
#include <QString>
#include <QVariant>
#include <QVector>

#include <string>
#include <vector>

#include "core/edit/explorersession.h"

namespace latent::ui {

class Document;
class RenderChannel;

// The latents the user kept for the open model: add the current frame, rename, delete, and make
// one current again (through Document::restoreState, so it is one undo step). Thumbnails are
// drawn off the UI thread through a RenderChannel, one batched request per group of bookmarks that
// share truncation and edits. Bookmarks belong to a model: another model's arrival clears them
// (reopening the same weights keeps them).
class BookmarkLibrary : public QObject {
    Q_OBJECT

public:
    explicit BookmarkLibrary(Document* document, QObject* parent = nullptr);
    ~BookmarkLibrary() override;

    const std::vector<edit::Bookmark>& bookmarks() const { return m_bookmarks; }
    int count() const { return static_cast<int>(m_bookmarks.size()); }
    // Null until drawn.
    QImage thumbnail(int index) const { return m_thumbnails.value(index); }
    // No thumbnail rendering or waiting to render (tests wait on this).
    bool idle() const;
    // Thumbnail batches rendered so far.
    int batchCount() const { return m_batchCount; }

public Q_SLOTS:
    // Bookmarks what the Document shows now, named "Seed 42", "Edited seed 42" or "Projected".
    void addCurrent();
    void add(const edit::Bookmark& bookmark);
    // Blank names are refused (the old name stays).
    void rename(int index, const QString& name);
    void remove(int index);
    // Makes bookmark `index` the current frame (one undo step).
    void activate(int index);
    // Replaces the whole list (a session being opened).
    void setBookmarks(const std::vector<edit::Bookmark>& bookmarks);

Q_SIGNALS:
    // Names, count or order changed (thumbnails follow with thumbnailsChanged).
    void listChanged();
    void thumbnailsChanged();
    void added(int index);

private:
    void onModelChanged();
    void redrawAll();
    void renderNext();
    void onRendered(const QVector<QImage>& images, const QString& error, const QVariant& tag);

    Document* m_document;
    RenderChannel* m_channel;
    std::vector<edit::Bookmark> m_bookmarks;
    std::vector<int> m_ids;  // stable ids, parallel to m_bookmarks, so results find their row
    QVector<QImage> m_thumbnails;
    std::vector<int> m_pending;  // ids waiting for a thumbnail
    int m_nextId = 1;
    int m_batchCount = 0;
    std::string m_modelKey;  // what the bookmarks were made on
};

}  // namespace latent::ui
