#pragma once

#include <QByteArray>
#include <QImage>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <cstdint>
#include <vector>

class QLineEdit;
class QListWidget;
class QPushButton;
class QToolButton;

namespace latent::ui {

// The keyframes of an interpolation video as a list with thumbnails: add the current frame, some
// seeds or PNGs with recipes; reorder by dragging or with Up/Down; remove; play a preview; and
// export. Only emits what the user asked for; the Explorer applies it to the Document and feeds
// back labels, thumbnails and whether the preview plays.
class KeyframesPanel : public QWidget {
    Q_OBJECT

public:
    explicit KeyframesPanel(QWidget* parent = nullptr);

    void setKeyframes(const QStringList& labels);
    void setThumbnails(const QVector<QImage>& images);
    void setPlaying(bool playing);
    // False: no model, so nothing can be added.
    void setModelOpen(bool open);
    int currentRow() const;
    void setCurrentRow(int row);

    // "3, 8, 10-12" → {3, 8, 10, 11, 12}; empty on a typo (at most kMaxSeeds seeds).
    static std::vector<std::uint64_t> parseSeeds(const QString& text);
    static constexpr int kMaxSeeds = 64;
    // A latent dragged in from elsewhere (e.g. a bookmark): JSON, see ui/library/latentmime.h.
    static constexpr const char* kLatentMimeType = "application/x-latent-studio-latent";

    QListWidget* list() const { return m_list; }
    QPushButton* addCurrentButton() const { return m_addCurrent; }
    QLineEdit* seedsEdit() const { return m_seeds; }
    QPushButton* addSeedsButton() const { return m_addSeeds; }
    QPushButton* importButton() const { return m_import; }
    QToolButton* upButton() const { return m_up; }
    QToolButton* downButton() const { return m_down; }
    QToolButton* removeButton() const { return m_remove; }
    QPushButton* playButton() const { return m_play; }
    QPushButton* exportButton() const { return m_export; }

Q_SIGNALS:
    void addCurrentRequested();
    void addSeedsRequested(const std::vector<std::uint64_t>& seeds);
    void importRequested(const QStringList& paths);
    void moveRequested(int from, int to);
    void removeRequested(int index);
    void playRequested(bool play);
    void exportRequested();
    // A kLatentMimeType payload dropped on the list, to go before `row` (-1: at the end).
    void latentDropped(const QByteArray& payload, int row);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateButtons();
    void addSeeds();
    void importImages();
    void move(int delta);

    QListWidget* m_list;
    QPushButton* m_addCurrent;
    QLineEdit* m_seeds;
    QPushButton* m_addSeeds;
    QPushButton* m_import;
    QToolButton* m_up;
    QToolButton* m_down;
    QToolButton* m_remove;
    QPushButton* m_play;
    QPushButton* m_export;
    bool m_playing = false;
    bool m_modelOpen = false;
};

}  // namespace latent::ui
