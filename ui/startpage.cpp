#include "ui/startpage.h"

#include <QCommandLinkButton>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

namespace latent::ui {

namespace {
constexpr int kHeaderWidth = 520;
// The examples and the recent files side by side: both fit a 1024-px window.
constexpr int kColumnWidth = 400;
constexpr int kColumnGap = 32;
// Rows the recent list keeps before it scrolls, when the window is too short for all of them.
constexpr int kMinRecentRows = 3;
const char* const kHint = QT_TRANSLATE_NOOP(
    "latent::ui::StartPage",
    "Open a Latent Studio model (.ltm) or a TorchScript export (.pt, .pth, .ts).\n"
    "You can also drop a model file onto this window.");
const char* const kSeparator = "   —   ";

// Asks the layout for the height of all its rows (a list view's own hint is a fixed guess); the
// layout may give it less, down to its minimum, and then it scrolls.
class FittedList final : public QListWidget {
public:
    void setWantedHeight(int height) {
        m_wanted = height;
        updateGeometry();
    }
    QSize sizeHint() const override { return {QListWidget::sizeHint().width(), m_wanted}; }

private:
    int m_wanted = 0;
};

// Asks for its maximum width: centred in the page, it is as wide as that allows, up to that.
class WideRow final : public QWidget {
public:
    QSize sizeHint() const override { return {maximumWidth(), QWidget::sizeHint().height()}; }
};

QLabel* sectionTitle(const QString& text) {
    auto* label = new QLabel(text);
    QFont font = label->font();
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    return label;
}
}  // namespace

StartPage::StartPage(QWidget* parent)
    : QWidget(parent),
      m_open(new QPushButton(tr("Open model…"))),
      m_recent(new FittedList),
      m_recentTitle(sectionTitle(tr("Recent models"))),
      m_status(new QLabel),
      m_recentSection(new QWidget),
      m_examples(new QWidget),
      m_columns(new WideRow),
      m_exampleLayout(new QVBoxLayout) {
    auto* logo = new QLabel;
    logo->setPixmap(QIcon(QStringLiteral(":/icons/latent-studio.png")).pixmap(96, 96));
    logo->setAlignment(Qt::AlignCenter);
    logo->setMinimumHeight(100);

    auto* title = new QLabel(tr("Latent Studio"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.2);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto* subtitle = new QLabel(tr("Explore what a GAN generator has learned"));
    subtitle->setAlignment(Qt::AlignCenter);
    subtitle->setForegroundRole(QPalette::PlaceholderText);

    QFont buttonFont = m_open->font();
    buttonFont.setPointSizeF(buttonFont.pointSizeF() * 1.3);
    m_open->setFont(buttonFont);
    m_open->setMinimumSize(260, 52);
    m_open->setDefault(true);
    m_open->setToolTip(tr("Open a model file (Ctrl+O)"));

    // The hint has explicit breaks; messages (a model that failed its check) wrap.
    m_status->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_status->setWordWrap(true);
    m_status->setFixedWidth(kHeaderWidth);
    m_status->setForegroundRole(QPalette::PlaceholderText);

    auto* header = new QVBoxLayout;
    header->setSpacing(12);
    header->addWidget(logo);
    header->addWidget(title);
    header->addWidget(subtitle);
    header->addSpacing(16);
    header->addWidget(m_open, 0, Qt::AlignHCenter);
    header->addWidget(m_status, 0, Qt::AlignHCenter);

    // Examples: buttons with an arrow, a title and what to try, unlike the plain recent rows.
    m_exampleLayout->setContentsMargins(0, 0, 0, 0);
    m_exampleLayout->setSpacing(6);
    auto* examplesColumn = new QVBoxLayout(m_examples);
    examplesColumn->setContentsMargins(0, 0, 0, 0);
    examplesColumn->setSpacing(8);
    examplesColumn->addWidget(sectionTitle(tr("Examples")));
    examplesColumn->addLayout(m_exampleLayout);
    examplesColumn->addStretch(1);
    m_examples->setToolTip(tr("Generators shipped with Latent Studio"));

    m_recent->setAlternatingRowColors(true);
    m_recent->setSpacing(2);
    m_recent->setToolTip(tr("Click to open"));
    // Entries are elided to the width, so nothing is ever wider than the list.
    m_recent->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_recent->viewport()->installEventFilter(this);
    auto* recentColumn = new QVBoxLayout(m_recentSection);
    recentColumn->setContentsMargins(0, 0, 0, 0);
    recentColumn->setSpacing(8);
    recentColumn->addWidget(m_recentTitle);
    recentColumn->addWidget(m_recent);
    recentColumn->addStretch(1);

    // Both columns share the row; a lone one is centred at the width of one.
    auto* columns = new QHBoxLayout(m_columns);
    columns->setContentsMargins(0, 0, 0, 0);
    columns->setSpacing(kColumnGap);
    columns->addWidget(m_examples, 1);
    columns->addWidget(m_recentSection, 1);

    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(header);
    outer->addSpacing(24);
    outer->addWidget(m_columns, 0, Qt::AlignHCenter);
    outer->addStretch(2);

    connect(m_open, &QPushButton::clicked, this, &StartPage::openRequested);
    // One click opens: these are links, not a selection.
    connect(m_recent, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        Q_EMIT recentRequested(item->data(Qt::UserRole).toString());
    });
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        Q_EMIT recentRequested(item->data(Qt::UserRole).toString());
    });
    setStatus({});
    setRecentFiles({});
    setExamples({});
}

void StartPage::setRecentFiles(const QStringList& files) {
    m_recent->clear();
    for (const QString& path : files) {
        auto* item = new QListWidgetItem;
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
        if (!QFileInfo::exists(path))
            item->setForeground(palette().color(QPalette::PlaceholderText));
        m_recent->addItem(item);
    }
    elideRecentEntries();
    fitRecentList();
    m_recentSection->setVisible(!files.isEmpty());
    fitColumns();
}

void StartPage::setExamples(const QList<ExampleModel>& examples) {
    qDeleteAll(m_exampleButtons);
    m_exampleButtons.clear();
    for (const ExampleModel& example : examples) {
        if (example.path.isEmpty()) continue;
        auto* button = new QCommandLinkButton(example.title, example.description);
        button->setObjectName(QStringLiteral("example:") + example.fileName);
        button->setToolTip(example.path);
        button->setCursor(Qt::PointingHandCursor);
        // As tall as its description needs at its width (eventFilter), never squeezed by the
        // layout. Not a height-for-width item: that would make the whole row as rigid, and the
        // recent list could not give way in a short window.
        button->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        button->setFixedHeight(button->heightForWidth(kColumnWidth));
        button->installEventFilter(this);
        const QString path = example.path;
        connect(button, &QAbstractButton::clicked, this,
                [this, path] { Q_EMIT exampleRequested(path); });
        m_exampleLayout->addWidget(button);
        m_exampleButtons.append(button);
    }
    m_examples->setVisible(!m_exampleButtons.isEmpty());
    fitColumns();
}

void StartPage::fitColumns() {
    const bool both = !m_exampleButtons.isEmpty() && m_recent->count() > 0;
    m_columns->setMaximumWidth(both ? 2 * kColumnWidth + kColumnGap : kColumnWidth);
    m_columns->updateGeometry();
    m_columns->setVisible(!m_exampleButtons.isEmpty() || m_recent->count() > 0);
}

void StartPage::setStatus(const QString& text) {
    m_status->setText(text.isEmpty() ? tr(kHint) : text);
    fitStatus();
}

void StartPage::fitStatus() {
    const int twoLines = 2 * m_status->fontMetrics().lineSpacing();
    m_status->setFixedHeight(std::max(twoLines, m_status->heightForWidth(kHeaderWidth)));
}

void StartPage::fitRecentList() {
    const int rows = std::max(1, m_recent->count());
    // A row is its text and the spacing on either side of it.
    const int text = m_recent->count() > 0 ? m_recent->sizeHintForRow(0) : fontMetrics().height();
    const int rowHeight = text + 2 * m_recent->spacing();
    const int frame = 2 * m_recent->frameWidth();
    const int all = rows * rowHeight + frame;
    static_cast<FittedList*>(m_recent)->setWantedHeight(all);
    m_recent->setMaximumHeight(all);
    m_recent->setMinimumHeight(std::min(all, kMinRecentRows * rowHeight + frame));
}

void StartPage::elideRecentEntries() {
    // "name — folder": the name whole, the folder (home as ~) cut at its start to what is left, so
    // the run folders that tell the entries apart stay in sight.
    const QFontMetrics metrics = m_recent->fontMetrics();
    const int width = m_recent->viewport()->width() - 2 * m_recent->spacing() -
                      2 * m_recent->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) - 8;
    const QString separator = QString::fromUtf8(kSeparator);
    for (int i = 0; i < m_recent->count(); ++i) {
        QListWidgetItem* item = m_recent->item(i);
        const QFileInfo info(item->data(Qt::UserRole).toString());
        const QString name = info.fileName();
        const int left = width - metrics.horizontalAdvance(name + separator);
        QString folder = QDir::toNativeSeparators(info.absolutePath());
        const QString home = QDir::toNativeSeparators(QDir::homePath());
        if (home.size() > 1 && (folder == home || folder.startsWith(home + QDir::separator())))
            folder = QLatin1Char('~') + folder.mid(home.size());
        const int least = metrics.horizontalAdvance(QStringLiteral("…/"));
        folder = metrics.elidedText(folder, Qt::ElideLeft, std::max(left, least));
        // A name too long for the row gives way as well.
        item->setText(metrics.elidedText(name + separator + folder, Qt::ElideMiddle, width));
    }
}

void StartPage::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        fitStatus();
        elideRecentEntries();
        fitRecentList();
        for (QAbstractButton* button : m_exampleButtons)
            button->setFixedHeight(button->heightForWidth(std::max(button->width(), 1)));
    }
}

bool StartPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_recent->viewport() && event->type() == QEvent::Resize) elideRecentEntries();
    if (event->type() == QEvent::Resize) {
        if (auto* button = qobject_cast<QAbstractButton*>(watched)) {
            const int height = button->heightForWidth(button->width());
            if (height > 0 && height != button->height()) button->setFixedHeight(height);
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace latent::ui
