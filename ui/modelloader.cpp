#include "ui/modelloader.h"

#include <QThread>

namespace latent::ui {

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {}

ModelLoader::~ModelLoader() {
    for (QThread* thread : findChildren<QThread*>(QString(), Qt::FindDirectChildrenOnly)) {
        thread->wait();
    }
}

void ModelLoader::load(const QString& path) {
    const std::uint64_t ticket = ++m_ticket;
    ++m_running;
    const std::string file = path.toStdString();
    QThread* thread = QThread::create([this, ticket, path, file] {
        Result<model::LoadedModel> result = model::loadModel(file);
        const bool pickle = !result.ok() && model::isPythonPickle(file);
        QMetaObject::invokeMethod(
            this, [this, ticket, path, result, pickle] { onDone(ticket, path, result, pickle); },
            Qt::QueuedConnection);
    });
    thread->setParent(this);
    thread->setObjectName(QStringLiteral("model loader"));
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    Q_EMIT started(path);
    thread->start();
}

void ModelLoader::onDone(std::uint64_t ticket, const QString& path,
                         const Result<model::LoadedModel>& result, bool pickle) {
    --m_running;
    if (ticket != m_ticket) return;  // superseded by a newer load
    if (result.ok()) {
        Q_EMIT loaded(path, result.value());
    } else if (pickle) {
        Q_EMIT pickleRefused(path, QString::fromStdString(result.error()));
    } else {
        Q_EMIT failed(path, QString::fromStdString(result.error()));
    }
}

}  // namespace latent::ui
