#include "ui/editing/directioncontroller.h"

#include <QFileInfo>

#include <utility>

#include "core/edit/directionset.h"
#include "core/edit/pca.h"
#include "core/edit/sefa.h"
#include "core/model/generator.h"
#include "ui/document.h"
#include "ui/backgroundjobs.h"

namespace latent::ui {

namespace {
// "1 direction" / "10 directions" without a translation file behind %n.
QString directions(int n) {
    return n == 1 ? DirectionController::tr("1 direction")
                  : DirectionController::tr("%1 directions").arg(n);
}

QString text(const std::string& s) { return QString::fromStdString(s); }

// What a PCA job hands back: the set (or why not) and whether it came from the cache.
struct PcaOutcome {
    Result<edit::DirectionSet> set = Error{""};
    bool cancelled = false;
    bool fromCache = false;
    std::string cacheProblem{};  // the set was computed but could not be cached (not fatal)
};
}  // namespace

DirectionController::DirectionController(Document* document, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_tasks(new BackgroundJobs(QStringLiteral("directions"), this)) {
    // Directions of the old model mean nothing for the new one: stop computing them.
    connect(m_document, &Document::modelChanged, this, &DirectionController::cancel);
}

DirectionController::~DirectionController() {
    delete m_tasks;  // stops PCA and waits for the workers while this object is still whole
    m_tasks = nullptr;
}

void DirectionController::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void DirectionController::cancel() { m_tasks->stop(m_pcaJob); }

bool DirectionController::apply(const edit::DirectionSet& set, const void* generator,
                                const QString& what) {
    if (m_document->model().generator.get() != generator) return false;  // model changed meanwhile
    if (const Status fits = m_document->setDirections(set.directions, what); !fits) {
        Q_EMIT message(tr("These directions do not fit %1: %2.")
                           .arg(text(m_document->info().name), text(fits.error())),
                       true);
        return false;
    }
    Q_EMIT directionsApplied();
    return true;
}

void DirectionController::computeSefa() {
    if (m_busy || !m_document->hasModel()) return;
    const auto generator = m_document->model().generator;
    setBusy(true);
    Q_EMIT message(tr("Factorising the first layer…"), false);
    m_tasks->run([generator] { return edit::sefaDirections(*generator); },
                 [this, generator](const Result<edit::SefaResult>& sefa) {
                     setBusy(false);
                     if (!sefa) {
                         Q_EMIT message(text(sefa.error()), true);
                         return;
                     }
                     if (!apply(sefa->set, generator.get(), tr("SeFa directions"))) return;
                     const QString found =
                         tr("SeFa: %1 from '%2', the first layer's strongest axes.")
                             .arg(directions(static_cast<int>(sefa->set.directions.size())),
                                  text(sefa->weightName));
                     // A warning (too few meaningful directions) shows as an error does.
                     if (sefa->warning.empty()) {
                         Q_EMIT message(found, false);
                     } else {
                         Q_EMIT message(found + QLatin1Char(' ') + text(sefa->warning), true);
                     }
                 });
}

void DirectionController::computePca() {
    if (m_busy || !m_document->hasModel()) return;
    const auto generator = m_document->model().generator;
    const model::ModelInfo info = m_document->info();
    setBusy(true);
    m_pcaFromCache = false;
    Q_EMIT progressChanged(0.0);
    Q_EMIT message(tr("Sampling %1 latents for PCA…").arg(edit::kDefaultPcaSamples), false);
    m_pcaJob = m_tasks->run(
        [this, generator, info](const JobContext& job) {
            PcaOutcome outcome;
            if (auto cached = edit::loadCachedDirections(info, "pca")) {
                outcome.set = std::move(*cached);
                outcome.fromCache = true;
                return outcome;
            }
            const edit::Progress progress = [this, &job](float fraction) {
                job.post([this, fraction] { Q_EMIT progressChanged(fraction); });
            };
            outcome.set = edit::pcaDirections(*generator, {}, progress, job.stopFlag());
            outcome.cancelled = job.stopRequested();
            if (outcome.set) {
                const Status saved = edit::saveCachedDirections(*outcome.set, info, "pca");
                if (!saved) outcome.cacheProblem = saved.error();
            }
            return outcome;
        },
        [this, generator](const PcaOutcome& outcome) {
            setBusy(false);
            if (outcome.cancelled) {
                Q_EMIT message(tr("PCA cancelled."), false);
                return;
            }
            if (!outcome.set) {
                Q_EMIT message(text(outcome.set.error()), true);
                return;
            }
            m_pcaFromCache = outcome.fromCache;
            if (!apply(*outcome.set, generator.get(), tr("PCA directions"))) return;
            const int n = static_cast<int>(outcome.set->directions.size());
            QString note = outcome.fromCache
                               ? tr("PCA: %1, from the cache.").arg(directions(n))
                               : tr("PCA: %1, the main ways the images vary.").arg(directions(n));
            if (!outcome.cacheProblem.empty()) {
                note += QLatin1Char(' ') + tr("(Not cached: %1)").arg(text(outcome.cacheProblem));
            }
            Q_EMIT progressChanged(1.0);
            Q_EMIT message(note, false);
        });
}

void DirectionController::loadFile(const QString& path) {
    if (m_busy || !m_document->hasModel()) return;
    const auto generator = m_document->model().generator;
    const model::ModelInfo info = m_document->info();
    setBusy(true);
    m_tasks->run([file = path.toStdString()] { return edit::loadDirections(file); },
                 [this, generator, info, path](const Result<edit::DirectionSet>& set) {
                     setBusy(false);
                     if (!set) {
                         Q_EMIT message(text(set.error()), true);
                         return;
                     }
                     const edit::DirectionCheck check = edit::checkDirections(*set, info);
                     if (!check.usable) {
                         Q_EMIT message(text(check.message), true);
                         return;
                     }
                     const QString name = QFileInfo(path).fileName();
                     if (!apply(*set, generator.get(), tr("Load %1").arg(name))) return;
                     Q_EMIT message(
                         check.message.empty()
                             ? tr("Loaded %1 from %2.")
                                   .arg(directions(static_cast<int>(set->directions.size())), name)
                             : text(check.message),
                         false);
                 });
}

void DirectionController::saveFile(const QString& path) {
    if (m_busy || !m_document->hasModel()) return;
    if (m_document->directions().empty()) {
        Q_EMIT message(tr("There are no directions to save yet."), true);
        return;
    }
    const edit::DirectionSet set = m_document->directionSet();
    setBusy(true);
    m_tasks->run([file = path.toStdString(), set] { return edit::saveDirections(file, set, true); },
                 [this, path](const Status& status) {
                     setBusy(false);
                     if (!status) {
                         Q_EMIT message(text(status.error()), true);
                         return;
                     }
                     Q_EMIT message(tr("Saved %1.").arg(QFileInfo(path).fileName()), false);
                 });
}

}  // namespace latent::ui
