#include "ui/backgroundjobs.h"

#include <QThread>

namespace latent::ui {

BackgroundJobs::BackgroundJobs(QString name, QObject* parent, std::string failurePrefix)
    : QObject(parent),
      m_name(std::move(name)),
      m_failurePrefix(std::move(failurePrefix)),
      m_priority(QThread::InheritPriority) {}

BackgroundJobs::~BackgroundJobs() {
    discardAll();
    for (auto& [id, job] : m_jobs) {
        job.thread->wait();
        delete job.thread;
    }
}

JobId BackgroundJobs::start(const std::function<void(const JobContext&)>& body) {
    const JobId id = ++m_nextId;
    auto stop = std::make_shared<std::atomic<bool>>(false);
    QThread* thread = QThread::create([body, context = JobContext(this, id, stop)] { body(context); });
    thread->setObjectName(m_name);
    // The thread object lives here; `finished` comes from the worker, so this runs queued, after
    // the job's `done` was queued.
    connect(thread, &QThread::finished, this, [this, id] { forget(id); });
    m_jobs.emplace(id, Job{thread, std::move(stop)});
    thread->start(static_cast<QThread::Priority>(m_priority));
    return id;
}

bool BackgroundJobs::deliver(JobId id) {
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end() || it->second.discarded) return false;
    it->second.delivered = true;
    return true;
}

void BackgroundJobs::forget(JobId id) {
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end()) return;
    it->second.thread->wait();  // finished was emitted: returns at once
    delete it->second.thread;
    m_jobs.erase(it);
}

void BackgroundJobs::stop(JobId id) {
    if (const auto it = m_jobs.find(id); it != m_jobs.end()) it->second.stop->store(true);
}

void BackgroundJobs::discard(JobId id) {
    if (const auto it = m_jobs.find(id); it != m_jobs.end()) {
        it->second.stop->store(true);
        it->second.discarded = true;
    }
}

void BackgroundJobs::discardAll() {
    for (auto& [id, job] : m_jobs) {
        job.stop->store(true);
        job.discarded = true;
    }
}

int BackgroundJobs::pending() const {
    int n = 0;
    for (const auto& [id, job] : m_jobs) n += (!job.discarded && !job.delivered) ? 1 : 0;
    return n;
}

bool BackgroundJobs::isLive(JobId id) const {
    const auto it = m_jobs.find(id);
    return it != m_jobs.end() && !it->second.discarded;
}

std::string BackgroundJobs::firstLine(const char* what) {
    const std::string text = what ? what : "";
    return text.substr(0, text.find('\n'));
}

}  // namespace latent::ui
