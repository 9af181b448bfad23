#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <string>

class QAction;
class QMenu;
class QWidget;

namespace latent::ui {

class BackgroundJobs;
class Document;
class ProjectionController;
class ProjectionDialog;
class RecipeController;

// File > Project Image… and what happens to an image that is opened or dropped: a PNG carrying a
// recipe goes to the RecipeController as before; any other PNG or JPEG is projected (a latent is
// fitted to it in the background, see ProjectionController) and, on Use Result, becomes the
// Document's current frame. Kept out of MainWindow, which only forwards images here.
class ProjectionActions : public QObject {
    Q_OBJECT

public:
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    ProjectionActions(Document* document, RecipeController* recipes, QWidget* window);

    // Files MainWindow::openFile hands here instead of loading them as models.
    static bool isImagePath(const QString& path);

    void addToMenu(QMenu* file);
    QList<QAction*> modelActions() const { return m_modelActions; }
    ProjectionController* controller() const { return m_controller; }
    ProjectionDialog* dialog() const;  // null until the first projection
    int steps() const { return m_steps; }
    void setSteps(int steps) { m_steps = steps; }

public Q_SLOTS:
    // File > Open and drops: reads the image in the background; then its recipe (our own PNGs
    // open as saved), or a projection with the dialog.
    void openImage(const QString& path);
    // File > Project Image…: projects the image, recipe or not (the user asked for exactly that).
    void projectImage(const QString& path);
    void projectImageDialog();
    // Makes the finished projection the current frame (z, or W+ for style-based models).
    void useResult();

Q_SIGNALS:
    void message(const QString& text, int timeoutMs);
    void failed(const QString& title, const QString& message);

private:
    void readThenProject(const QString& path, bool recipeFirst);
    void showDialog();

    Document* m_document;
    RecipeController* m_recipes;
    QWidget* m_window;
    BackgroundJobs* m_tasks;
    ProjectionController* m_controller;
    QPointer<ProjectionDialog> m_dialog;
    QList<QAction*> m_modelActions;
    int m_steps = 200;
    std::string m_projectedHash;  // the model the running/finished projection belongs to
};

}  // namespace latent::ui
