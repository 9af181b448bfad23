#pragma once

#include <QObject>
#include <QString>

#include <cstdint>

#include "core/model/loader.h"

namespace latent::ui {

// Loads model files off the UI thread: model::loadModel runs a probe forward and can take a
// second or more. Each load runs on its own QThread; the outcome comes back to the UI thread as
// a signal. When loads overlap, only the newest one reports (the user asked for that file last).
class ModelLoader : public QObject {
    Q_OBJECT

public:
    explicit ModelLoader(QObject* parent = nullptr);
    // Waits for loads still running: they hold no UI state, but must not outlive us.
    ~ModelLoader() override;

    void load(const QString& path);
    bool busy() const { return m_running > 0; }

Q_SIGNALS:
    void started(const QString& path);
    void loaded(const QString& path, const model::LoadedModel& loadedModel);
    void failed(const QString& path, const QString& message);
    // The file is a Python pickle (an NVIDIA StyleGAN .pkl): never loaded, but convertible.
    void pickleRefused(const QString& path, const QString& message);

private:
    void onDone(std::uint64_t ticket, const QString& path,
                const Result<model::LoadedModel>& result, bool pickle);

    std::uint64_t m_ticket = 0;
    int m_running = 0;
};

}  // namespace latent::ui
