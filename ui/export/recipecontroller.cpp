#include "ui/export/recipecontroller.h"

#include <QFileInfo>
#include <QMessageBox>

#include <memory>
#include <utility>
#include <vector>

#include "ui/document.h"
#include "ui/backgroundjobs.h"

namespace latent::ui {

namespace {
using RecipeResult = Result<export_::Recipe>;

QString text(const std::string& s) {
    return QString::fromStdString(s);
}
}  // namespace

RecipeController::RecipeController(Document* document, QObject* parent)
    : QObject(parent), m_document(document), m_tasks(new BackgroundJobs(QStringLiteral("recipes"), this)) {
    m_ask = [](const QString& title, const QString& question) {
        return QMessageBox::question(nullptr, title, question) == QMessageBox::Yes;
    };
}

bool RecipeController::busy() const {
    return m_tasks->busy();
}

export_::Recipe RecipeController::currentRecipe(int upscale, bool smooth) const {
    const model::ModelInfo& info = m_document->info();
    // A latent edited by hand or interpolated is no longer the seed's: the recipe then says so
    // by carrying no seed, and its full latent is what counts anyway.
    std::optional<std::uint64_t> seed;
    if (!m_document->latentEdited()) seed = m_document->seed();
    export_::Recipe recipe =
        export_::makeRecipe(info, seed, m_document->currentLatent(),
                            info.conditional() ? m_document->classIndex() : -1,
                            m_document->truncation());
    // Seed + hand edits + directions: the saved PNG redraws as the frame on screen.
    for (const edit::Edit& e : m_document->activeEdits()) {
        recipe.edits.push_back({e.direction, e.amount});
    }
    recipe.upscale = upscale;
    recipe.smooth = smooth;
    return recipe;
}

void RecipeController::saveImage(const QString& path, int upscale, bool smooth) {
    if (!m_document->hasModel()) {
        Q_EMIT failed(tr("Could not save image"), tr("Open a model first."));
        return;
    }
    if (!export_::validUpscale(upscale)) {
        Q_EMIT failed(tr("Could not save image"), tr("Scale must be 1, 2, 4 or 8."));
        return;
    }
    bool force = false;
    if (QFileInfo::exists(path)) {
        if (!m_ask(tr("Replace Existing File?"),
                   tr("%1 already exists. Do you want to replace it?")
                       .arg(QFileInfo(path).fileName()))) {
            return;
        }
        force = true;
    }
    const export_::Recipe recipe = currentRecipe(upscale, smooth);
    const auto generator = m_document->model().generator;
    const std::string file = path.toStdString();
    m_tasks->run(
        [recipe, generator, file, force]() -> Status {
            Result<image::ImageRGB8> image = export_::renderRecipe(recipe, generator);
            if (!image) return Error{image.error()};
            return export_::saveImage(file, image.value(), recipe, force);
        },
        [this, path](const Status& status) {
            if (status) {
                Q_EMIT saved(path);
            } else {
                Q_EMIT failed(tr("Could not save image"), text(status.error()));
            }
        });
}

void RecipeController::openRecipe(const QString& path) {
    const std::string file = path.toStdString();
    m_tasks->run([file] { return export_::readRecipeFromPng(file); },
                 [this, path](const RecipeResult& recipe) { applyRecipe(path, recipe); });
}

void RecipeController::applyRecipe(const QString& path, const RecipeResult& recipe) {
    const QString title = tr("Could not open image");
    if (!recipe) {
        Q_EMIT failed(title, text(recipe.error()));
        return;
    }
    if (!m_document->hasModel()) {
        Q_EMIT failed(title, tr("%1 holds a recipe; open a model first to draw it.")
                                 .arg(QFileInfo(path).fileName()));
        return;
    }
    const export_::RecipeCheck check = export_::checkRecipe(*recipe, m_document->info());
    if (!check.usable) {
        Q_EMIT failed(title, tr("%1 was %2.").arg(QFileInfo(path).fileName(), text(check.message)));
        return;
    }
    if (!check.sameModel &&
        !m_ask(tr("Recipe From Another Model"),
               tr("%1 was %2.\n\nApply its latent to this model anyway?")
                   .arg(QFileInfo(path).fileName(), text(check.message)))) {
        return;
    }
    std::vector<edit::Edit> edits;
    for (const export_::RecipeEdit& e : recipe->edits) edits.push_back({e.direction, e.amount});
    m_document->setRecipeFrame(recipe->latent, recipe->classIndex, recipe->truncation,
                               recipe->seed, edits);
    Q_EMIT recipeOpened(path);
}

void RecipeController::importKeyframes(const QStringList& paths) {
    std::vector<std::string> files;
    for (const QString& p : paths) files.push_back(p.toStdString());
    m_tasks->run(
        [files] {
            std::vector<RecipeResult> recipes;
            recipes.reserve(files.size());
            for (const std::string& f : files) recipes.push_back(export_::readRecipeFromPng(f));
            return recipes;
        },
        [this, paths](const std::vector<RecipeResult>& recipes) {
            QStringList problems;
            int added = 0;
            for (std::size_t i = 0; i < recipes.size(); ++i) {
                const RecipeResult& r = recipes[i];
                if (!r) {
                    problems << text(r.error());
                    continue;
                }
                const export_::RecipeCheck check = export_::checkRecipe(*r, m_document->info());
                if (!check.usable) {
                    problems << tr("%1 was %2.").arg(QFileInfo(paths[static_cast<int>(i)]).fileName(),
                                                     text(check.message));
                    continue;
                }
                // A recipe without a seed holds a latent from elsewhere: imported, not "seed 0".
                const bool edited =
                    r->seed &&
                    latent::sampleLatent(*r->seed, m_document->latentSize()) != r->latent;
                m_document->addKeyframe(
                    edit::Keyframe{r->latent, r->seed.value_or(0), edited,
                                   r->seed ? edit::Origin::Seed : edit::Origin::Imported});
                ++added;
            }
            if (added > 0) Q_EMIT keyframesImported(added);
            if (!problems.isEmpty()) Q_EMIT failed(tr("Some images were not added"), problems.join(QLatin1Char('\n')));
        });
}

}  // namespace latent::ui
