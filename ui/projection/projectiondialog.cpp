#include "ui/projection/projectiondialog.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/projection/projectioncontroller.h"
#include "ui/renderchannel.h"

namespace latent::ui {

namespace {
constexpr int kPictureSize = 192;  // 32-128 px models shown enlarged, pixels kept crisp
}

ProjectionDialog::ProjectionDialog(ProjectionController* controller, QWidget* parent)
    : QDialog(parent),
      m_controller(controller),
      m_target(new QLabel),
      m_preview(new QLabel),
      m_progress(new QProgressBar),
      m_status(new QLabel),
      m_cancel(new QPushButton(tr("Cancel"))),
      m_use(new QPushButton(tr("Use Result"))) {
    setObjectName(QStringLiteral("projectionDialog"));
    setWindowTitle(tr("Project Image"));
    auto* pictures = new QGridLayout;
    for (QLabel* label : {m_target, m_preview}) {
        label->setFixedSize(kPictureSize, kPictureSize);
        label->setAlignment(Qt::AlignCenter);
        label->setFrameShape(QFrame::StyledPanel);
    }
    pictures->addWidget(new QLabel(tr("Image")), 0, 0, Qt::AlignHCenter);
    pictures->addWidget(new QLabel(tr("Generator's reconstruction")), 0, 1, Qt::AlignHCenter);
    pictures->addWidget(m_target, 1, 0);
    pictures->addWidget(m_preview, 1, 1);
    m_use->setEnabled(false);
    m_use->setToolTip(
        tr("Make the reconstruction's latent the current one, to edit with every slider"));
    auto* buttons = new QDialogButtonBox;
    buttons->addButton(m_use, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(pictures);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_controller->running()) {
            m_controller->cancel();
            m_status->setText(tr("Cancelling…"));
        } else {
            reject();
        }
    });
    connect(m_use, &QPushButton::clicked, this, [this] {
        Q_EMIT useResultRequested();
        accept();
    });
    // Closing the dialog (Escape, the title bar) stops a projection nobody watches any more.
    connect(this, &QDialog::rejected, controller, &ProjectionController::cancel);
    connect(controller, &ProjectionController::started, this, &ProjectionDialog::onStarted);
    connect(controller, &ProjectionController::progressed, this, &ProjectionDialog::onProgress);
    connect(controller, &ProjectionController::previewReady, this,
            [this](const QImage& image) { setPicture(m_preview, image); });
    connect(controller, &ProjectionController::succeeded, this, [this] {
        const auto& r = m_controller->result();
        if (!r) return;
        setPicture(m_preview, toQImage(r->image));
        m_progress->setValue(m_progress->maximum());
        onFinished(tr("Done: PSNR %1 dB (MSE %2)%3")
                       .arg(r->psnr, 0, 'f', 1)
                       .arg(r->mse, 0, 'f', 4)
                       .arg(r->space == edit::Space::WPlus ? tr(", in W+") : QString()));
        m_use->setEnabled(true);
        m_use->setDefault(true);
    });
    connect(controller, &ProjectionController::cancelled, this,
            [this] { onFinished(tr("Cancelled.")); });
    connect(controller, &ProjectionController::failed, this,
            [this](const QString& message) { onFinished(tr("Failed: %1").arg(message)); });
}

QString ProjectionDialog::statusText() const { return m_status->text(); }

void ProjectionDialog::onStarted(const QImage& target) {
    setPicture(m_target, target);
    m_preview->clear();
    m_progress->setRange(0, 0);  // busy until the first step: candidates are being scored
    m_status->setText(tr("Finding a starting point…"));
    m_use->setEnabled(false);
    m_cancel->setText(tr("Cancel"));
}

void ProjectionDialog::onProgress(int step, int steps, double loss) {
    m_progress->setRange(0, steps);
    m_progress->setValue(step);
    m_status->setText(tr("Step %1 of %2, loss %3").arg(step).arg(steps).arg(loss, 0, 'f', 4));
}

void ProjectionDialog::onFinished(const QString& text) {
    if (m_progress->maximum() == 0) m_progress->setRange(0, 1);
    m_status->setText(text);
    m_cancel->setText(tr("Close"));
}

void ProjectionDialog::setPicture(QLabel* label, const QImage& image) {
    if (image.isNull()) return;
    label->setPixmap(QPixmap::fromImage(image.scaled(kPictureSize - 4, kPictureSize - 4,
                                                     Qt::KeepAspectRatio, Qt::FastTransformation)));
}

}  // namespace latent::ui
