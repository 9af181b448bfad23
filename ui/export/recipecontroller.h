#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

#include "core/export/recipe.h"

namespace latent::ui {

class BackgroundJobs;
class Document;

// Images with their recipe, both ways. Save renders the Document's current frame again (at the
// chosen upscale) and writes a PNG carrying its recipe; open reads a PNG's recipe and shows that
// exact latent on the current model. Files and renders run on BackgroundJobs; the Document is
// only touched back in the UI thread.
class RecipeController : public QObject {
    Q_OBJECT

public:
    // Yes/no question for "replace?" and "apply a recipe from another model?"; true is yes.
    using Question = std::function<bool(const QString& title, const QString& text)>;

    explicit RecipeController(Document* document, QObject* parent = nullptr);

    void setQuestion(Question question) { m_ask = std::move(question); }
    bool busy() const;

    // The recipe of what the Document shows now.
    export_::Recipe currentRecipe(int upscale = 1, bool smooth = false) const;

public Q_SLOTS:
    // Asks before replacing an existing file; saved() or failed() follows (nothing when declined).
    void saveImage(const QString& path, int upscale, bool smooth);
    // Reads `path`'s recipe and applies it: recipeOpened() or failed().
    void openRecipe(const QString& path);
    // Adds every PNG whose recipe fits the model to the Document's keyframes; failed() lists the
    // ones that did not (in one message).
    void importKeyframes(const QStringList& paths);

Q_SIGNALS:
    void saved(const QString& path);
    void recipeOpened(const QString& path);
    void keyframesImported(int count);
    void failed(const QString& title, const QString& message);

private:
    void applyRecipe(const QString& path, const Result<export_::Recipe>& recipe);

    Document* m_document;
    BackgroundJobs* m_tasks;
    Question m_ask;
};

}  // namespace latent::ui
