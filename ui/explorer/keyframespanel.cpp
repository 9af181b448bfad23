#include "ui/explorer/keyframespanel.h"

#include <algorithm>

#include <QAction>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPixmap>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/panelwidgets.h"

namespace latent::ui {

namespace {
constexpr int kIcon = 48;
const char* const kImportDirKey = "keyframes/importDirectory";
}  // namespace

KeyframesPanel::KeyframesPanel(QWidget* parent)
    : QWidget(parent),
      m_list(new QListWidget),
      m_addCurrent(new QPushButton(tr("Add Current"))),
      m_seeds(new QLineEdit),
      m_addSeeds(new QPushButton(tr("Add Seeds"))),
      m_import(new QPushButton(tr("Import PNG…"))),
      m_up(makeToolButton(QStyle::SP_ArrowUp, tr("Move up"), this)),
      m_down(makeToolButton(QStyle::SP_ArrowDown, tr("Move down"), this)),
      m_remove(makeToolButton(QStyle::SP_TrashIcon, tr("Remove (Delete)"), this)),
      m_play(new QPushButton(tr("Play"))),
      m_export(new QPushButton(tr("Export Video…"))) {
    m_list->setIconSize(QSize(kIcon, kIcon));
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setMinimumHeight(4 * (kIcon + 6));
    m_list->setSpacing(1);
    m_list->setToolTip(tr("Drag to reorder; the video visits keyframes top to bottom"));
    m_addCurrent->setToolTip(tr("Add the frame shown now as the next keyframe"));
    m_seeds->setPlaceholderText(tr("Seeds, e.g. 3, 8, 10-12"));
    m_seeds->setClearButtonEnabled(true);
    m_import->setToolTip(tr("Add the latents stored in PNGs saved by Latent Studio"));
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_play->setToolTip(tr("Preview the path through the keyframes in the image view"));
    m_export->setToolTip(tr("Export the path as an MP4, GIF or PNG sequence"));

    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_addCurrent);
    addRow->addWidget(m_import);
    auto* seedRow = new QHBoxLayout;
    seedRow->addWidget(m_seeds, 1);
    seedRow->addWidget(m_addSeeds);
    auto* editRow = new QHBoxLayout;
    editRow->addWidget(m_up);
    editRow->addWidget(m_down);
    editRow->addWidget(m_remove);
    editRow->addStretch();
    editRow->addWidget(m_play);
    editRow->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(addRow);
    layout->addLayout(seedRow);
    layout->addWidget(m_list);
    layout->addLayout(editRow);

    connect(m_addCurrent, &QPushButton::clicked, this, &KeyframesPanel::addCurrentRequested);
    connect(m_addSeeds, &QPushButton::clicked, this, &KeyframesPanel::addSeeds);
    connect(m_seeds, &QLineEdit::returnPressed, this, &KeyframesPanel::addSeeds);
    connect(m_seeds, &QLineEdit::textChanged, this, &KeyframesPanel::updateButtons);
    connect(m_import, &QPushButton::clicked, this, &KeyframesPanel::importImages);
    connect(m_up, &QToolButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { move(+1); });
    connect(m_remove, &QToolButton::clicked, this, [this] {
        if (currentRow() >= 0) Q_EMIT removeRequested(currentRow());
    });
    connect(m_play, &QPushButton::clicked, this, [this] { Q_EMIT playRequested(!m_playing); });
    connect(m_export, &QPushButton::clicked, this, &KeyframesPanel::exportRequested);
    connect(m_list, &QListWidget::currentRowChanged, this, &KeyframesPanel::updateButtons);
    // A drag has already moved the row in the view; the Document makes it so and then rebuilds
    // the list from its own order. Queued: rebuilding inside the view's own drop would pull the
    // items from under it.
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this,
            [this](const QModelIndex&, int start, int, const QModelIndex&, int row) {
                const int to = row > start ? row - 1 : row;
                if (to == start) return;
                QMetaObject::invokeMethod(
                    this, [this, start, to] { Q_EMIT moveRequested(start, to); },
                    Qt::QueuedConnection);
            });
    auto* remove = new QAction(this);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(remove);
    connect(remove, &QAction::triggered, m_remove, &QToolButton::click);
    // The list only takes its own rows (InternalMove); latents from other panels are taken here.
    m_list->viewport()->installEventFilter(this);
    setModelOpen(false);
}

bool KeyframesPanel::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    if (watched != m_list->viewport() ||
        (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop)) {
        return QWidget::eventFilter(watched, event);
    }
    auto* drop = static_cast<QDropEvent*>(event);
    if (!m_modelOpen || !drop->mimeData()->hasFormat(QLatin1String(kLatentMimeType))) {
        return QWidget::eventFilter(watched, event);
    }
    drop->setDropAction(Qt::CopyAction);
    drop->accept();
    if (type == QEvent::Drop) {
        const QModelIndex at = m_list->indexAt(drop->position().toPoint());
        Q_EMIT latentDropped(drop->mimeData()->data(QLatin1String(kLatentMimeType)),
                             at.isValid() ? at.row() : -1);
    }
    return true;
}

std::vector<std::uint64_t> KeyframesPanel::parseSeeds(const QString& text) {
    std::vector<std::uint64_t> seeds;
    static const QRegularExpression range(QStringLiteral("^\\s*(\\d+)\\s*(?:-\\s*(\\d+))?\\s*$"));
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch m = range.match(part);
        if (!m.hasMatch()) return {};
        const qulonglong first = m.captured(1).toULongLong();
        const qulonglong last = m.captured(2).isEmpty() ? first : m.captured(2).toULongLong();
        if (last < first || last - first >= kMaxSeeds) return {};
        for (qulonglong s = first; s <= last; ++s) seeds.push_back(s);
        if (static_cast<int>(seeds.size()) > kMaxSeeds) return {};
    }
    return seeds;
}

void KeyframesPanel::setKeyframes(const QStringList& labels) {
    const int row = currentRow();
    m_list->clear();
    for (int i = 0; i < labels.size(); ++i) {
        auto* item = new QListWidgetItem(QStringLiteral("%1.  %2").arg(i + 1).arg(labels[i]));
        item->setFlags(item->flags() & ~Qt::ItemIsDropEnabled);
        item->setSizeHint(QSize(0, kIcon + 6));
        m_list->addItem(item);
    }
    if (!labels.isEmpty()) m_list->setCurrentRow(std::clamp(row, 0, int(labels.size()) - 1));
    updateButtons();
}

void KeyframesPanel::setThumbnails(const QVector<QImage>& images) {
    for (int i = 0; i < m_list->count() && i < images.size(); ++i) {
        m_list->item(i)->setIcon(thumbnailIcon(images[i], kIcon));
    }
}

void KeyframesPanel::setPlaying(bool playing) {
    m_playing = playing;
    m_play->setText(playing ? tr("Stop") : tr("Play"));
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaStop : QStyle::SP_MediaPlay));
    updateButtons();
}

void KeyframesPanel::setModelOpen(bool open) {
    m_modelOpen = open;
    updateButtons();
}

int KeyframesPanel::currentRow() const {
    return m_list->currentRow();
}

void KeyframesPanel::setCurrentRow(int row) {
    m_list->setCurrentRow(row);
}

void KeyframesPanel::updateButtons() {
    const int row = currentRow();
    const int n = m_list->count();
    m_addCurrent->setEnabled(m_modelOpen);
    m_import->setEnabled(m_modelOpen);
    m_addSeeds->setEnabled(m_modelOpen && !parseSeeds(m_seeds->text()).empty());
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row < n - 1);
    m_remove->setEnabled(row >= 0);
    m_play->setEnabled(m_playing || n >= 2);
    m_play->setToolTip(n >= 2 || m_playing
                           ? tr("Preview the path through the keyframes in the image view")
                           : tr("Add at least two keyframes to preview a path"));
    m_export->setEnabled(n >= 2);
}

void KeyframesPanel::addSeeds() {
    const std::vector<std::uint64_t> seeds = parseSeeds(m_seeds->text());
    if (seeds.empty() || !m_modelOpen) return;
    Q_EMIT addSeedsRequested(seeds);
    m_seeds->clear();
}

void KeyframesPanel::importImages() {
    QSettings settings;
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Import Keyframes"), settings.value(kImportDirKey).toString(),
        tr("PNG images with a recipe (*.png)"));
    if (paths.isEmpty()) return;
    settings.setValue(kImportDirKey, QFileInfo(paths.front()).absolutePath());
    Q_EMIT importRequested(paths);
}

void KeyframesPanel::move(int delta) {
    const int row = currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_list->count()) return;
    Q_EMIT moveRequested(row, to);
    m_list->setCurrentRow(to);
}

}  // namespace latent::ui
