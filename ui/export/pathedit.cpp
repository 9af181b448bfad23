#include "ui/export/pathedit.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>

#include <algorithm>

namespace latent::ui {

PathEdit::PathEdit(Mode mode, QWidget* parent)
    : QWidget(parent), m_mode(mode), m_edit(new QLineEdit), m_browse(new QPushButton(tr("Browse…"))) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    m_edit->setMinimumWidth(kMinWidth);
    m_edit->setClearButtonEnabled(true);
    connect(m_browse, &QPushButton::clicked, this, &PathEdit::browse);
    connect(m_edit, &QLineEdit::textChanged, this, &PathEdit::pathChanged);
    connect(m_edit, &QLineEdit::textChanged, this, &PathEdit::fitToPath);
}

void PathEdit::fitToPath() {
    // The whole path in view (a dialog grows to show it), up to most of the screen's width; the
    // tooltip has it in any case.
    const QString text = m_edit->text();
    const QScreen* screen = this->screen();
    const int most = screen ? screen->availableGeometry().width() * 2 / 3 : 900;
    const int wanted = m_edit->fontMetrics().horizontalAdvance(text) + 48;
    m_edit->setMinimumWidth(std::clamp(wanted, kMinWidth, std::max(kMinWidth, most)));
    m_edit->setToolTip(text);
}

QString PathEdit::path() const {
    return m_edit->text().trimmed();
}

void PathEdit::setPath(const QString& path) {
    m_edit->setText(path);
}

void PathEdit::browse() {
    const QString current = path();
    QString chosen;
    if (m_mode == Mode::Folder) {
        // The folder is created by the export; pick its parent and keep the name typed so far.
        const QString parent =
            QFileDialog::getExistingDirectory(this, tr("Choose Where to Save"),
                                              QFileInfo(current).absolutePath());
        if (!parent.isEmpty()) {
            const QString name = QFileInfo(current).fileName();
            chosen = parent + QLatin1Char('/') + (name.isEmpty() ? tr("export") : name);
        }
    } else {
        chosen = QFileDialog::getSaveFileName(this, tr("Save As"), current, m_filter, nullptr,
                                              QFileDialog::DontConfirmOverwrite);
    }
    if (!chosen.isEmpty()) setPath(chosen);
}

}  // namespace latent::ui
