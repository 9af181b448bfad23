#include "ui/export/pathedit.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace latent::ui {

PathEdit::PathEdit(Mode mode, QWidget* parent)
    : QWidget(parent), m_mode(mode), m_edit(new QLineEdit), m_browse(new QPushButton(tr("Browse…"))) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    m_edit->setMinimumWidth(320);
    m_edit->setClearButtonEnabled(true);
    connect(m_browse, &QPushButton::clicked, this, &PathEdit::browse);
    connect(m_edit, &QLineEdit::textChanged, this, &PathEdit::pathChanged);
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
