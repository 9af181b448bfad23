#pragma once

#include <QImage>
#include <QString>
#include <QUrl>
#include <QWidget>

#include "core/model/loader.h"
#include "core/train/collapse.h"
#include "core/train/trainer.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace latent::ui {

class BackgroundJobs;
class SamplePreview;
class ToyView;
class TrainingController;
class TrainingForm;
namespace charts {
class TrainingCharts;
}

// The Training page: the run's settings and buttons in a column on the left, live charts on the
// right above the newest samples (a grid rendered from the EMA snapshot, or the toy scatter over
// D's heat map). Wires the form, the controller and the charts; none of them see each other.
class TrainingPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kProgressMs = 200;

    explicit TrainingPanel(QWidget* parent = nullptr);
    ~TrainingPanel() override;

    TrainingForm* form() const { return m_form; }
    TrainingController* controller() const { return m_controller; }
    charts::TrainingCharts* charts() const { return m_charts; }
    SamplePreview* preview() const { return m_preview; }
    ToyView* toyView() const;
    QProgressBar* progressBar() const { return m_progress; }
    QImage samples() const;
    QString statusText() const;
    QString problemText() const;
    int sampleGridCount() const;
    // The run folder shown by Open run… ("" when none).
    QString openedRun() const { return m_openedRun; }
    // What Show Folder opens in the file manager (empty without a run).
    QUrl runFolderUrl() const;

public Q_SLOTS:
    // Starts a run from the form (resuming the opened run folder when one is open); a bad config
    // is shown under the form and nothing starts. Returns whether a run started.
    bool start();
    void pause();
    void resume();
    void stop();
    void openInExplorer();
    void openRunDialog();
    // Save Charts… / Save Metrics… without their dialogs: the charts as on screen (PNG), a copy of
    // the run's metrics.csv. Written off the UI thread, atomically; `exported` tells how it went.
    void exportCharts(const QString& path);
    void exportMetrics(const QString& path);
    // Shows a finished (or running, elsewhere) run folder: its config, metrics and newest samples,
    // read off the UI thread; runOpened tells when it is shown (or why not, in the status line).
    void openRun(const QString& dir);
    void newRun();

Q_SIGNALS:
    // The EMA snapshot as a model, for the Explorer; training goes on.
    void openModelRequested(const model::LoadedModel& model);
    // An old run's ema.ltm, for the Explorer.
    void openFileRequested(const QString& path);
    // Running, paused or starting (for the main window's title and mode switch).
    void activeChanged(bool active);
    // An openRun ended: `shown` is whether the folder is now on the panel.
    void runOpened(bool shown);
    // One line about the run for the rest of the window ("Training · step 1200 / 5000 ·
    // 180 images/s"); empty once no run is going.
    void progressChanged(const QString& summary);
    void exported(bool ok);

private:
    void onStarted();
    void onDatasetLoaded(const train::DatasetSummary& summary);
    void onRowsAdded(int first);
    void onRowsReplaced();
    void showVariety(const train::TrainConfig& config);
    void updateCollapseAlarm(const std::vector<train::MetricsRow>& rows,
                             const train::TrainConfig& config);
    void onSnapshot();
    void onFinished(train::TrainerState state, const QString& message);
    void updateProgress();
    void updateButtons();
    void setStatus(const QString& text);
    struct OpenedRun;
    void showRun(const OpenedRun& opened);

    TrainingController* m_controller;
    TrainingForm* m_form;
    charts::TrainingCharts* m_charts;
    SamplePreview* m_preview;
    QPushButton* m_start;
    QPushButton* m_pause;
    QPushButton* m_resume;
    QPushButton* m_stop;
    QPushButton* m_explore;
    QPushButton* m_openRun;
    QPushButton* m_newRun;
    QPushButton* m_openFolder;
    QPushButton* m_exportCharts;
    QPushButton* m_exportMetrics;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_dataset;
    QLabel* m_collapse;  // the mode-collapse alarm (train::checkCollapse)
    QTimer* m_timer;
    BackgroundJobs* m_tasks;
    int m_openTicket = 0;  // only the newest openRun is shown
    QString m_openedRun;
    bool m_resumeOpened = false;
    bool m_stopping = false;
    bool m_pausing = false;  // Pause pressed, the run not paused yet
    bool m_showingLive = false;  // the charts show the controller's run, not an opened folder
};

}  // namespace latent::ui
