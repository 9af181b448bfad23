#pragma once

#include <QMetaObject>
#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include "core/util/result.h"

class QThread;

namespace latent::ui {

using JobId = std::uint64_t;

class BackgroundJobs;

namespace detail {
// Whether Value{Error{...}} is well-formed: how a job reports an exception.
template <typename Value, typename = void>
struct CarriesError : std::false_type {};
template <typename Value>
struct CarriesError<Value, std::void_t<decltype(Value{std::declval<Error>()})>> : std::true_type {};
}  // namespace detail

// What a running job sees of itself: whether it was asked to stop (the flag core's long loops
// poll: PCA, projection, export) and a way to hand intermediate values (progress, previews) to
// the owner's thread. Posts of a discarded job are dropped.
class JobContext {
public:
    JobContext(BackgroundJobs* owner, JobId id, std::shared_ptr<std::atomic<bool>> stop)
        : m_owner(owner), m_id(id), m_stop(std::move(stop)) {}

    JobId id() const { return m_id; }
    bool stopRequested() const { return m_stop->load(); }
    // For core functions that take a cancel flag.
    const std::atomic<bool>* stopFlag() const { return m_stop.get(); }

    // Runs `fn` later in the owner's thread, unless the job has been discarded by then.
    template <typename Fn>
    void post(Fn fn) const;

private:
    BackgroundJobs* m_owner;
    JobId m_id;
    std::shared_ptr<std::atomic<bool>> m_stop;
};

// The one way the ui runs work off the UI thread that is not a render (renders go through
// RenderChannel): loading and checking models, projection, export, PCA and SeFa, reading and
// writing sessions, recipes, direction files and run folders. Modelled on KDAB Hotspot's
// JobTracker:
//  - run(work, done) starts `work` on a thread of its own and returns the job's id; `done(value)`
//    is called later in this object's thread with what `work` returned;
//  - stop(id) asks the job to stop (JobContext::stopRequested, the flag core polls); its `done`
//    still comes, so the owner learns how it ended (an export removes its partial output first);
//  - discard(id) / discardAll() also stop it and drop its `done` and posts: the owner has moved
//    on (a newer load, a newer projection, another model);
//  - nothing escapes a thread: an exception thrown by `work` (a reader's type error, bad_alloc)
//    becomes `done(Value{Error{one line}})`, so Value is a Status/Result or an aggregate whose
//    first member is one;
//  - the destructor stops and discards every job and waits for the threads: a job holds no UI
//    state but must not outlive the object its answer is queued to.
class BackgroundJobs : public QObject {
    Q_OBJECT

public:
    // `name` names the threads (seen in a debugger); `failurePrefix` is put before the message of
    // an exception that escaped `work` ("projection failed: ").
    explicit BackgroundJobs(QString name, QObject* parent = nullptr, std::string failurePrefix = {});
    ~BackgroundJobs() override;

    // The priority of the threads of jobs started from now on (QThread::Priority).
    void setThreadPriority(int priority) { m_priority = priority; }

    template <typename Work, typename Done>
    JobId run(Work work, Done done);

    void stop(JobId id);
    void discard(JobId id);
    void discardAll();

    // Some job's `done` is still to come (discarded jobs do not count, even while their thread
    // finishes).
    bool busy() const { return pending() > 0; }
    int pending() const;
    // The job is running or its `done` is queued, and it has not been discarded.
    bool isLive(JobId id) const;

private:
    struct Job {
        QThread* thread = nullptr;
        std::shared_ptr<std::atomic<bool>> stop;
        bool discarded = false;
        bool delivered = false;
    };

    JobId start(const std::function<void(const JobContext&)>& body);
    // Called in this object's thread with the job's result; false when it was discarded.
    bool deliver(JobId id);
    void forget(JobId id);
    static std::string firstLine(const char* what);

    QString m_name;
    std::string m_failurePrefix;
    int m_priority;
    JobId m_nextId = 0;
    std::map<JobId, Job> m_jobs;
};

template <typename Fn>
void JobContext::post(Fn fn) const {
    BackgroundJobs* owner = m_owner;
    const JobId id = m_id;
    QMetaObject::invokeMethod(
        owner,
        [owner, id, fn = std::move(fn)]() mutable {
            if (owner->isLive(id)) fn();
        },
        Qt::QueuedConnection);
}

template <typename Work, typename Done>
JobId BackgroundJobs::run(Work work, Done done) {
    constexpr bool takesContext = std::is_invocable_v<Work&, const JobContext&>;
    using Value = std::decay_t<
        typename std::conditional_t<takesContext, std::invoke_result<Work&, const JobContext&>,
                                    std::invoke_result<Work&>>::type>;
    static_assert(detail::CarriesError<Value>::value,
                  "a job returns a Status, a Result, an aggregate whose first member is one, or a "
                  "list of them: Value{Error{...}} must say that it failed");
    return start([this, work = std::move(work),
                  done = std::move(done)](const JobContext& context) mutable {
        auto fail = [this](const std::string& message) {
            return Value{Error{m_failurePrefix + message}};
        };
        Value value = [&]() -> Value {
            try {
                if constexpr (takesContext) {
                    return work(context);
                } else {
                    return work();
                }
            } catch (const std::bad_alloc&) {
                return fail("not enough memory");
            } catch (const std::exception& e) {
                return fail(firstLine(e.what()));
            } catch (...) {
                return fail("unexpected error");
            }
        }();
        const JobId id = context.id();
        QMetaObject::invokeMethod(
            this,
            [this, id, done, value = std::move(value)]() mutable {
                if (deliver(id)) done(value);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace latent::ui
