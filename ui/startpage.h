#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace latent::ui {

// Shown instead of an empty explorer while no model is open: one big "Open model…" button,
// the recent files as clickable entries and a line on where models come from.
class StartPage : public QWidget {
    Q_OBJECT

public:
    explicit StartPage(QWidget* parent = nullptr);

    void setRecentFiles(const QStringList& files);
    // A line under the button, e.g. "Loading model.ltm…"; empty restores the hint.
    void setStatus(const QString& text);

    QPushButton* openButton() const { return m_open; }
    QListWidget* recentList() const { return m_recent; }

Q_SIGNALS:
    void openRequested();
    void recentRequested(const QString& path);

private:
    QPushButton* m_open;
    QListWidget* m_recent;
    QLabel* m_recentTitle;
    QLabel* m_status;
};

}  // namespace latent::ui
