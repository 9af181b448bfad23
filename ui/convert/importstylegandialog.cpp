#include "ui/convert/importstylegandialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/runtime/tools.h"

namespace latent::ui {

namespace {

constexpr const char* kRepoKey = "import/styleganRepo";

// A line edit with a "…" button that fills it from a file dialog.
QWidget* withBrowse(QLineEdit* edit, QWidget* parent, const std::function<QString()>& browse) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto* button = new QToolButton(row);
    button->setText(QStringLiteral("…"));
    button->setToolTip(QObject::tr("Browse"));
    QObject::connect(button, &QToolButton::clicked, edit, [edit, browse] {
        const QString chosen = browse();
        if (!chosen.isEmpty()) edit->setText(QDir::toNativeSeparators(chosen));
    });
    layout->addWidget(button);
    return row;
}

}  // namespace

ImportStyleGanDialog::ImportStyleGanDialog(QWidget* parent)
    : QDialog(parent),
      m_pickle(new QLineEdit(this)),
      m_repo(new QLineEdit(this)),
      m_output(new QLineEdit(this)),
      m_log(new QPlainTextEdit(this)),
      m_status(new QLabel(this)),
      m_convert(new QPushButton(tr("&Convert"), this)),
      m_close(new QPushButton(tr("Close"), this)) {
    setWindowTitle(tr("Import StyleGAN Pickle"));
    auto* intro = new QLabel(
        tr("Converts an NVIDIA StyleGAN2-ADA or StyleGAN3 network (a .pkl file) into a model "
           "Latent Studio opens. Unpickling needs the StyleGAN code the network was trained "
           "with: a checkout of NVlabs/stylegan3 or NVlabs/stylegan2-ada-pytorch. Only convert "
           "pickles you trust: unpickling can run any code."),
        this);
    intro->setWordWrap(true);

    m_pickle->setPlaceholderText(tr("network-snapshot.pkl"));
    m_repo->setPlaceholderText(tr("folder with torch_utils/ and dnnlib/"));
    m_repo->setText(QSettings().value(QLatin1String(kRepoKey)).toString());
    m_output->setPlaceholderText(tr("beside the pickle, as .pt"));
    auto* form = new QFormLayout;
    form->addRow(tr("&Pickle:"), withBrowse(m_pickle, this, [this] {
                     return QFileDialog::getOpenFileName(this, tr("StyleGAN Pickle"), m_pickle->text(),
                                                         tr("Network pickles (*.pkl);;All files (*)"));
                 }));
    form->addRow(tr("&StyleGAN code:"), withBrowse(m_repo, this, [this] {
                     return QFileDialog::getExistingDirectory(this, tr("StyleGAN Code Folder"),
                                                              m_repo->text());
                 }));
    form->addRow(tr("&Save as:"), withBrowse(m_output, this, [this] {
                     return QFileDialog::getSaveFileName(this, tr("Save Model As"), m_output->text(),
                                                         tr("TorchScript models (*.pt)"));
                 }));

    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setPlaceholderText(tr("The converter's output appears here."));
    m_log->setMinimumHeight(120);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_convert, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    m_convert->setDefault(true);
    connect(m_convert, &QPushButton::clicked, this, &ImportStyleGanDialog::convert);
    connect(m_close, &QPushButton::clicked, this, &ImportStyleGanDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_log, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(620, 420);

    connect(m_pickle, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (!m_outputTyped && !text.isEmpty()) {
            m_output->setText(QString::fromStdString(runtime::convertedModelPath(text.toStdString())));
        }
        updateButtons();
    });
    connect(m_output, &QLineEdit::textEdited, this, [this] { m_outputTyped = true; });
    connect(m_repo, &QLineEdit::textChanged, this, &ImportStyleGanDialog::updateButtons);
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { appendOutput(m_process.readAllStandardOutput(), false); });
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { appendOutput(m_process.readAllStandardError(), true); });
    connect(&m_process, &QProcess::finished, this, &ImportStyleGanDialog::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            setStatus(tr("Could not start %1: %2").arg(m_process.program(), m_process.errorString()), true);
            updateButtons();
        }
    });
    updateButtons();
}

ImportStyleGanDialog::~ImportStyleGanDialog() {
    if (running()) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void ImportStyleGanDialog::showFor(const QString& pickle) {
    m_pickle->setText(QDir::toNativeSeparators(pickle));
    m_log->clear();
    setStatus(m_repo->text().isEmpty()
                  ? tr("Choose the folder of the StyleGAN code the network was trained with.")
                  : tr("Ready to convert."),
              false);
    show();
    raise();
    activateWindow();
}

QString ImportStyleGanDialog::status() const { return m_status->text(); }

void ImportStyleGanDialog::setStatus(const QString& text, bool problem) {
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

void ImportStyleGanDialog::updateButtons() {
    m_convert->setEnabled(!running() && !m_pickle->text().trimmed().isEmpty() &&
                          !m_output->text().trimmed().isEmpty());
    m_close->setText(running() ? tr("Cancel") : tr("Close"));
    for (QLineEdit* edit : {m_pickle, m_repo, m_output}) edit->setEnabled(!running());
}

void ImportStyleGanDialog::convert() {
    if (running()) return;
    const QString pickle = m_pickle->text().trimmed();
    const QString repo = m_repo->text().trimmed();
    const QString output = m_output->text().trimmed();
    const QFileInfo pickleInfo(pickle);
    if (!pickleInfo.isFile()) {
        setStatus(tr("%1: file not found").arg(pickle), true);
        return;
    }
    if (!repo.isEmpty() && !QFileInfo(repo).isDir()) {
        setStatus(tr("%1: not a folder (the StyleGAN code)").arg(repo), true);
        return;
    }
    if (QFileInfo(output) == pickleInfo) {
        setStatus(tr("The model would overwrite the pickle: choose another file name."), true);
        return;
    }
    if (QFileInfo::exists(output) &&
        QMessageBox::question(this, tr("Replace Model?"),
                              tr("%1 already exists. Replace it?").arg(QFileInfo(output).fileName()),
                              QMessageBox::Yes | QMessageBox::Cancel) != QMessageBox::Yes) {
        return;
    }
    const QString python = QString::fromStdString(runtime::pythonInterpreter());
    const QString tools = QString::fromStdString(runtime::toolsDirectory());
    if (python.isEmpty() || tools.isEmpty()) {
        setStatus(python.isEmpty() ? tr("No python3 found: the converter is a Python program "
                                        "(it needs PyTorch).")
                                   : tr("The converter (tools/export_torchscript.py) is not "
                                        "installed beside Latent Studio."),
                  true);
        return;
    }
    if (!repo.isEmpty()) QSettings().setValue(QLatin1String(kRepoKey), repo);
    QStringList args{QDir(tools).filePath(QStringLiteral("export_torchscript.py")),
                     QStringLiteral("--stylegan"), pickle};
    if (!repo.isEmpty()) args << QStringLiteral("--stylegan-repo") << repo;
    args << output;
    m_log->clear();
    m_lastError.clear();
    m_cancelled = false;
    m_running = output;
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(python, args);
    setStatus(tr("Converting %1… (checking it against the original network)").arg(pickleInfo.fileName()),
              false);
    updateButtons();
}

void ImportStyleGanDialog::cancel() {
    if (!running()) return;
    m_cancelled = true;
    m_process.kill();  // the converter writes atomically: nothing is left behind
}

void ImportStyleGanDialog::reject() {
    if (running()) {
        cancel();
        return;
    }
    QDialog::reject();
}

void ImportStyleGanDialog::appendOutput(const QByteArray& bytes, bool error) {
    const QString text = QString::fromLocal8Bit(bytes);
    m_log->appendPlainText(text.trimmed());
    if (!error) return;
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (!lines.isEmpty()) m_lastError = lines.last().trimmed();
}

void ImportStyleGanDialog::onFinished(int exitCode, QProcess::ExitStatus status) {
    updateButtons();
    if (m_cancelled) {
        setStatus(tr("Cancelled; nothing was written."), false);
        return;
    }
    if (status != QProcess::NormalExit || exitCode != 0) {
        QString why = m_lastError;
        if (why.startsWith(QLatin1String("export failed: "))) why = why.mid(15);
        setStatus(why.isEmpty() ? tr("The converter failed (exit status %1).").arg(exitCode) : why, true);
        return;
    }
    setStatus(tr("Converted: %1").arg(QFileInfo(m_running).fileName()), false);
    Q_EMIT converted(m_running);
    accept();
}

}  // namespace latent::ui
