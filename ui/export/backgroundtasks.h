#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <exception>
#include <new>
#include <string>
#include <utility>

#include "core/util/result.h"

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
    // queued while this object is being destroyed is dropped with it. An exception thrown by
    // `work()` (a reader's type error, bad_alloc) must not end the process: `done` gets
    // Value{Error{one line}} instead, so Value is a Status/Result, a struct whose first member is
    // one, or a list of them.
    template <typename Work, typename Done>
    void run(Work work, Done done) {
        ++m_running;
        QThread* thread = QThread::create([this, work = std::move(work), done = std::move(done)] {
            using Value = decltype(work());
            auto value = [&]() -> Value {
                try {
                    return work();
                } catch (const std::bad_alloc&) {
                    return Value{Error{"not enough memory"}};
                } catch (const std::exception& e) {
                    return Value{Error{firstLine(e.what())}};
                } catch (...) {
                    return Value{Error{"unexpected error"}};
                }
            }();
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
    // A LibTorch error's what() can be a whole traceback; the user gets its first line.
    static std::string firstLine(const char* what) {
        const std::string text = what ? what : "";
        return text.substr(0, text.find('\n'));
    }

    int m_running = 0;
};

}  // namespace latent::ui
