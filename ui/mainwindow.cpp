#include "ui/mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QCoreApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QHBoxLayout>

#include "core/runtime/modelwatch.h"
#include "ui/convert/importstylegandialog.h"
#include "ui/document.h"
#include "ui/editing/directionspanel.h"
#include "ui/editing/editactions.h"
#include "ui/examplemodels.h"
#include "ui/explorer/comparecontroller.h"
#include "ui/explorer/explorer.h"
#include "ui/explorer/imageview.h"
#include "ui/explorer/keyframespanel.h"
#include "ui/explorersession/explorerautosave.h"
#include "ui/explorersession/explorersessioncontroller.h"
#include "ui/export/exportactions.h"
#include "ui/export/recipecontroller.h"
#include "ui/projection/projectionactions.h"
#include "ui/helpdialogs.h"
#include "ui/library/libraryactions.h"
#include "ui/modedock.h"
#include "ui/modelloader.h"
#include "ui/recentfiles.h"
#include "ui/rendercontroller.h"
#include "ui/startpage.h"
#include "ui/training/trainingcontroller.h"
#include "ui/training/trainingpanel.h"
#include "ui/wheelguard.h"

// latent_ui is a static library: its resources need an explicit reference to be linked in.
static void initResources() {
    Q_INIT_RESOURCE(resources);
}

namespace latent::ui {

namespace {
const char* const kGeometryKey = "window/geometry";
const char* const kStateKey = "window/state";
const QString kDockKey = QStringLiteral("window/wanted/");
// 0 auto, 1 smooth, 2 pixelated (ImageView::Scaling).
const char* const kScalingKey = "view/scaling";
const char* const kLastModelKey = "lastModel";
// The model being opened, until it has opened or failed: still set at the next start when the app
// died while opening it.
const char* const kOpeningKey = "openingModel";
// True from start-up until the main window is destroyed on a normal quit.
const char* const kRunningKey = "running";
// Seconds one call into a model may take before the user is told it is stuck.
constexpr double kModelCallSeconds = 120.0;
}  // namespace

QString MainWindow::defaultModelPath() {
    for (const ExampleModel& example : findExampleModels()) {
        if (example.fileName == QLatin1String(kDefaultExampleFile)) return example.path;
    }
    return {};
}

namespace {
const char* const kLastDirKey = "lastDirectory";

QLabel* statusLabel(const QString& tip) {
    auto* label = new QLabel;
    label->setToolTip(tip);
    label->setContentsMargins(6, 0, 6, 0);
    return label;
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_document(new Document(this)),
      m_renderer(new RenderController(m_document, this)),
      m_loader(new ModelLoader(this)),
      m_recent(new RecentFiles(this)),
      m_stack(new QStackedWidget),
      m_startPage(new StartPage),
      m_explorer(new Explorer(m_document, m_renderer)),
      m_training(new TrainingPanel),
      m_exports(new ExportActions(m_document, this)) {
    initResources();
    WheelGuard::install();  // the wheel scrolls panels; it changes only a focused control
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Latent Studio"));
    setAcceptDrops(true);
    m_stack->addWidget(m_startPage);
    m_stack->addWidget(m_explorer);
    m_stack->addWidget(m_training);
    setCentralWidget(m_stack);

    m_reportError = [this](const QString& title, const QString& message) {
        QMessageBox::warning(this, title, message);
    };

    createActions();
    createStatusBar();

    connect(m_startPage, &StartPage::openRequested, this, &MainWindow::openDialog);
    connect(m_startPage, &StartPage::recentRequested, this, &MainWindow::openFile);
    connect(m_startPage, &StartPage::exampleRequested, this, &MainWindow::openFile);
    connect(m_recent, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
    connect(m_loader, &ModelLoader::started, this, &MainWindow::onLoadStarted);
    connect(m_loader, &ModelLoader::loaded, this, &MainWindow::onLoaded);
    connect(m_loader, &ModelLoader::failed, this, &MainWindow::onLoadFailed);
    connect(m_loader, &ModelLoader::progress, this, [this](const QString&, const QString& message) {
        statusBar()->showMessage(message);
        m_startPage->setStatus(message);
    });
    connect(m_loader, &ModelLoader::pickleRefused, this,
            [this](const QString& path, const QString&) { onPickleRefused(path); });
    connect(m_import, &ImportStyleGanDialog::converted, this, &MainWindow::openFile);
    connect(m_training, &TrainingPanel::openModelRequested, this, &MainWindow::onSnapshotOpened);
    // Outside Train, the status bar says a run is going and leads back to it.
    connect(m_training, &TrainingPanel::progressChanged, this, [this](const QString& summary) {
        m_trainingLink->setText(summary);
        showTrainingLink();
    });
    connect(m_stack, &QStackedWidget::currentChanged, this, &MainWindow::showTrainingLink);
    connect(m_training, &TrainingPanel::openFileRequested, this, &MainWindow::openFile);
    connect(m_explorer, &Explorer::exportVideoRequested, m_exports,
            &ExportActions::showVideoDialog);
    connect(m_explorer, &Explorer::importKeyframesRequested, m_exports->recipes(),
            &RecipeController::importKeyframes);
    connect(m_exports, &ExportActions::message, statusBar(), &QStatusBar::showMessage);
    connect(m_projection, &ProjectionActions::message, statusBar(), &QStatusBar::showMessage);
    connect(m_projection, &ProjectionActions::failed, this,
            [this](const QString& title, const QString& text) { m_reportError(title, text); });
    connect(m_library, &LibraryActions::message, statusBar(), &QStatusBar::showMessage);
    connect(m_explorer->keyframesPanel(), &KeyframesPanel::latentDropped, m_library,
            &LibraryActions::addDroppedLatent);
    connect(m_explorer->directionsPanel(), &DirectionsPanel::attributeDialogRequested, m_library,
            &LibraryActions::showAttributeDialog);
    connect(m_stack, &QStackedWidget::currentChanged, this, &MainWindow::followMode);
    followMode();
    ExplorerSessionController* sessions = m_library->sessions();
    connect(sessions, &ExplorerSessionController::modelWanted, this, &MainWindow::openFile);
    connect(this, &MainWindow::modelOpened, sessions, &ExplorerSessionController::modelOpened);
    connect(this, &MainWindow::openFailed, sessions, &ExplorerSessionController::modelFailed);
    connect(m_library, &LibraryActions::failed, this,
            [this](const QString& title, const QString& text) { m_reportError(title, text); });
    connect(m_renderer, &RenderController::statsChanged, this, &MainWindow::updateStats);
    connect(m_renderer, &RenderController::renderFailed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Render failed: %1").arg(message), 8000);
    });
    // FPS is a rolling figure: let it fall back to "idle" once frames stop coming.
    auto* fpsTimer = new QTimer(this);
    connect(fpsTimer, &QTimer::timeout, this, [this] {
        updateStats(m_renderer->lastMilliseconds(), m_renderer->framesPerSecond());
    });
    fpsTimer->start(1000);

    rebuildRecentMenu();
    updateActions();
    restoreSettings();

    // A model call that never returns cannot be interrupted; the user is told, on the UI thread.
    QPointer<MainWindow> self(this);
    runtime::setModelCallLimit(runtime::modelCallLimitFromEnvironment(kModelCallSeconds),
                               [self](const std::string& message) {
                                   const QString text = QString::fromStdString(message);
                                   QMetaObject::invokeMethod(qApp, [self, text] {
                                       if (self) self->onModelStuck(text);
                                   });
                               });
}

MainWindow::~MainWindow() {
    QSettings().setValue(kRunningKey, false);
}

void MainWindow::setErrorReporter(ErrorReporter reporter) {
    m_reportError = reporter;
    m_exports->setErrorReporter(std::move(reporter));
}

void MainWindow::setQuestion(Question question) {
    m_exports->setQuestion(std::move(question));
}

bool MainWindow::showingStartPage() const {
    return m_stack->currentWidget() == m_startPage;
}

bool MainWindow::showingTraining() const {
    return m_stack->currentWidget() == m_training;
}

void MainWindow::showExplorer() {
    m_stack->setCurrentWidget(m_document->hasModel() ? static_cast<QWidget*>(m_explorer)
                                                     : m_startPage);
    m_exploreMode->setChecked(true);
    if (m_document->hasModel()) m_explorer->imageView()->setFocus();
}

void MainWindow::showTraining() {
    m_stack->setCurrentWidget(m_training);
    m_trainMode->setChecked(true);
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Model…"), this, &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    addExamples(file->addMenu(tr("Open E&xample")));
    m_import = new ImportStyleGanDialog(this);
    file->addAction(tr("&Import StyleGAN Pickle…"), this, [this] { m_import->showFor({}); });
    file->addSeparator();
    m_exports->addToMenu(file);
    m_projection = new ProjectionActions(m_document, m_exports->recipes(), this);
    m_projection->addToMenu(file);
    m_library = new LibraryActions(m_document, this);
    m_library->addToFileMenu(file);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    m_editActions = new EditActions(m_document, this);
    QMenu* edit = m_editActions->addMenu();
    m_library->addToEditMenu(edit);

    QMenu* explore = menuBar()->addMenu(tr("&Explore"));
    QAction* random = explore->addAction(tr("&Random Seed"), m_explorer, &Explorer::randomSeed);
    random->setShortcut(QKeySequence(Qt::Key_R));
    // Left/Right belong to sliders and text fields elsewhere, so the image view handles them
    // itself; the menu shows them without claiming them window-wide.
    QAction* previous = explore->addAction(tr("&Previous Seed\tLeft"), m_explorer,
                                           &Explorer::previousSeed);
    QAction* next = explore->addAction(tr("&Next Seed\tRight"), m_explorer, &Explorer::nextSeed);
    explore->addSeparator();
    QAction* setA = explore->addAction(tr("Set as &A"), m_document, &Document::setKeyframeA);
    setA->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction* setB = explore->addAction(tr("Set as &B"), m_document, &Document::setKeyframeB);
    setB->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_modelActions = {random, previous, next, setA, setB};
    m_modelActions += m_exports->modelActions() + m_projection->modelActions();
    m_library->addToExploreMenu(explore);
    m_modelActions += m_library->modelActions();

    QMenu* view = menuBar()->addMenu(tr("&View"));
    ImageView* image = m_explorer->imageView();
    QAction* zoomIn = view->addAction(tr("Zoom &In"), image, &ImageView::zoomIn);
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction* zoomOut = view->addAction(tr("Zoom &Out"), image, &ImageView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction* fit = view->addAction(tr("&Fit to Window"), image, &ImageView::fitToView);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    // Plain 1 and 0 zoom while the image has focus; Ctrl+1 is Set as A.
    QAction* actual = view->addAction(tr("&Actual Pixels (1:1)\t1"), image, &ImageView::actualSize);
    m_modelActions += {zoomIn, zoomOut, fit, actual};
    QMenu* scaling = view->addMenu(tr("&Scaling"));
    auto* scalings = new QActionGroup(this);
    const std::pair<ImageView::Scaling, QString> scalingModes[] = {
        {ImageView::Scaling::Auto, tr("&Auto (pixelated from 3×)")},
        {ImageView::Scaling::Smooth, tr("&Smooth")},
        {ImageView::Scaling::Pixelated, tr("&Pixelated")}};
    const int saved = QSettings().value(kScalingKey, 0).toInt();
    for (const auto& [mode, text] : scalingModes) {
        QAction* a = scaling->addAction(text);
        a->setCheckable(true);
        a->setData(static_cast<int>(mode));
        a->setChecked(static_cast<int>(mode) == saved);
        scalings->addAction(a);
    }
    if (!scalings->checkedAction()) scalings->actions().front()->setChecked(true);
    m_explorer->setScaling(scalings->checkedAction()->data().toInt());
    connect(scalings, &QActionGroup::triggered, this, [this](QAction* a) {
        m_explorer->setScaling(a->data().toInt());
        QSettings().setValue(kScalingKey, a->data().toInt());
    });
    // S steps through the three, as the old smooth toggle did between two.
    QAction* nextScaling = new QAction(tr("Next Scaling"), this);
    nextScaling->setObjectName(QStringLiteral("nextScalingAction"));
    nextScaling->setShortcut(QKeySequence(Qt::Key_S));
    connect(nextScaling, &QAction::triggered, this, [scalings] {
        const QList<QAction*> all = scalings->actions();
        const int i = static_cast<int>(all.indexOf(scalings->checkedAction()));
        all[(i + 1) % all.size()]->trigger();
    });
    addAction(nextScaling);

    // Side by side: A and B, or the frame without and with its edits; C steps through them.
    QMenu* compareMenu = view->addMenu(tr("&Compare"));
    CompareController* compare = m_explorer->compare();
    auto* compares = new QActionGroup(this);
    const std::pair<CompareController::Mode, QString> compareModes[] = {
        {CompareController::Mode::Off, tr("&Off")},
        {CompareController::Mode::AB, tr("&A | B")},
        {CompareController::Mode::Edits, tr("&Without | With Edits")}};
    for (const auto& [mode, text] : compareModes) {
        QAction* a = compareMenu->addAction(text);
        a->setCheckable(true);
        a->setData(static_cast<int>(mode));
        a->setChecked(mode == compare->mode());
        a->setObjectName(QStringLiteral("compare%1Action").arg(static_cast<int>(mode)));
        compares->addAction(a);
        m_modelActions += a;
    }
    connect(compares, &QActionGroup::triggered, this, [compare](QAction* a) {
        compare->setMode(static_cast<CompareController::Mode>(a->data().toInt()));
    });
    connect(compare, &CompareController::modeChanged, this,
            [this, compares](CompareController::Mode mode) {
                for (QAction* a : compares->actions())
                    a->setChecked(a->data().toInt() == static_cast<int>(mode));
                const QString what = mode == CompareController::Mode::AB
                                         ? tr("Comparing A | B")
                                         : tr("Comparing the frame without | with its edits");
                if (mode == CompareController::Mode::Off) {
                    statusBar()->clearMessage();
                } else {
                    statusBar()->showMessage(
                        tr("%1: C steps to the next comparison, View → Compare → Off ends it")
                            .arg(what),
                        8000);
                }
            });
    QAction* nextCompare = new QAction(tr("Next Comparison"), this);
    nextCompare->setObjectName(QStringLiteral("nextCompareAction"));
    nextCompare->setShortcut(QKeySequence(Qt::Key_C));
    connect(nextCompare, &QAction::triggered, this, [this, compare] {
        if (!m_document->hasModel()) return;
        const int following = (static_cast<int>(compare->mode()) + 1) % 3;
        compare->setMode(static_cast<CompareController::Mode>(following));
    });
    addAction(nextCompare);

    view->addSeparator();
    view->addAction(m_library->dockAction());
    view->addAction(m_editActions->historyAction());
    view->addSeparator();
    auto* modes = new QActionGroup(this);
    m_exploreMode = view->addAction(tr("&Explore"), this, &MainWindow::showExplorer);
    m_exploreMode->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exploreMode->setToolTip(tr("Explore a generator (Ctrl+E)"));
    m_trainMode = view->addAction(tr("&Train"), this, &MainWindow::showTraining);
    m_trainMode->setObjectName(QStringLiteral("trainAction"));
    m_trainMode->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_trainMode->setToolTip(tr("Train a GAN with live charts (Ctrl+T)"));
    for (QAction* mode : {m_exploreMode, m_trainMode}) {
        mode->setCheckable(true);
        modes->addAction(mode);
    }
    m_exploreMode->setChecked(true);
    // The same two modes as a switch in the menu bar's corner, always in sight.
    auto* modeSwitch = new QWidget;
    auto* modeLayout = new QHBoxLayout(modeSwitch);
    modeLayout->setContentsMargins(0, 0, 6, 0);
    modeLayout->setSpacing(0);
    for (QAction* mode : {m_exploreMode, m_trainMode}) {
        auto* button = new QToolButton;
        button->setDefaultAction(mode);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setAutoRaise(true);
        modeLayout->addWidget(button);
    }
    menuBar()->setCornerWidget(modeSwitch, Qt::TopRightCorner);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard Shortcuts…"), this, &MainWindow::showShortcuts);
    keys->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About Latent Studio"), this, &MainWindow::showAbout);
}

void MainWindow::addExamples(QMenu* menu) {
    // The shipped files do not come and go while the app runs: looked up once.
    const QList<ExampleModel> examples = findExampleModels();
    m_startPage->setExamples(examples);
    menu->setObjectName(QStringLiteral("openExampleMenu"));
    menu->setToolTipsVisible(true);
    for (const ExampleModel& example : examples) {
        const QString path = example.path;
        QAction* action = menu->addAction(example.title, this, [this, path] { openFile(path); });
        action->setData(path);
        action->setToolTip(example.description);
        action->setStatusTip(example.description);
    }
    menu->setEnabled(!examples.isEmpty());
}

void MainWindow::createStatusBar() {
    m_modelLabel = statusLabel(tr("Model"));
    m_deviceLabel = statusLabel(tr("Device the generator runs on"));
    m_timeLabel = statusLabel(tr("Time of the last render (generator forward and conversion). "
                                 "While a slider is dragged on a slow model, a smaller preview is "
                                 "drawn; the full frame follows when the drag pauses."));
    m_fpsLabel = statusLabel(tr("Frames shown per second over the last two seconds"));
    m_fpsLabel->setObjectName(QStringLiteral("fpsLabel"));
    m_trainingLink = new QToolButton;
    m_trainingLink->setObjectName(QStringLiteral("trainingLink"));
    m_trainingLink->setAutoRaise(true);
    m_trainingLink->setToolTip(tr("A training run is going on: show it (Ctrl+T)"));
    m_trainingLink->hide();
    connect(m_trainingLink, &QToolButton::clicked, this, &MainWindow::showTraining);
    statusBar()->addPermanentWidget(m_trainingLink);
    for (QLabel* label : {m_modelLabel, m_deviceLabel, m_timeLabel, m_fpsLabel}) {
        statusBar()->addPermanentWidget(label);
    }
    m_modelLabel->setText(tr("No model"));
}

void MainWindow::rebuildRecentMenu() {
    const QStringList files = m_recent->files();
    m_startPage->setRecentFiles(files);
    m_recentMenu->clear();
    int index = 1;
    for (const QString& path : files) {
        const QString text = index < 10 ? QStringLiteral("&%1  %2").arg(index).arg(path)
                                        : QStringLiteral("%1  %2").arg(index).arg(path);
        m_recentMenu->addAction(text, this, [this, path] { openFile(path); });
        ++index;
    }
    if (!files.isEmpty()) m_recentMenu->addSeparator();
    QAction* clear = m_recentMenu->addAction(tr("&Clear List"), m_recent, &RecentFiles::clear);
    clear->setEnabled(!files.isEmpty());
}

void MainWindow::updateActions() {
    for (QAction* action : m_modelActions) action->setEnabled(m_document->hasModel());
}

void MainWindow::openDialog() {
    QSettings settings;
    const QString dir = settings.value(kLastDirKey, QDir::homePath()).toString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Model"), dir,
        tr("Generators, images and sessions (*.ltm *.ckpt *.pt *.pth *.ts *.png *.jpg *.jpeg "
           "*.latent-session.json);;"
           "Latent Studio models and training checkpoints (*.ltm *.ckpt);;"
           "TorchScript (*.pt *.pth *.ts);;Images (*.png *.jpg *.jpeg);;"
           "Sessions (*.latent-session.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::openFile(const QString& path) {
    if (path.isEmpty()) return;
    if (LibraryActions::isSessionFile(path)) {
        m_library->openSession(path);
        return;
    }
    if (ProjectionActions::isImagePath(path)) {  // its recipe, else a projection of it
        m_projection->openImage(path);
        return;
    }
    if (m_loader->busy() && path == m_loadingPath) return;  // double click, drop twice…
    m_loadingPath = path;
    m_loader->load(path);
}

void MainWindow::openAtStartup(const QString& path, const QString& fallback) {
    if (!path.isEmpty()) {
        openFile(path);
        return;
    }
    QSettings settings;
    const bool endedBadly = settings.value(kRunningKey, false).toBool();
    const QString opening = settings.value(kOpeningKey).toString();
    settings.setValue(kRunningKey, true);
    const QString last = settings.value(kLastModelKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isFile()) {
        if (!endedBadly && opening != last) {
            openFile(last);
            return;
        }
        // It may be what brought the app down: the user opens it again when they choose to.
        settings.remove(kOpeningKey);
        const QString note =
            tr("%1 was not reopened: Latent Studio ended without quitting while it was open. "
               "Open it again from File > Open Recent.")
                .arg(QFileInfo(last).fileName());
        statusBar()->showMessage(note, 15000);
        m_startPage->setStatus(note);
        m_startupNote = note;  // shown again once the fallback has opened
    }
    // Nothing chosen yet: the shipped generator if there is one, else the start page stays.
    if (!fallback.isEmpty()) openFile(fallback);
}

void MainWindow::onLoadStarted(const QString& path) {
    QSettings().setValue(kOpeningKey, QFileInfo(path).absoluteFilePath());
    const QString name = QFileInfo(path).fileName();
    statusBar()->showMessage(tr("Loading %1…").arg(name));
    m_startPage->setStatus(tr("Loading %1…").arg(name));
    setCursor(Qt::BusyCursor);
}

void MainWindow::onLoaded(const QString& path, const model::LoadedModel& loaded) {
    unsetCursor();
    m_startPage->setStatus({});
    m_document->setModel(loaded);
    m_recent->add(path);
    QSettings settings;
    settings.setValue(kLastModelKey, QFileInfo(path).absoluteFilePath());
    settings.remove(kOpeningKey);

    QString name = QString::fromStdString(m_document->info().name);
    if (name.isEmpty()) name = QFileInfo(path).completeBaseName();
    showModelInfo(name, path);
    if (m_startupNote.isEmpty()) {
        statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 4000);
    } else {
        statusBar()->showMessage(m_startupNote, 15000);
        m_startupNote.clear();
    }
    Q_EMIT modelOpened(path);
}

void MainWindow::onSnapshotOpened(const model::LoadedModel& loaded) {
    // Not a file: it stays out of the recent list and the startup reopen.
    m_document->setModel(loaded);
    showModelInfo(QString::fromStdString(loaded.info.name),
                  QString::fromStdString(loaded.info.path));
    statusBar()->showMessage(m_training->controller()->active()
                                 ? tr("Exploring the training snapshot; training goes on")
                                 : tr("Exploring the run's last snapshot"),
                             6000);
}

void MainWindow::showModelInfo(const QString& name, const QString& path) {
    setWindowTitle(tr("%1 — Latent Studio").arg(name));
    m_modelLabel->setText(name);
    m_modelLabel->setToolTip(path);
    m_deviceLabel->setText(
        tr("Device: %1").arg(QString::fromStdString(m_document->info().device)));
    m_timeLabel->clear();
    m_fpsLabel->clear();
    m_stack->setCurrentWidget(m_explorer);
    m_exploreMode->setChecked(true);
    m_explorer->imageView()->setFocus();
    updateActions();
}

void MainWindow::onLoadFailed(const QString& path, const QString& message) {
    unsetCursor();
    m_startPage->setStatus({});
    QSettings settings;
    settings.remove(kOpeningKey);
    // A last model that no longer opens is not tried again at the next start.
    if (settings.value(kLastModelKey).toString() == QFileInfo(path).absoluteFilePath()) {
        settings.remove(kLastModelKey);
    }
    statusBar()->clearMessage();
    // A recent entry whose file is gone would fail forever; an unreadable one may be fixed.
    if (!QFileInfo::exists(path)) m_recent->remove(path);
    // The previous model (if any) stays: the Document only changes on success.
    const QString text = message.isEmpty() ? tr("Could not open %1.").arg(path) : message;
    Q_EMIT openFailed(path, text);
    m_reportError(tr("Could not open model"), text);
}

// A .pkl opened or dropped: Latent Studio never unpickles, but the converter can (in its own
// process); the dialog takes it from there and opens the result.
void MainWindow::onPickleRefused(const QString& path) {
    unsetCursor();
    m_startPage->setStatus({});
    statusBar()->showMessage(tr("%1 is a Python pickle: convert it to open it").arg(QFileInfo(path).fileName()),
                             8000);
    m_import->showFor(path);
}

void MainWindow::onModelStuck(const QString& message) {
    if (m_loader->busy()) {  // the in-process load of a model that passed its check
        unsetCursor();
        m_startPage->setStatus(message);
        statusBar()->showMessage(message);
        m_reportError(tr("Model not responding"), message);
        return;
    }
    m_renderer->reportStuck(message);
}

void MainWindow::updateStats(double milliseconds, double framesPerSecond) {
    if (!m_document->hasModel() || m_renderer->frameCount() == 0) return;
    const int preview = m_renderer->lastPreviewResolution();
    m_timeLabel->setText(preview > 0 ? tr("Preview %1 px: %2 ms").arg(preview).arg(milliseconds, 0, 'f', 1)
                                     : tr("Render: %1 ms").arg(milliseconds, 0, 'f', 1));
    m_fpsLabel->setText(framesPerSecond > 0.0 ? tr("%1 fps").arg(framesPerSecond, 0, 'f', 1)
                                              : tr("idle"));
}

void MainWindow::showShortcuts() {
    showShortcutsDialog(this);
}

void MainWindow::showAbout() {
    showAboutDialog(this);
}

void MainWindow::showTrainingLink() {
    m_trainingLink->setVisible(!m_trainingLink->text().isEmpty() && !showingTraining());
}

void MainWindow::followMode() {
    // Bookmarks and History belong to the Explorer: hidden in Train and on the start page.
    const bool exploring = m_stack->currentWidget() == m_explorer;
    for (ModeDock* dock : findChildren<ModeDock*>()) dock->setModeActive(exploring);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1180, 800);
    // The saved state places the docks; whether each shows is the user's wish, saved on its own
    // (the state saved in Train holds them hidden for the mode, not closed).
    restoreState(settings.value(kStateKey).toByteArray());
    for (ModeDock* dock : findChildren<ModeDock*>()) {
        dock->setWanted(settings.value(kDockKey + dock->objectName(), dock->wanted()).toBool());
    }
    followMode();
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    for (const ModeDock* dock : findChildren<ModeDock*>()) {
        settings.setValue(kDockKey + dock->objectName(), dock->wanted());
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    m_library->autosave()->flush();  // written before the app ends (the job is waited for)
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().front().isLocalFile()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.front().isLocalFile()) return;
    event->acceptProposedAction();
    openFile(urls.front().toLocalFile());
}

}  // namespace latent::ui
