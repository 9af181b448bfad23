#pragma once

#include <QMainWindow>
#include <QString>

#include <functional>

#include "core/model/loader.h"

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;
class QToolButton;

namespace latent::ui {

class Document;
class EditActions;
class Explorer;
class ExportActions;
class LibraryActions;
class ProjectionActions;
class ImportStyleGanDialog;
class ModelLoader;
class RecentFiles;
class RenderController;
class StartPage;
class TrainingPanel;

// The application window: menus, status bar, and a stack of the start page (no model yet), the
// explorer and the training panel (View > Explore | Train). Owns the Document and the controllers;
// panels live in their own widgets.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // Shows a load failure to the user. The default is a modal QMessageBox; tests swap in a
    // recorder so nothing can block them.
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens `path` if given, else the last model of the previous session if it still exists and
    // neither failed to open nor was being opened or used when the app last ended without
    // quitting (a crash, a kill), else `fallback` (the app passes defaultModelPath()); with none,
    // the start page stays.
    void openAtStartup(const QString& path, const QString& fallback = {});
    // The generator shipped with the app, the first of the examples (ui/examplemodels.h): installed
    // beside the binary (CPack layout) or, run from a build tree, the source tree's
    // resources/models/default.ltm. Empty when there is none.
    static QString defaultModelPath();
    // Errors of loads, saves and recipes all go here.
    void setErrorReporter(ErrorReporter reporter);
    // Yes/no questions ("replace it?", "apply a recipe from another model?"); true is yes. The
    // default is a modal QMessageBox; tests answer themselves.
    using Question = std::function<bool(const QString& title, const QString& text)>;
    void setQuestion(Question question);

    Document* document() const { return m_document; }
    RenderController* renderController() const { return m_renderer; }
    ModelLoader* modelLoader() const { return m_loader; }
    RecentFiles* recentFiles() const { return m_recent; }
    Explorer* explorer() const { return m_explorer; }
    StartPage* startPage() const { return m_startPage; }
    TrainingPanel* trainingPanel() const { return m_training; }
    ExportActions* exportActions() const { return m_exports; }
    EditActions* editActions() const { return m_editActions; }
    LibraryActions* libraryActions() const { return m_library; }
    ProjectionActions* projectionActions() const { return m_projection; }
    ImportStyleGanDialog* importDialog() const { return m_import; }
    bool showingStartPage() const;
    bool showingTraining() const;

public Q_SLOTS:
    // Loads in the background; the current model stays until the new one has loaded. A .png is
    // an image with a recipe: its latent is shown on the current model instead.
    void openFile(const QString& path);
    void openDialog();
    void showShortcuts();
    void showAbout();
    // The two modes: the explorer (or the start page while there is no model) and training.
    void showExplorer();
    void showTraining();

Q_SIGNALS:
    void modelOpened(const QString& path);
    void openFailed(const QString& path, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createStatusBar();
    void rebuildRecentMenu();
    // File > Open Example and the start page's examples: the shipped models found.
    void addExamples(QMenu* menu);
    void onLoadStarted(const QString& path);
    void onLoaded(const QString& path, const model::LoadedModel& loaded);
    void onLoadFailed(const QString& path, const QString& message);
    void onPickleRefused(const QString& path);
    // A call into the model has run past the model-call limit (runtime::ModelCallWatch).
    void onModelStuck(const QString& message);
    // A generator snapshot handed over by the Training panel (no file behind it).
    void onSnapshotOpened(const model::LoadedModel& loaded);
    void showModelInfo(const QString& name, const QString& path);
    void updateStats(double milliseconds, double framesPerSecond);
    void updateActions();
    // Shows the Explorer's docks only while the Explorer is on screen.
    void followMode();
    // The training link shows while a run goes on and the window shows something else.
    void showTrainingLink();
    void restoreSettings();
    void saveSettings() const;

    Document* m_document;
    RenderController* m_renderer;
    ModelLoader* m_loader;
    RecentFiles* m_recent;
    QStackedWidget* m_stack;
    StartPage* m_startPage;
    Explorer* m_explorer;
    TrainingPanel* m_training;
    ExportActions* m_exports;
    EditActions* m_editActions = nullptr;
    LibraryActions* m_library = nullptr;  // bookmarks, sessions, attribute dialog
    ProjectionActions* m_projection = nullptr;  // File > Project Image…, dropped images
    ImportStyleGanDialog* m_import = nullptr;   // File > Import StyleGAN Pickle…, opened .pkl files
    QAction* m_exploreMode = nullptr;
    QAction* m_trainMode = nullptr;
    ErrorReporter m_reportError;
    QString m_loadingPath;
    QString m_startupNote;  // why the last model was not reopened, until something has opened

    QMenu* m_recentMenu = nullptr;
    QList<QAction*> m_modelActions;  // enabled only with a model
    QLabel* m_modelLabel = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_timeLabel = nullptr;
    QLabel* m_fpsLabel = nullptr;
    // "Training · step 1200 / 5000 · 180 images/s" while a run goes on (empty otherwise); a
    // click shows Train.
    QToolButton* m_trainingLink = nullptr;
};

}  // namespace latent::ui
