#include "ui/export/saveimagedialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/export/pathedit.h"

namespace latent::ui {

SaveImageDialog::SaveImageDialog(const QString& suggestedPath, int nativeSize, QWidget* parent)
    : QDialog(parent),
      m_path(new PathEdit(PathEdit::Mode::SaveFile)),
      m_scale(new QComboBox),
      m_smooth(new QCheckBox(tr("Smooth (bilinear)"))) {
    setWindowTitle(tr("Save Image"));
    m_path->setFilter(tr("PNG images (*.png)"));
    m_path->setPath(suggestedPath);
    for (int factor : {1, 2, 4, 8}) {
        const int side = nativeSize * factor;
        m_scale->addItem(factor == 1 ? tr("Native — %1×%1").arg(side)
                                     : tr("×%1 — %2×%2").arg(factor).arg(side),
                         factor);
    }
    m_smooth->setToolTip(tr("Off: every pixel becomes a crisp block (nearest neighbour)"));

    auto* note = new QLabel(tr("The PNG carries its recipe (model, latent, class, truncation): "
                               "open it again to get this exact image back."));
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto* form = new QFormLayout;
    form->addRow(tr("&File:"), m_path);
    form->addRow(tr("&Size:"), m_scale);
    form->addRow(QString(), m_smooth);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_scale, &QComboBox::currentIndexChanged, this,
            [this] { m_smooth->setEnabled(upscale() > 1); });
    connect(m_path, &PathEdit::pathChanged, this, [buttons](const QString& p) {
        buttons->button(QDialogButtonBox::Save)->setEnabled(!p.trimmed().isEmpty());
    });
    m_smooth->setEnabled(false);
}

QString SaveImageDialog::path() const {
    QString p = m_path->path();
    if (!p.isEmpty() && !p.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        p += QLatin1String(".png");
    }
    return p;
}

int SaveImageDialog::upscale() const {
    return m_scale->currentData().toInt();
}

void SaveImageDialog::setUpscale(int factor) {
    const int index = m_scale->findData(factor);
    if (index >= 0) m_scale->setCurrentIndex(index);
}

bool SaveImageDialog::smooth() const {
    return upscale() > 1 && m_smooth->isChecked();
}

}  // namespace latent::ui
