#include "ui/recentfiles.h"

#include <QFileInfo>
#include <QSettings>

namespace latent::ui {

namespace {
const char* const kKey = "recentFiles";

// One spelling per file, so opening "./m.ltm" and "/abs/m.ltm" does not list it twice.
QString canonical(const QString& path) {
    const QFileInfo info(path);
    const QString resolved = info.canonicalFilePath();
    return resolved.isEmpty() ? info.absoluteFilePath() : resolved;
}
}  // namespace

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {
    m_files = QSettings().value(kKey).toStringList();
    while (m_files.size() > kMaxEntries) m_files.removeLast();
}

void RecentFiles::add(const QString& path) {
    const QString file = canonical(path);
    m_files.removeAll(file);
    m_files.prepend(file);
    while (m_files.size() > kMaxEntries) m_files.removeLast();
    save();
}

void RecentFiles::remove(const QString& path) {
    if (m_files.removeAll(canonical(path)) + m_files.removeAll(path) > 0) save();
}

void RecentFiles::clear() {
    m_files.clear();
    save();
}

void RecentFiles::save() {
    QSettings().setValue(kKey, m_files);
    Q_EMIT changed();
}

}  // namespace latent::ui
