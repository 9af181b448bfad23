#pragma once

#include <QObject>
#include <QString>

#include <string>

#include "core/model/loader.h"
#include "ui/backgroundjobs.h"

class QProcess;

namespace latent::ui {

// Loads model files without the UI thread ever waiting. A model file may be someone else's
// program: a TorchScript archive is first opened by `latent check` in a child process, within a
// time and memory budget (an archive that never finishes or allocates without end costs a killed
// child, and a message); only when that passes is it loaded here, as a background job, and only if
// the file still has the content the check saw. Our own .ltm files hold no code and load directly.
// The outcome comes back to the UI thread as a signal. When loads overlap, only the newest one
// reports (the user asked for that file last): a newer load discards the older one's jobs and
// kills its check.
class ModelLoader : public QObject {
    Q_OBJECT

public:
    // Seconds one model call may take in the check (LATENT_MODEL_TIMEOUT overrides).
    static constexpr double kCheckTimeoutSeconds = 120.0;

    explicit ModelLoader(QObject* parent = nullptr);
    // Kills a check still running and waits for loads still running: they hold no UI state, but
    // must not outlive us. (A load stuck in a model call is ended with the process at quit.)
    ~ModelLoader() override;

    void load(const QString& path);
    bool busy() const { return m_jobs.busy() || m_check != nullptr; }
    // Whether TorchScript archives are checked in a child process (false when no `latent`
    // program is found: then they load in-process, as before).
    bool isolatedCheck() const;

Q_SIGNALS:
    void started(const QString& path);
    // What is going on, for the status bar ("Checking model.pt…").
    void progress(const QString& path, const QString& message);
    void loaded(const QString& path, const model::LoadedModel& loadedModel);
    void failed(const QString& path, const QString& message);
    // The file is a Python pickle (an NVIDIA StyleGAN .pkl): never loaded, but convertible.
    void pickleRefused(const QString& path, const QString& message);

private:
    void startCheck(const QString& path);
    void onChecked(const QString& path);
    void startLoad(const QString& path, const std::string& expectedHash);
    // Kills the check of an older load, whose answer nobody wants any more.
    void abandonCheck();

    QProcess* m_check = nullptr;  // the running `latent check`, if any
    BackgroundJobs m_jobs;        // last: destroyed (waited for) first
};

}  // namespace latent::ui
