#include "ui/training/trainingpanel.h"

#include <QBuffer>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/image/png.h"
#include "core/train/runfolder.h"
#include "core/util/atomicfile.h"
#include "core/util/inputfile.h"
#include "ui/charts/trainingcharts.h"
#include "ui/backgroundjobs.h"
#include "ui/renderchannel.h"
#include "ui/training/samplepreview.h"
#include "ui/training/trainingcontroller.h"
#include "ui/training/trainingform.h"

namespace latent::ui {

namespace {
QString duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("–");
    const qint64 s = static_cast<qint64>(std::llround(seconds));
    if (s >= 3600) return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    if (s >= 60) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 s").arg(s);
}

QPushButton* button(const QString& text, const char* name, const QString& tip) {
    auto* b = new QPushButton(text);
    b->setObjectName(QLatin1String(name));
    b->setToolTip(tip);
    return b;
}
}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent)
    : QWidget(parent),
      m_controller(new TrainingController(this)),
      m_form(new TrainingForm),
      m_charts(new charts::TrainingCharts),
      m_preview(new SamplePreview),
      m_start(button(tr("Start"), "start", tr("Start training with these settings"))),
      m_pause(button(tr("Pause"), "pause", tr("Pause between two steps"))),
      m_resume(button(tr("Resume"), "resume", tr("Continue the paused run"))),
      m_stop(button(tr("Stop"), "stop", tr("Stop after this step and write a checkpoint"))),
      m_explore(button(tr("Open in Explorer"), "openInExplorer",
                       tr("Explore the newest EMA snapshot while training goes on"))),
      m_openRun(button(tr("Open Run…"), "openRun", tr("Show an earlier run and continue it"))),
      m_newRun(button(tr("New Run"), "newRun", tr("Fresh settings and a new run folder"))),
      m_openFolder(button(tr("Show Folder"), "openRunFolder",
                          tr("Open the run folder (config, metrics.csv, samples, checkpoints) in "
                             "the file manager"))),
      m_exportCharts(button(tr("Save Charts…"), "exportCharts",
                            tr("Save the charts as they are on screen as a PNG image"))),
      m_exportMetrics(button(tr("Save Metrics…"), "exportMetrics",
                             tr("Save a copy of the run's metrics.csv (one row per logged step)"))),
      m_progress(new QProgressBar),
      m_status(new QLabel),
      m_dataset(new QLabel),
      m_collapse(new QLabel),
      m_timer(new QTimer(this)),
      m_tasks(new BackgroundJobs(QStringLiteral("run folder reader"), this)) {
    setObjectName(QStringLiteral("TrainingPanel"));
    m_start->setDefault(true);
    m_start->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_pause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_resume->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_progress->setTextVisible(true);
    m_progress->setFormat(QStringLiteral("%p%"));
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataset->setWordWrap(true);
    m_dataset->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_dataset->hide();  // until a run's data has loaded

    auto* runBox = new QGroupBox(tr("Run"));
    auto* runLayout = new QVBoxLayout(runBox);
    runLayout->addWidget(m_form);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_start, m_pause, m_resume, m_stop}) buttons->addWidget(b);
    runLayout->addLayout(buttons);
    runLayout->addWidget(m_progress);
    runLayout->addWidget(m_status);
    runLayout->addWidget(m_dataset);

    auto* filesBox = new QGroupBox(tr("Runs and snapshots"));
    auto* files = new QVBoxLayout(filesBox);
    auto* runButtons = new QHBoxLayout;
    runButtons->addWidget(m_openRun);
    runButtons->addWidget(m_newRun);
    files->addLayout(runButtons);
    files->addWidget(m_explore);
    auto* exportButtons = new QHBoxLayout;
    exportButtons->addWidget(m_openFolder);
    exportButtons->addWidget(m_exportCharts);
    exportButtons->addWidget(m_exportMetrics);
    files->addLayout(exportButtons);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(runBox);
    leftLayout->addWidget(filesBox);
    leftLayout->addStretch(1);
    left->setMinimumWidth(330);
    left->setMaximumWidth(420);

    // The mode-collapse alarm sits over the charts it reads, hidden while all is well.
    m_collapse->setObjectName(QStringLiteral("collapseAlarm"));
    m_collapse->setWordWrap(true);
    m_collapse->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_collapse->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff3cd; color: #5c3c00; border: 1px solid #e0a800;"
        " border-radius: 3px; padding: 6px; }"));
    m_collapse->hide();
    auto* chartColumn = new QWidget;
    auto* chartLayout = new QVBoxLayout(chartColumn);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_collapse);
    chartLayout->addWidget(m_charts, 1);

    auto* right = new QSplitter(Qt::Horizontal);
    right->addWidget(chartColumn);
    right->addWidget(m_preview);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    right->setChildrenCollapsible(false);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(left);
    layout->addWidget(right, 1);

    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::start);
    connect(m_pause, &QPushButton::clicked, this, &TrainingPanel::pause);
    connect(m_resume, &QPushButton::clicked, this, &TrainingPanel::resume);
    connect(m_stop, &QPushButton::clicked, this, &TrainingPanel::stop);
    connect(m_explore, &QPushButton::clicked, this, &TrainingPanel::openInExplorer);
    connect(m_openRun, &QPushButton::clicked, this, &TrainingPanel::openRunDialog);
    connect(m_newRun, &QPushButton::clicked, this, &TrainingPanel::newRun);
    connect(m_openFolder, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(runFolderUrl()); });
    connect(m_exportCharts, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save Charts"), QDir(m_openedRun).filePath(QStringLiteral("charts.png")),
            tr("PNG images (*.png)"));
        if (!path.isEmpty()) exportCharts(path);
    });
    connect(m_exportMetrics, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save Metrics"),
            QDir::home().filePath(QFileInfo(m_openedRun).fileName() + QStringLiteral("-metrics.csv")),
            tr("CSV files (*.csv)"));
        if (!path.isEmpty()) exportMetrics(path);
    });
    connect(m_form, &TrainingForm::changed, this, &TrainingPanel::updateButtons);
    connect(m_controller, &TrainingController::started, this, &TrainingPanel::onStarted);
    connect(m_controller, &TrainingController::datasetLoaded, this,
            &TrainingPanel::onDatasetLoaded);
    connect(m_controller, &TrainingController::rowsAdded, this, &TrainingPanel::onRowsAdded);
    connect(m_controller, &TrainingController::rowsReplaced, this, &TrainingPanel::onRowsReplaced);
    connect(m_controller, &TrainingController::sampleChanged, this, [this] {
        m_preview->showImage(m_controller->sample(), m_controller->sampleName());
    });
    connect(m_controller, &TrainingController::snapshotChanged, this, &TrainingPanel::onSnapshot);
    connect(m_controller, &TrainingController::finished, this, &TrainingPanel::onFinished);
    connect(m_timer, &QTimer::timeout, this, &TrainingPanel::updateProgress);

    setStatus(tr("Ready. Pick the data and press Start: the settings follow it. A toy set is "
                 "the quick look (a few minutes)."));
    updateButtons();
}

TrainingPanel::~TrainingPanel() = default;

ToyView* TrainingPanel::toyView() const {
    return m_preview->toyView();
}

QImage TrainingPanel::samples() const {
    return m_preview->image();
}

int TrainingPanel::sampleGridCount() const {
    return m_preview->gridCount();
}

QString TrainingPanel::statusText() const {
    return m_status->text();
}

QString TrainingPanel::problemText() const {
    return m_form->problem();
}

void TrainingPanel::setStatus(const QString& text) {
    m_status->setText(text);
}

bool TrainingPanel::start() {
    train::TrainConfig config = m_form->config();
    // Continue only the folder that was opened; an edited folder is a new run.
    config.resume = m_resumeOpened &&
                    QDir(QString::fromStdString(config.runDir)) == QDir(m_openedRun);
    QString problem = m_form->problem();
    if (problem.isEmpty()) problem = m_controller->start(config, m_form->processes());
    if (!problem.isEmpty()) {
        setStatus(tr("Not started: %1").arg(problem));
        return false;
    }
    return true;
}

void TrainingPanel::pause() {
    m_controller->pause();
    // Said at once: the run pauses when the step in progress ends.
    m_pausing = m_controller->active();
    updateProgress();
}

void TrainingPanel::resume() {
    m_pausing = false;
    m_controller->resume();
    updateProgress();
}

void TrainingPanel::stop() {
    m_controller->stop();
    m_stopping = m_controller->active();
    setStatus(tr("Stopping after this step…"));
    updateButtons();
}

void TrainingPanel::onStarted() {
    const train::TrainConfig& c = m_controller->config();
    const bool toy = c.architecture == train::Architecture::Mlp;
    if (!m_resumeOpened) m_charts->clear();
    m_charts->setQualityName(toy ? QStringLiteral("JS") : QStringLiteral("FD"));
    showVariety(c);
    updateCollapseAlarm(m_controller->rows(), c);
    m_preview->clear();
    // A run on processes shows the sample grids it saves, toy or not.
    m_preview->setToy(toy && !m_controller->onProcesses());
    if (m_controller->onProcesses()) {
        m_preview->showImage({}, c.sampleEvery > 0
                                     ? tr("Sample grids appear every %1 steps").arg(c.sampleEvery)
                                     : tr("The sample grid appears at the end"));
    }
    m_openedRun = QString::fromStdString(c.runDir);
    m_stopping = false;
    m_showingLive = true;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_dataset->clear();
    m_dataset->hide();  // no empty line's height taken from the form above
    setStatus(tr("Loading data…"));
    m_timer->start(kProgressMs);
    updateButtons();
    Q_EMIT activeChanged(true);
}

void TrainingPanel::onDatasetLoaded(const train::DatasetSummary& d) {
    QString text = tr("%1: %2 %3").arg(QString::fromStdString(d.name))
                       .arg(d.size)
                       .arg(d.channels > 0 ? tr("images") : tr("points"));
    if (!d.classNames.empty()) text += tr(", %1 classes").arg(d.classNames.size());
    if (d.skipped > 0) text += tr(", %1 unreadable files skipped").arg(d.skipped);
    m_dataset->setText(text);
    m_dataset->show();
}

void TrainingPanel::onRowsAdded(int first) {
    const auto& rows = m_controller->rows();
    m_charts->appendRows(std::vector<train::MetricsRow>(rows.begin() + first, rows.end()));
    updateCollapseAlarm(rows, m_controller->config());
    m_exportCharts->setEnabled(m_charts->rowCount() > 0);
}

void TrainingPanel::onRowsReplaced() {
    const auto& rows = m_controller->rows();
    m_charts->setRows(rows);
    updateCollapseAlarm(rows, m_controller->config());
    m_exportCharts->setEnabled(m_charts->rowCount() > 0);
}

void TrainingPanel::showVariety(const train::TrainConfig& config) {
    const train::Variety v = train::varietyOf(config);
    m_charts->setVariety(v.measure, QString::fromStdString(v.name), QString::fromStdString(v.axis),
                         v.full);
}

void TrainingPanel::updateCollapseAlarm(const std::vector<train::MetricsRow>& rows,
                                        const train::TrainConfig& config) {
    const train::CollapseAlarm alarm = train::checkCollapse(rows, config);
    m_collapse->setText(QStringLiteral("⚠ ") + QString::fromStdString(alarm.message));
    m_collapse->setVisible(alarm.raised);
}

void TrainingPanel::onSnapshot() {
    const train::TrainConfig& c = m_controller->config();
    const int classes =
        c.conditional ? static_cast<int>(m_controller->dataset().classNames.size()) : 0;
    m_preview->showSnapshot(m_controller->snapshot(), c.latentSize, classes);
    updateButtons();
}

void TrainingPanel::onFinished(train::TrainerState state, const QString& message) {
    m_timer->stop();
    m_stopping = false;
    const std::int64_t steps = m_controller->config().steps;
    m_progress->setValue(steps > 0 ? static_cast<int>(1000 * m_controller->step() / steps) : 0);
    m_progress->setFormat(tr("step %1 / %2").arg(m_controller->step()).arg(steps));
    const QString folder = QDir::toNativeSeparators(m_openedRun);
    switch (state) {
    case train::TrainerState::Finished:
        setStatus(tr("Finished %1 steps. Saved in %2").arg(m_controller->config().steps).arg(folder));
        m_progress->setValue(m_progress->maximum());
        break;
    case train::TrainerState::Stopped:
        setStatus(tr("Stopped at step %1; a checkpoint is in %2. Open Run… continues it.")
                      .arg(m_controller->step())
                      .arg(folder));
        break;
    default:
        setStatus(tr("Training failed: %1").arg(message));
        break;
    }
    // A new Start must not write into the run folder just used.
    m_resumeOpened = false;
    m_pausing = false;
    m_form->newRunFolder();
    updateButtons();
    Q_EMIT activeChanged(false);
    Q_EMIT progressChanged(QString());
}

void TrainingPanel::updateProgress() {
    if (!m_controller->active()) return;
    const train::TrainConfig& c = m_controller->config();
    const std::int64_t step = m_controller->step();
    const train::TrainerState state = m_controller->state();
    m_progress->setValue(c.steps > 0 ? static_cast<int>(1000 * step / c.steps) : 0);
    m_progress->setFormat(tr("step %1 / %2").arg(step).arg(c.steps));

    const auto& rows = m_controller->rows();
    double imagesPerSec = rows.empty() ? 0.0 : rows.back().imagesPerSec;
    double eta = -1;
    if (rows.size() >= 2) {
        // Steps per second over the last rows: steadier than one row's figure.
        const auto& a = rows[rows.size() - std::min<std::size_t>(rows.size(), 10)];
        const auto& b = rows.back();
        const double dt = b.wallTimeS - a.wallTimeS;
        if (dt > 0 && b.step > a.step) eta = (c.steps - step) * dt / double(b.step - a.step);
    }
    QString text;
    if (m_stopping) return;  // keep "Stopping…" until the run reports its end
    if (state == train::TrainerState::Paused) m_pausing = false;
    const QString rate = tr("%1 %2/s")
                             .arg(imagesPerSec, 0, 'f', imagesPerSec < 100 ? 1 : 0)
                             .arg(c.architecture == train::Architecture::Mlp ? tr("points")
                                                                             : tr("images"));
    QString summary;
    switch (state) {
    case train::TrainerState::Starting:
        text = m_controller->onProcesses()
                   ? tr("Starting %1 processes: they meet, load the data and build the models…")
                         .arg(m_controller->processes())
                   : tr("Loading data and building models…");
        summary = tr("Training · starting");
        break;
    case train::TrainerState::Paused:
        text = tr("Paused at step %1.").arg(step);
        summary = tr("Training paused at step %1 / %2").arg(step).arg(c.steps);
        break;
    default:
        text = m_pausing ? tr("Pausing after this step…")
                         : tr("Training · ETA %1 · %2").arg(duration(eta), rate);
        if (m_controller->onProcesses()) {
            text = tr("Training on %1 processes · ETA %2 · %3")
                       .arg(m_controller->processes())
                       .arg(duration(eta), rate);
        }
        summary = tr("Training · step %1 / %2 · %3").arg(step).arg(c.steps).arg(rate);
        break;
    }
    setStatus(text);
    updateButtons();
    Q_EMIT progressChanged(summary);
}

void TrainingPanel::updateButtons() {
    const bool active = m_controller->active();
    const bool paused = active && m_controller->state() == train::TrainerState::Paused;
    m_start->setEnabled(!active && m_form->problem().isEmpty());
    m_start->setText(m_resumeOpened ? tr("Continue") : tr("Start"));
    m_pause->setVisible(!paused);
    m_pause->setEnabled(active && !paused && m_controller->canPause());
    m_pause->setToolTip(m_controller->canPause() || !active
                            ? tr("Pause between two steps")
                            : tr("A run on several processes cannot pause: Stop checkpoints it, "
                                 "and Open Run… continues it"));
    m_resume->setVisible(paused);
    m_resume->setEnabled(paused);
    m_stop->setEnabled(active && !m_stopping);
    m_form->setEnabled(!active);
    m_openRun->setEnabled(!active);
    m_newRun->setEnabled(!active);
    const bool liveSnapshot =
        m_showingLive && m_controller->snapshotModel().generator != nullptr;
    const bool savedModel =
        !m_openedRun.isEmpty() && QFileInfo(m_openedRun + QStringLiteral("/ema.ltm")).isFile();
    m_explore->setEnabled(liveSnapshot || savedModel);
    const bool folder = !m_openedRun.isEmpty() && QFileInfo(m_openedRun).isDir();
    m_openFolder->setEnabled(folder);
    m_exportCharts->setEnabled(m_charts->rowCount() > 0);
    m_exportMetrics->setEnabled(
        folder && QFileInfo(QString::fromStdString(train::runMetricsPath(m_openedRun.toStdString())))
                      .isFile());
}

QUrl TrainingPanel::runFolderUrl() const {
    return m_openedRun.isEmpty() ? QUrl() : QUrl::fromLocalFile(m_openedRun);
}

void TrainingPanel::exportCharts(const QString& path) {
    m_charts->refreshNow();
    const QImage image = m_charts->grab().toImage();  // painting belongs to the UI thread
    m_tasks->run(
        [image, target = path.toStdString()]() -> Status {
            QByteArray png;
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            if (!image.save(&buffer, "PNG")) return Error{"could not encode the charts as PNG"};
            return util::writeFileAtomically(target, png.toStdString());
        },
        [this, path](const Status& saved) {
            setStatus(saved ? tr("Saved the charts to %1.").arg(QDir::toNativeSeparators(path))
                            : QString::fromStdString(saved.error()));
            Q_EMIT exported(saved.ok());
        });
}

void TrainingPanel::exportMetrics(const QString& path) {
    m_tasks->run(
        [source = train::runMetricsPath(m_openedRun.toStdString()),
         target = path.toStdString()]() -> Status {
            auto text = util::readInputFile(source, "metrics", train::kMaxMetricsBytes);
            if (!text) return Error{text.error()};
            return util::writeFileAtomically(target, *text);
        },
        [this, path](const Status& saved) {
            setStatus(saved ? tr("Saved the metrics to %1.").arg(QDir::toNativeSeparators(path))
                            : QString::fromStdString(saved.error()));
            Q_EMIT exported(saved.ok());
        });
}

void TrainingPanel::openInExplorer() {
    model::LoadedModel snapshot = m_controller->snapshotModel();
    if (m_showingLive && snapshot.generator) {
        Q_EMIT openModelRequested(snapshot);
        return;
    }
    const QString saved = m_openedRun + QStringLiteral("/ema.ltm");
    if (!m_openedRun.isEmpty() && QFileInfo(saved).isFile()) Q_EMIT openFileRequested(saved);
}

void TrainingPanel::openRunDialog() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open Run Folder"), QFileInfo(TrainingForm::defaultRunFolder()).absolutePath());
    if (!dir.isEmpty()) openRun(dir);
}

// What a worker read of a run folder for openRun (the first member lets BackgroundJobs report an
// exception as Error).
struct TrainingPanel::OpenedRun {
    Status read;
    train::RunFolder run = {};
    QImage sample = {};  // the newest sample grid, decoded off the UI thread
};

void TrainingPanel::openRun(const QString& dir) {
    if (m_controller->active()) {
        setStatus(tr("Stop the run first: a running panel cannot show another folder."));
        Q_EMIT runOpened(false);
        return;
    }
    const int ticket = ++m_openTicket;
    setStatus(tr("Opening %1…").arg(QDir::toNativeSeparators(dir)));
    m_tasks->run(
        [path = dir.toStdString()] {
            OpenedRun opened{success(), train::readRun(path), {}};
            if (!opened.run.latestSample.empty()) {
                if (auto png = image::readPng(opened.run.latestSample)) {
                    opened.sample = toQImage(*png);
                }
            }
            return opened;
        },
        [this, ticket](const OpenedRun& opened) {
            // A newer openRun is on its way: this read, failed or not, is of no interest. (The
            // ticket is the one the job was started with: a read that threw carries none.)
            if (ticket == m_openTicket) showRun(opened);
        });
}

void TrainingPanel::showRun(const OpenedRun& opened) {
    const train::RunFolder& run = opened.run;
    const QString dir = QString::fromStdString(run.dir);
    const QString error = QString::fromStdString(opened.read ? run.error : opened.read.error());
    if (!opened.read || m_controller->active() ||
        (!error.isEmpty() && !run.hasConfig && run.rows.empty())) {
        if (!m_controller->active()) setStatus(error + QLatin1Char('.'));
        Q_EMIT runOpened(false);
        return;
    }
    // The panel now shows this folder: the last live run's snapshot is not what the user sees.
    m_showingLive = false;
    m_openedRun = dir;
    m_dataset->clear();
    m_dataset->hide();  // no empty line's height taken from the form above
    if (run.hasConfig) m_form->setConfig(run.config);
    m_form->setRunFolder(dir);
    const bool toy = run.hasConfig && run.config.architecture == train::Architecture::Mlp;
    m_charts->setQualityName(toy ? QStringLiteral("JS") : QStringLiteral("FD"));
    const train::TrainConfig shown = run.hasConfig ? run.config : train::TrainConfig{};
    showVariety(shown);
    m_charts->setRows(run.rows);
    updateCollapseAlarm(run.rows, shown);
    m_charts->refreshNow();
    m_preview->clear();
    if (!run.latestSample.empty()) {
        m_preview->showImage(opened.sample,
                             QFileInfo(QString::fromStdString(run.latestSample)).fileName());
    } else {
        m_preview->showImage({}, tr("No samples yet"));
    }
    m_resumeOpened = run.hasConfig && run.hasCheckpoint;
    const std::int64_t last = run.rows.empty() ? 0 : run.rows.back().step;
    QString text = tr("Opened %1: %2 logged rows up to step %3.")
                       .arg(QDir::toNativeSeparators(dir))
                       .arg(run.rows.size())
                       .arg(last);
    if (run.skippedLines > 0) text += tr(" %1 unreadable lines skipped.").arg(run.skippedLines);
    if (m_resumeOpened) text += tr(" Continue resumes it from its newest checkpoint.");
    if (!error.isEmpty()) text += QLatin1Char(' ') + error + QLatin1Char('.');
    setStatus(text);
    m_progress->setRange(0, 1000);
    const std::int64_t total = run.hasConfig ? run.config.steps : 0;
    m_progress->setValue(total > 0 ? static_cast<int>(1000 * std::min(last, total) / total) : 0);
    m_progress->setFormat(tr("step %1 / %2").arg(last).arg(total));
    updateButtons();
    Q_EMIT runOpened(true);
}

void TrainingPanel::newRun() {
    m_resumeOpened = false;
    m_showingLive = false;
    m_openedRun.clear();
    m_dataset->clear();
    m_dataset->hide();  // no empty line's height taken from the form above
    m_form->newRunFolder();
    m_charts->clear();
    m_collapse->hide();
    m_preview->clear();
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%p%"));
    setStatus(tr("Ready."));
    updateButtons();
}

}  // namespace latent::ui
