#include "ui/startpage.h"

#include <QFileInfo>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace latent::ui {

namespace {
constexpr int kMaxListHeight = 240;
const char* const kHint = QT_TRANSLATE_NOOP(
    "latent::ui::StartPage",
    "Open a Latent Studio model (.ltm) or a TorchScript export (.pt, .pth, .ts).\n"
    "You can also drop a model file onto this window.");
}

StartPage::StartPage(QWidget* parent)
    : QWidget(parent),
      m_open(new QPushButton(tr("Open model…"))),
      m_recent(new QListWidget),
      m_recentTitle(new QLabel(tr("Recent models"))),
      m_status(new QLabel) {
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

    // The hint has explicit breaks; messages (a model that failed its check) wrap. A wrapped label
    // under-reports its height in this layout, so it keeps room for four lines.
    m_status->setAlignment(Qt::AlignCenter);
    m_status->setWordWrap(true);
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 4);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    setStatus({});

    QFont sectionFont = m_recentTitle->font();
    sectionFont.setWeight(QFont::DemiBold);
    m_recentTitle->setFont(sectionFont);
    m_recent->setAlternatingRowColors(true);
    m_recent->setSpacing(2);
    m_recent->setToolTip(tr("Click to open"));

    auto* column = new QVBoxLayout;
    column->setSpacing(12);
    column->addWidget(logo);
    column->addWidget(title);
    column->addWidget(subtitle);
    column->addSpacing(16);
    column->addWidget(m_open, 0, Qt::AlignHCenter);
    column->addWidget(m_status);
    column->addSpacing(16);
    column->addWidget(m_recentTitle);
    column->addWidget(m_recent);

    auto* centre = new QWidget;
    centre->setLayout(column);
    // Wrapped labels report a narrow size hint; a fixed column keeps the hint readable.
    centre->setFixedWidth(520);
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(centre, 0, Qt::AlignHCenter);
    outer->addStretch(2);

    connect(m_open, &QPushButton::clicked, this, &StartPage::openRequested);
    // One click opens: these are links, not a selection.
    connect(m_recent, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        Q_EMIT recentRequested(item->data(Qt::UserRole).toString());
    });
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        Q_EMIT recentRequested(item->data(Qt::UserRole).toString());
    });
    setRecentFiles({});
}

void StartPage::setRecentFiles(const QStringList& files) {
    m_recent->clear();
    for (const QString& path : files) {
        const QFileInfo info(path);
        auto* item = new QListWidgetItem(
            QStringLiteral("%1   —   %2").arg(info.fileName(), info.absolutePath()));
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
        if (!info.exists()) item->setForeground(palette().color(QPalette::PlaceholderText));
        m_recent->addItem(item);
    }
    // As tall as its entries (up to a limit): a mostly empty box looks broken.
    const int rows = std::max(1, static_cast<int>(files.size()));
    const int rowHeight = std::max(m_recent->sizeHintForRow(0), fontMetrics().height() + 4);
    m_recent->setFixedHeight(std::min(kMaxListHeight, rows * (rowHeight + 2 * m_recent->spacing()) +
                                                          2 * m_recent->frameWidth() + 4));
    m_recentTitle->setVisible(!files.isEmpty());
    m_recent->setVisible(!files.isEmpty());
}

void StartPage::setStatus(const QString& text) {
    m_status->setText(text.isEmpty() ? tr(kHint) : text);
}

}  // namespace latent::ui
