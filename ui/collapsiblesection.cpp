#include "ui/collapsiblesection.h"

#include <QFrame>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace latent::ui {

namespace {
QString settingsKey(const QString& key) { return QStringLiteral("sections/") + key; }
}  // namespace

CollapsibleSection::CollapsibleSection(const QString& title, QWidget* content, const QString& key,
                                       bool open, QWidget* parent)
    : QWidget(parent), m_header(new QToolButton), m_content(content) {
    setObjectName(key);
    m_header->setText(title);
    m_header->setObjectName(key + QStringLiteral("Header"));
    m_header->setCheckable(true);
    m_header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_header->setAutoRaise(true);
    m_header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);
    m_header->setToolTip(tr("Show or hide %1").arg(title));

    auto* line = new QFrame;
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(line);
    layout->addWidget(m_content);

    connect(m_header, &QToolButton::toggled, this, [this](bool on) {
        m_header->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        m_content->setVisible(on);
        QSettings().setValue(settingsKey(objectName()), on);
        Q_EMIT toggled(on);
    });
    const bool initially = QSettings().value(settingsKey(key), open).toBool();
    m_header->setChecked(initially);
    m_header->setArrowType(initially ? Qt::DownArrow : Qt::RightArrow);
    m_content->setVisible(initially);
}

bool CollapsibleSection::isOpen() const { return m_header->isChecked(); }

void CollapsibleSection::setOpen(bool open) { m_header->setChecked(open); }

}  // namespace latent::ui
