#pragma once

#include <QDialog>
#include <QProcess>
#include <QString>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace latent::ui {

// File → Import StyleGAN Pickle…, and what opening a .pkl leads to: converts an NVIDIA
// StyleGAN2-ADA / StyleGAN3 pickle with tools/export_torchscript.py --stylegan in a child process
// (Latent Studio itself never unpickles), shows the converter's output as it comes, and hands the
// archive over to be opened. The UI never waits on the converter; Cancel kills it, and the
// converter writes atomically, so nothing half-written is left. The StyleGAN code folder is
// remembered between runs.
class ImportStyleGanDialog : public QDialog {
    Q_OBJECT

public:
    explicit ImportStyleGanDialog(QWidget* parent = nullptr);
    // Kills a conversion still running and waits for it.
    ~ImportStyleGanDialog() override;

    // Fills in the pickle (and the output beside it, unless one was typed) and shows the dialog.
    void showFor(const QString& pickle);

    QLineEdit* pickleEdit() const { return m_pickle; }
    QLineEdit* repoEdit() const { return m_repo; }
    QLineEdit* outputEdit() const { return m_output; }
    QPushButton* convertButton() const { return m_convert; }
    // One line: what is happening, or what went wrong.
    QString status() const;
    bool running() const { return m_process.state() != QProcess::NotRunning; }

public Q_SLOTS:
    void convert();
    void cancel();

Q_SIGNALS:
    // The archive is written and checked by the converter: open it.
    void converted(const QString& archive);

protected:
    void reject() override;

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void appendOutput(const QByteArray& bytes, bool error);
    void setStatus(const QString& text, bool problem);
    void updateButtons();

    QLineEdit* m_pickle;
    QLineEdit* m_repo;
    QLineEdit* m_output;
    QPlainTextEdit* m_log;
    QLabel* m_status;
    QPushButton* m_convert;
    QPushButton* m_close;
    QProcess m_process;
    QString m_lastError;      // the converter's last stderr line
    QString m_running;        // the archive being written
    bool m_outputTyped = false;
    bool m_cancelled = false;
};

}  // namespace latent::ui
