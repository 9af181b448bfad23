#pragma once

#include <QObject>
#include <QString>

#include "ui/backgroundjobs.h"

namespace latent::edit {
struct DirectionSet;
}

namespace latent::ui {

class Document;

// Finds, loads and saves the Document's semantic directions off the UI thread: SeFa (instant, but
// still a forward-free eigen-solve on a worker), PCA (seconds: progress and Cancel, cached beside
// the model so a second PCA for the same weights loads at once) and direction files. Results land
// in the Document as one undo step; a result for a model that is no longer open is dropped.
class DirectionController : public QObject {
    Q_OBJECT

public:
    explicit DirectionController(Document* document, QObject* parent = nullptr);
    // Cancels a running PCA and waits for the workers.
    ~DirectionController() override;

    bool busy() const { return m_busy; }
    // The last PCA was read from the cache instead of computed.
    bool lastPcaFromCache() const { return m_pcaFromCache; }

public Q_SLOTS:
    void computeSefa();
    void computePca();
    void cancel();
    void loadFile(const QString& path);
    void saveFile(const QString& path);

Q_SIGNALS:
    void busyChanged(bool busy);
    // Fraction in [0, 1] of the running PCA.
    void progressChanged(double fraction);
    // What happened, in words; `error` when something went wrong.
    void message(const QString& text, bool error);
    // Directions arrived in the Document (tests wait on this).
    void directionsApplied();

private:
    void setBusy(bool busy);
    // Puts `set` into the Document if it is still the model it was made for.
    bool apply(const edit::DirectionSet& set, const void* generator, const QString& text);

    Document* m_document;
    BackgroundJobs* m_tasks;
    JobId m_pcaJob = 0;
    bool m_busy = false;
    bool m_pcaFromCache = false;
};

}  // namespace latent::ui
