#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QPushButton;
class QToolButton;

namespace latent::ui {

// The Bookmarks panel: saved latents as a list of thumbnails and names. Click one to make it
// current, double-click or F2 to rename, Delete to remove, drag one onto the Keyframes list to add
// it as a keyframe. Only emits what the user asked for; LibraryActions applies it to the
// BookmarkLibrary and feeds back names, tooltips, drag payloads and thumbnails.
class BookmarksPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kIcon = 56;

    explicit BookmarksPanel(QWidget* parent = nullptr);

    // One entry per bookmark: its name, a tooltip and what a drag of it carries
    // (KeyframesPanel::kLatentMimeType).
    void setBookmarks(const QStringList& names, const QStringList& tips,
                      const QList<QByteArray>& payloads);
    void setThumbnails(const QVector<QImage>& images);
    void setModelOpen(bool open);
    int currentRow() const;
    void setCurrentRow(int row);
    // Starts editing the name of `row` (F2 does the same).
    void editName(int row);

    QListWidget* list() const { return m_list; }
    QPushButton* addButton() const { return m_add; }
    QToolButton* renameButton() const { return m_rename; }
    QToolButton* removeButton() const { return m_remove; }

Q_SIGNALS:
    void addCurrentRequested();
    void activated(int row);
    void renameRequested(int row, const QString& name);
    void removeRequested(int row);

private:
    void updateButtons();
    void onItemChanged(QListWidgetItem* item);

    QListWidget* m_list;
    QPushButton* m_add;
    QToolButton* m_rename;
    QToolButton* m_remove;
    QStringList m_names;  // as last set, to tell an edit from a rebuild
    bool m_modelOpen = false;
};

}  // namespace latent::ui
