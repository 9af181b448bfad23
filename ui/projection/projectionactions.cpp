#include "ui/projection/projectionactions.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

#include <algorithm>

#include "core/edit/projection.h"
#include "core/export/recipe.h"
#include "core/image/png.h"
#include "ui/document.h"
#include "ui/backgroundjobs.h"
#include "ui/export/recipecontroller.h"
#include "ui/projection/projectioncontroller.h"
#include "ui/projection/projectiondialog.h"

namespace latent::ui {

namespace {
const char* const kDirKey = "projection/directory";

// An image read off the UI thread, and whether it is one of ours with a recipe (or grid) inside.
struct ReadImage {
    Result<image::ImageRGB8> image = Error{""};
    bool hasRecipe = false;
};

ReadImage readImage(const std::string& path) {
    ReadImage r;
    image::TextChunks text;
    auto png = image::readPng(path, &text);
    if (png) {
        r.hasRecipe = std::any_of(text.begin(), text.end(), [](const auto& chunk) {
            return chunk.first == export_::kRecipeChunk || chunk.first == "latent-studio:grid";
        });
        r.image = std::move(png);
    } else {
        r.image = edit::readImageFile(path);  // a JPEG, or the PNG error in the file's own words
    }
    return r;
}
}  // namespace

ProjectionActions::ProjectionActions(Document* document, RecipeController* recipes, QWidget* window)
    : QObject(window),
      m_document(document),
      m_recipes(recipes),
      m_window(window),
      m_tasks(new BackgroundJobs(QStringLiteral("projection target reader"), this)),
      m_controller(new ProjectionController(this)) {
    connect(m_controller, &ProjectionController::succeeded, this, [this] {
        Q_EMIT message(tr("Projection done; Use Result makes it the current frame"), 6000);
    });
}

ProjectionDialog* ProjectionActions::dialog() const { return m_dialog.data(); }

bool ProjectionActions::isImagePath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("png") || suffix == QLatin1String("jpg") ||
           suffix == QLatin1String("jpeg");
}

void ProjectionActions::addToMenu(QMenu* file) {
    QAction* project =
        file->addAction(tr("&Project Image…"), this, &ProjectionActions::projectImageDialog);
    project->setObjectName(QStringLiteral("projectImageAction"));
    project->setToolTip(tr("Fit a latent to a picture so it can be edited with the sliders"));
    m_modelActions = {project};
}

void ProjectionActions::projectImageDialog() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Project Image"), settings.value(kDirKey, QDir::homePath()).toString(),
        tr("Images (*.png *.jpg *.jpeg);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kDirKey, QFileInfo(path).absolutePath());
    projectImage(path);
}

void ProjectionActions::openImage(const QString& path) { readThenProject(path, true); }

void ProjectionActions::projectImage(const QString& path) { readThenProject(path, false); }

void ProjectionActions::readThenProject(const QString& path, bool recipeFirst) {
    const std::string file = path.toStdString();
    m_tasks->run([file] { return readImage(file); },
                 [this, path, recipeFirst](const ReadImage& read) {
                     if (recipeFirst && read.hasRecipe) {  // our own PNGs open as saved
                         m_recipes->openRecipe(path);
                         return;
                     }
                     const QString title = tr("Could not project image");
                     if (!read.image) {
                         Q_EMIT failed(title, QString::fromStdString(read.image.error()));
                         return;
                     }
                     if (!m_document->hasModel()) {
                         Q_EMIT failed(title,
                                       tr("%1 has no recipe; open a model first to project it.")
                                           .arg(QFileInfo(path).fileName()));
                         return;
                     }
                     edit::ProjectionOptions options;
                     options.steps = m_steps;
                     if (m_document->info().conditional())
                         options.classIndex = -1;  // picked from the image
                     showDialog();
                     m_projectedHash = m_document->info().contentHash + m_document->info().path;
                     m_controller->start(m_document->model(), read.image.value(), options);
                     Q_EMIT message(tr("Projecting %1…").arg(QFileInfo(path).fileName()), 4000);
                 });
}

void ProjectionActions::showDialog() {
    if (!m_dialog) {
        m_dialog = new ProjectionDialog(m_controller, m_window);
        connect(m_dialog, &ProjectionDialog::useResultRequested, this,
                &ProjectionActions::useResult);
    }
    m_dialog->show();
    m_dialog->raise();
}

void ProjectionActions::useResult() {
    const auto& r = m_controller->result();
    if (!r || !m_document->hasModel()) return;
    if (m_document->info().contentHash + m_document->info().path != m_projectedHash) {
        Q_EMIT failed(tr("Could not use the projection"),
                      tr("Another model was opened since; project the image again on this one."));
        return;
    }
    if (r->space == edit::Space::Z) {
        m_document->setProjectedFrame(r->latent, r->classIndex);
    } else {
        m_document->setWPlusFrame(r->latent, r->classIndex);
    }
    Q_EMIT message(
        tr("The projected image is the current frame (PSNR %1 dB)").arg(r->psnr, 0, 'f', 1), 6000);
}

}  // namespace latent::ui
