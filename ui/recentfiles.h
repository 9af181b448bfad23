#pragma once

#include <QObject>
#include <QStringList>

namespace latent::ui {

// The most recently opened model files, newest first, persisted in QSettings under
// "recentFiles" so File → Open Recent and the start page survive a restart.
class RecentFiles : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxEntries = 10;

    explicit RecentFiles(QObject* parent = nullptr);

    QStringList files() const { return m_files; }
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

Q_SIGNALS:
    void changed();

private:
    void save();

    QStringList m_files;
};

}  // namespace latent::ui
