#pragma once

#include <QDialog>
#include <QImage>

class QLabel;
class QProgressBar;
class QPushButton;

namespace latent::ui {

class ProjectionController;

// Shows a projection under way: the target next to the live reconstruction, a progress bar with
// step and loss, and Cancel / Use Result. Modeless; it only reflects the controller's signals and
// asks for cancel or use, so the explorer stays usable while it runs.
class ProjectionDialog : public QDialog {
    Q_OBJECT

public:
    ProjectionDialog(ProjectionController* controller, QWidget* parent = nullptr);

    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* useButton() const { return m_use; }
    QString statusText() const;

Q_SIGNALS:
    void useResultRequested();

private:
    void onStarted(const QImage& target);
    void onProgress(int step, int steps, double loss);
    void onFinished(const QString& text);
    void setPicture(QLabel* label, const QImage& image);

    ProjectionController* m_controller;
    QLabel* m_target;
    QLabel* m_preview;
    QProgressBar* m_progress;
    QLabel* m_status;
    QPushButton* m_cancel;
    QPushButton* m_use;
};

}  // namespace latent::ui
