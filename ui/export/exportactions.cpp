#include "ui/export/exportactions.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>

#include "core/edit/explorerstate.h"
#include "ui/document.h"
#include "ui/export/datasetexportdialog.h"
#include "ui/export/exportdialog.h"
#include "ui/export/gridexportdialog.h"
#include "ui/export/recipecontroller.h"
#include "ui/export/saveimagedialog.h"
#include "ui/export/videoexportdialog.h"

namespace latent::ui {

namespace {
const char* const kSaveDirKey = "export/imageDirectory";
const char* const kScaleKey = "export/imageScale";
}  // namespace

ExportActions::ExportActions(Document* document, QWidget* window)
    : QObject(window), m_document(document), m_window(window),
      m_recipes(new RecipeController(document, this)) {
    m_reportError = [window](const QString& title, const QString& text) {
        QMessageBox::warning(window, title, text);
    };
    setQuestion([window](const QString& title, const QString& text) {
        return QMessageBox::question(window, title, text, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    });
    connect(m_recipes, &RecipeController::failed, this,
            [this](const QString& title, const QString& text) { m_reportError(title, text); });
    connect(m_recipes, &RecipeController::saved, this, [this](const QString& path) {
        Q_EMIT message(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 6000);
    });
    connect(m_recipes, &RecipeController::recipeOpened, this, [this](const QString& path) {
        Q_EMIT message(tr("Showing the recipe of %1").arg(QFileInfo(path).fileName()), 6000);
    });
    connect(m_recipes, &RecipeController::keyframesImported, this, [this](int count) {
        Q_EMIT message(tr("Added %n keyframe(s)", nullptr, count), 4000);
    });
}

void ExportActions::setQuestion(Question question) {
    m_ask = std::move(question);
    m_recipes->setQuestion(m_ask);
    for (ExportDialog* dialog : {static_cast<ExportDialog*>(m_video.data()),
                                 static_cast<ExportDialog*>(m_grid.data()),
                                 static_cast<ExportDialog*>(m_dataset.data())}) {
        if (dialog) dialog->setQuestion(m_ask);
    }
}

void ExportActions::addToMenu(QMenu* file) {
    QAction* save = file->addAction(tr("&Save Image…"), this, &ExportActions::saveImageDialog);
    save->setObjectName(QStringLiteral("saveImageAction"));
    save->setShortcut(QKeySequence::Save);
    save->setToolTip(tr("Save the current frame as a PNG with its recipe"));
    QMenu* exports = file->addMenu(tr("&Export"));
    QAction* video = exports->addAction(tr("Interpolation &Video…"), this,
                                        &ExportActions::showVideoDialog);
    QAction* grid = exports->addAction(tr("&Grid…"), this, &ExportActions::showGridDialog);
    QAction* dataset = exports->addAction(tr("Synthetic &Dataset…"), this,
                                          &ExportActions::showDatasetDialog);
    m_modelActions = {save, video, grid, dataset};
}

QString ExportActions::suggestedImagePath() const {
    const QString dir = QSettings().value(kSaveDirKey, QDir::homePath()).toString();
    QString name = QString::fromStdString(m_document->info().name).toLower();
    name.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    name.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    if (name.isEmpty()) name = QStringLiteral("latent");
    // What the frame is, honestly: "…-seed42.png", "…-seed42-edited.png", "…-interpolated.png".
    const QString stem = QString::fromStdString(edit::frameFileStem(m_document->frame()));
    return QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(name, stem));
}

void ExportActions::saveImageDialog() {
    if (!m_document->hasModel()) return;
    SaveImageDialog dialog(suggestedImagePath(), m_document->info().resolution, m_window);
    dialog.setUpscale(
        QSettings().value(kScaleKey, defaultExportScale(m_document->info().resolution)).toInt());
    if (dialog.exec() != QDialog::Accepted || dialog.path().isEmpty()) return;
    QSettings().setValue(kSaveDirKey, QFileInfo(dialog.path()).absolutePath());
    QSettings().setValue(kScaleKey, dialog.upscale());
    m_recipes->saveImage(dialog.path(), dialog.upscale(), dialog.smooth());
}

void ExportActions::raise(QWidget* dialog) {
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

VideoExportDialog* ExportActions::videoDialog() {
    if (!m_video) {
        m_video = new VideoExportDialog(m_document, m_window);
        m_video->setQuestion(m_ask);
    }
    return m_video;
}

GridExportDialog* ExportActions::gridDialog() {
    if (!m_grid) {
        m_grid = new GridExportDialog(m_document, m_window);
        m_grid->setQuestion(m_ask);
    }
    return m_grid;
}

DatasetExportDialog* ExportActions::datasetDialog() {
    if (!m_dataset) {
        m_dataset = new DatasetExportDialog(m_document, m_window);
        m_dataset->setQuestion(m_ask);
    }
    return m_dataset;
}

void ExportActions::showVideoDialog() {
    raise(videoDialog());
}

void ExportActions::showGridDialog() {
    raise(gridDialog());
}

void ExportActions::showDatasetDialog() {
    raise(datasetDialog());
}

}  // namespace latent::ui
