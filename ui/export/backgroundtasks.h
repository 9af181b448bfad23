#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <utility>

namespace latent::ui {

// Runs short one-off jobs (render + save one PNG, read a recipe) on their own QThread and hands
// the value back to the UI thread with a queued call, so the UI never waits on a generator or a
// file. Results arrive in the order jobs finish. The destructor waits for jobs still running: they
// hold no UI state, but must not outlive the object their answer is queued to.
class BackgroundTasks : public QObject {
    Q_OBJECT

public:
    explicit BackgroundTasks(QObject* parent = nullptr) : QObject(parent) {}
    ~BackgroundTasks() override {
        for (QThread* thread : findChildren<QThread*>(QString(), Qt::FindDirectChildrenOnly)) {
            thread->wait();
        }
    }

    bool busy() const { return m_running > 0; }

    // `work()` runs on a worker thread; `done(value)` runs later in this object's thread. A `done`
    // queued while this object is being destroyed is dropped with it.
    template <typename Work, typename Done>
    void run(Work work, Done done) {
        ++m_running;
        QThread* thread = QThread::create([this, work = std::move(work), done = std::move(done)] {
            auto value = work();
            QMetaObject::invokeMethod(
                this,
                [this, done, value] {
                    --m_running;
                    done(value);
                },
                Qt::QueuedConnection);
        });
        thread->setParent(this);
        thread->setObjectName(QStringLiteral("background task"));
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        thread->start();
    }

private:
    int m_running = 0;
};

}  // namespace latent::ui
