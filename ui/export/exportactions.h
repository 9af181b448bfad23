#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace latent::ui {

class DatasetExportDialog;
class Document;
class GridExportDialog;
class RecipeController;
class VideoExportDialog;

// The File menu's export half: Save Image…, and the Export submenu's dialogs (video, grid,
// dataset). Kept out of MainWindow so the window stays a list of panels. Dialogs are modeless and
// kept once made, so an export can run while the user goes on exploring.
class ExportActions : public QObject {
    Q_OBJECT

public:
    using Question = std::function<bool(const QString& title, const QString& text)>;
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    ExportActions(Document* document, QWidget* window);

    // Both default to modal message boxes over the window; tests swap in recorders.
    void setQuestion(Question question);
    void setErrorReporter(ErrorReporter reporter) { m_reportError = std::move(reporter); }

    // Adds Save Image… and the Export submenu to `file`.
    void addToMenu(QMenu* file);
    // Enabled only while a model is open.
    QList<QAction*> modelActions() const { return m_modelActions; }
    RecipeController* recipes() const { return m_recipes; }

    VideoExportDialog* videoDialog();
    GridExportDialog* gridDialog();
    DatasetExportDialog* datasetDialog();

public Q_SLOTS:
    void saveImageDialog();
    void showVideoDialog();
    void showGridDialog();
    void showDatasetDialog();

Q_SIGNALS:
    // A line for the status bar.
    void message(const QString& text, int timeoutMs);

public:
    // Save Image's suggestion: the last folder, the model's name and what the frame is
    // ("…-seed42.png", "…-interpolated.png", "…-projected-edited.png").
    QString suggestedImagePath() const;

private:
    void raise(QWidget* dialog);

    Document* m_document;
    QWidget* m_window;
    RecipeController* m_recipes;
    Question m_ask;
    ErrorReporter m_reportError;
    QList<QAction*> m_modelActions;
    QPointer<VideoExportDialog> m_video;
    QPointer<GridExportDialog> m_grid;
    QPointer<DatasetExportDialog> m_dataset;
};

}  // namespace latent::ui
