#include "ui/library/bookmarkspanel.h"

#include <algorithm>

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/explorer/keyframespanel.h"
#include "ui/panelwidgets.h"

namespace latent::ui {

namespace {
constexpr int kPayloadRole = Qt::UserRole + 1;

// Drags carry the latent itself (not the row), so any panel that takes latents can take it.
class BookmarkList : public QListWidget {
public:
    QSize sizeHint() const override { return {200, 320}; }

    QStringList mimeTypes() const override {
        return {QLatin1String(KeyframesPanel::kLatentMimeType)};
    }

protected:
    // An empty list says how to fill it rather than showing a blank box.
    void paintEvent(QPaintEvent* event) override {
        QListWidget::paintEvent(event);
        if (count() > 0) return;
        QPainter p(viewport());
        p.setPen(palette().color(QPalette::Disabled, QPalette::Text));
        p.drawText(viewport()->rect().adjusted(12, 12, -12, -12),
                   Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                   BookmarksPanel::tr("No bookmarks yet.\nCtrl+B keeps the frame shown now; "
                                      "click a bookmark to go back to it, drag it onto the "
                                      "Keyframes list to add it there."));
    }

    QMimeData* mimeData(const QList<QListWidgetItem*>& items) const override {
        if (items.isEmpty()) return nullptr;
        auto* mime = new QMimeData;
        mime->setData(QLatin1String(KeyframesPanel::kLatentMimeType),
                      items.front()->data(kPayloadRole).toByteArray());
        mime->setText(items.front()->text());
        return mime;
    }
};

}  // namespace

BookmarksPanel::BookmarksPanel(QWidget* parent)
    : QWidget(parent),
      m_list(new BookmarkList),
      m_add(new QPushButton(tr("Bookmark Current"))),
      m_rename(makeToolButton(QStyle::SP_FileDialogDetailedView, tr("Rename (F2)"), this)),
      m_remove(makeToolButton(QStyle::SP_TrashIcon, tr("Delete (Delete)"), this)) {
    m_list->setObjectName(QStringLiteral("bookmarkList"));
    m_list->setIconSize(QSize(kIcon, kIcon));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setDragEnabled(true);
    m_list->setDragDropMode(QAbstractItemView::DragOnly);
    m_list->setDefaultDropAction(Qt::CopyAction);
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->setSpacing(1);
    m_list->setToolTip(tr("Click to show; drag onto Keyframes to add one"));
    m_add->setToolTip(tr("Keep the frame shown now (Ctrl+B)"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addStretch();
    buttons->addWidget(m_rename);
    buttons->addWidget(m_remove);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &BookmarksPanel::addCurrentRequested);
    connect(m_rename, &QToolButton::clicked, this, [this] { editName(currentRow()); });
    connect(m_remove, &QToolButton::clicked, this, [this] {
        if (currentRow() >= 0) Q_EMIT removeRequested(currentRow());
    });
    connect(m_list, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { Q_EMIT activated(m_list->row(item)); });
    connect(m_list, &QListWidget::itemChanged, this, &BookmarksPanel::onItemChanged);
    connect(m_list, &QListWidget::currentRowChanged, this, &BookmarksPanel::updateButtons);
    auto* remove = new QAction(this);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(remove);
    connect(remove, &QAction::triggered, m_remove, &QToolButton::click);
    // Enter shows the selected bookmark, as a click does.
    auto* show = new QAction(this);
    show->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    show->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(show);
    connect(show, &QAction::triggered, this, [this] {
        if (currentRow() >= 0) Q_EMIT activated(currentRow());
    });
    setModelOpen(false);
}

void BookmarksPanel::setBookmarks(const QStringList& names, const QStringList& tips,
                                  const QList<QByteArray>& payloads) {
    const int row = currentRow();
    const QSignalBlocker block(m_list);
    m_list->clear();
    m_names = names;
    QPixmap blank(kIcon, kIcon);
    blank.fill(QColor(45, 46, 50));
    for (int i = 0; i < names.size(); ++i) {
        auto* item = new QListWidgetItem(QIcon(blank), names[i]);
        item->setFlags(item->flags() | Qt::ItemIsEditable | Qt::ItemIsDragEnabled);
        item->setToolTip(tips.value(i));
        item->setData(kPayloadRole, payloads.value(i));
        item->setSizeHint(QSize(0, kIcon + 6));
        m_list->addItem(item);
    }
    if (!names.isEmpty()) m_list->setCurrentRow(std::clamp(row, 0, int(names.size()) - 1));
    updateButtons();
}

void BookmarksPanel::setThumbnails(const QVector<QImage>& images) {
    const QSignalBlocker block(m_list);
    for (int i = 0; i < m_list->count() && i < images.size(); ++i) {
        if (images[i].isNull()) continue;
        m_list->item(i)->setIcon(thumbnailIcon(images[i], kIcon));
    }
}

void BookmarksPanel::setModelOpen(bool open) {
    m_modelOpen = open;
    updateButtons();
}

int BookmarksPanel::currentRow() const { return m_list->currentRow(); }

void BookmarksPanel::setCurrentRow(int row) { m_list->setCurrentRow(row); }

void BookmarksPanel::editName(int row) {
    if (QListWidgetItem* item = m_list->item(row)) {
        m_list->setCurrentItem(item);
        m_list->editItem(item);
    }
}

void BookmarksPanel::updateButtons() {
    const bool selected = currentRow() >= 0;
    m_add->setEnabled(m_modelOpen);
    m_rename->setEnabled(selected);
    m_remove->setEnabled(selected);
}

void BookmarksPanel::onItemChanged(QListWidgetItem* item) {
    const int row = m_list->row(item);
    if (row < 0 || row >= m_names.size() || item->text() == m_names[row]) return;
    // The library decides (a blank name is refused) and sends the list back either way; queued,
    // so the rebuild does not pull the item from under its editor.
    const QString name = item->text();
    QMetaObject::invokeMethod(
        this, [this, row, name] { Q_EMIT renameRequested(row, name); }, Qt::QueuedConnection);
}

}  // namespace latent::ui
