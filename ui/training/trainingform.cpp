#include "ui/training/trainingform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QThread>

#include <algorithm>
#include <limits>

#include "core/runtime/runtime.h"
#include "core/train/world.h"
#include "ui/appfolders.h"

namespace latent::ui {

namespace {
const QString kFolderData = QStringLiteral("folder");
const QString kThreadsKey = QStringLiteral("training/threads");
const QString kLowPriorityKey = QStringLiteral("training/lowPriority");
const QString kProcessesKey = QStringLiteral("training/processes");

// The data's own recipe; kind: the data combo's item data. A folder's does not depend on which.
train::TrainConfig dataRecipe(const QString& kind) {
    return train::defaultConfig(kind == kFolderData ? std::string("folder") : kind.toStdString());
}

QDoubleSpinBox* learningRate() {
    auto* box = new QDoubleSpinBox;
    box->setDecimals(5);
    box->setRange(0.0, 0.1);
    box->setSingleStep(0.00005);
    // 0 lets resolveConfig pick the loss's usual rate (2e-4, or 1e-4 for WGAN-GP).
    box->setSpecialValueText(QObject::tr("auto"));
    return box;
}

QWidget* row(QWidget* field, QWidget* button) {
    auto* w = new QWidget;
    auto* layout = new QHBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field, 1);
    layout->addWidget(button);
    return w;
}
}  // namespace

TrainingForm::TrainingForm(QWidget* parent)
    : QWidget(parent),
      m_data(new QComboBox),
      m_folder(new QLineEdit),
      m_browseFolder(new QPushButton(tr("Browse…"))),
      m_architecture(new QComboBox),
      m_loss(new QComboBox),
      m_resolution(new QComboBox),
      m_conditional(new QCheckBox(tr("Class-conditional"))),
      m_batch(new QSpinBox),
      m_lrG(learningRate()),
      m_lrD(learningRate()),
      m_steps(new QSpinBox),
      m_seed(new QSpinBox),
      m_threads(new QSpinBox),
      m_lowPriority(new QCheckBox(tr("Low priority"))),
      m_processes(new QSpinBox),
      m_runDir(new QLineEdit),
      m_browseRun(new QPushButton(tr("Browse…"))),
      m_runDirShown(new QLabel),
      m_problem(new QLabel),
      m_augment(new QComboBox) {
    setObjectName(QStringLiteral("TrainingForm"));
    m_data->addItem(tr("Fashion-MNIST"), QStringLiteral("fashion-mnist"));
    m_data->addItem(tr("Procedural faces"), QStringLiteral("faces"));
    m_data->setItemData(1, tr("Colour cartoon faces the app draws itself, a million of them, each "
                              "with known attributes (docs/faces.md)"),
                        Qt::ToolTipRole);
    m_data->addItem(tr("Image folder…"), kFolderData);
    m_data->insertSeparator(3);
    for (const char* toy : {"ring8", "grid25", "spiral", "moons"}) {
        m_data->addItem(tr("Toy 2-D: %1").arg(QLatin1String(toy)),
                        QStringLiteral("toy:") + QLatin1String(toy));
    }
    m_data->setObjectName(QStringLiteral("data"));
    m_folder->setPlaceholderText(tr("Folder of PNG or JPEG images (sub-folders = classes)"));
    m_architecture->setObjectName(QStringLiteral("architecture"));
    m_architecture->addItem(QStringLiteral("DCGAN"), QStringLiteral("dcgan"));
    m_architecture->addItem(tr("Style-based (StyleGAN2)"), QStringLiteral("style"));
    m_architecture->addItem(QStringLiteral("MLP"), QStringLiteral("mlp"));
    m_architecture->setToolTip(
        tr("Images: a DCGAN (fast), or the style-based generator, whose W space, layers and style "
           "mixing the Explorer can edit. 2-D toy sets train an MLP. A change brings the "
           "architecture's recipe to the fields you have not changed."));
    m_augment->setObjectName(QStringLiteral("augment"));
    m_augment->addItem(tr("Auto"), QStringLiteral("auto"));
    m_augment->addItem(tr("Adaptive (ADA)"), QStringLiteral("ada"));
    m_augment->addItem(tr("Off"), QStringLiteral("off"));
    m_augment->setToolTip(
        tr("Augment what the discriminator sees (shifts, colour, cutout), so it cannot learn a "
           "small image set by heart. Adaptive raises the probability while D is too sure of the "
           "real images (the Overfitting watch chart). Auto: adaptive for image folders, off for "
           "the large built-in sets."));
    m_loss->addItem(tr("Non-saturating"), QStringLiteral("ns"));
    m_loss->addItem(tr("Hinge"), QStringLiteral("hinge"));
    m_loss->addItem(tr("WGAN-GP"), QStringLiteral("wgan-gp"));
    for (int r : {32, 64, 128, 256}) m_resolution->addItem(QStringLiteral("%1 × %1").arg(r), r);
    m_batch->setRange(1, 4096);
    m_steps->setRange(1, std::numeric_limits<int>::max());
    m_steps->setGroupSeparatorShown(true);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    // How the run shares the machine with the Explorer: a machine setting, kept across sessions.
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(0, runtime::maxThreadCount());
    m_threads->setSpecialValueText(tr("Auto (%1)").arg(autoThreads()));
    m_threads->setToolTip(tr("LibTorch threads the run computes on (this machine has %1 cores). "
                             "Applies from the next Start.")
                              .arg(runtime::threadCount()));
    m_lowPriority->setObjectName(QStringLiteral("lowPriority"));
    m_lowPriority->setToolTip(tr("Run training below normal priority, so the Explorer and other "
                                 "programs get the CPU first and training takes what is left. "
                                 "Applies from the next Start."));
    // Data-parallel: `latent train --nproc N` in the background (docs/distributed.md).
    m_processes->setObjectName(QStringLiteral("processes"));
    // Up to one process per core: the ranks' threads are shared out from the CPU row.
    const int cores = QThread::idealThreadCount();
    const bool canSplit = train::distributedAvailable() && cores > 1;
    m_processes->setRange(1, std::max(1, cores));
    m_processes->setSpecialValueText(tr("1 (in the app)"));
    m_processes->setEnabled(canSplit);
    m_processes->setToolTip(
        canSplit ? tr("Train data-parallel on this many processes, each on its slice of every "
                      "batch (the CPU threads are shared out between them). More than one runs "
                      "`latent train --nproc` in the background: the charts and samples follow "
                      "its run folder, and it cannot pause.")
                 : tr("This build or machine trains in one process only."));
    {
        const QSettings settings;
        m_threads->setValue(settings.value(kThreadsKey, 0).toInt());
        if (canSplit) m_processes->setValue(settings.value(kProcessesKey, 1).toInt());
        m_lowPriority->setChecked(settings.value(kLowPriorityKey, true).toBool());
    }
    m_runDir->setObjectName(QStringLiteral("runDir"));
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c0392b;"));

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setVerticalSpacing(4);  // fourteen rows, and the column must fit 720 px with a run going
    form->addRow(tr("&Data:"), m_data);
    form->addRow(tr("&Folder:"), row(m_folder, m_browseFolder));
    form->addRow(tr("Architecture:"), m_architecture);
    form->addRow(tr("&Loss:"), m_loss);
    {
        // Resolution and augmentation share a row: the column must fit 720 px with a run going.
        auto* both = new QWidget;
        auto* layout = new QHBoxLayout(both);
        layout->setContentsMargins(0, 0, 0, 0);
        auto* label = new QLabel(tr("&Augment"));
        label->setBuddy(m_augment);
        layout->addWidget(m_resolution, 1);
        layout->addWidget(label);
        layout->addWidget(m_augment, 1);
        auto* resolution = new QLabel(tr("&Resolution:"));
        resolution->setBuddy(m_resolution);
        form->addRow(resolution, both);
    }
    form->addRow(QString(), m_conditional);
    form->addRow(tr("&Batch size:"), m_batch);
    {
        // G's and D's rates share a row: the column must fit 720 px with a run going.
        auto* rates = new QWidget;
        auto* layout = new QHBoxLayout(rates);
        layout->setContentsMargins(0, 0, 0, 0);
        auto* g = new QLabel(tr("G"));
        auto* d = new QLabel(tr("D"));
        g->setBuddy(m_lrG);
        d->setBuddy(m_lrD);
        m_lrG->setToolTip(tr("The generator's learning rate (auto: the loss's usual rate)"));
        m_lrD->setToolTip(tr("The discriminator's learning rate (auto: the loss's usual rate)"));
        layout->addWidget(g);
        layout->addWidget(m_lrG, 1);
        layout->addWidget(d);
        layout->addWidget(m_lrD, 1);
        form->addRow(tr("Learning rates:"), rates);
    }
    form->addRow(tr("&Steps:"), m_steps);
    form->addRow(tr("S&eed:"), m_seed);
    form->addRow(tr("CP&U threads:"), row(m_threads, m_lowPriority));
    form->addRow(tr("&Processes:"), m_processes);
    form->addRow(tr("Run &folder:"), row(m_runDir, m_browseRun));
    m_runDirShown->setObjectName(QStringLiteral("runDirShown"));
    m_runDirShown->setWordWrap(true);
    // A form row's label gets one line unless it insists: a default run folder takes two.
    m_runDirShown->setMinimumHeight(2 * m_runDirShown->fontMetrics().lineSpacing());
    m_runDirShown->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runDirShown->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), m_runDirShown);
    form->addRow(m_problem);

    newRunFolder();
    showRecipe(train::defaultConfig(m_data->currentData().toString().toStdString()));
    onDataKindChanged();

    connect(m_data, &QComboBox::currentIndexChanged, this, &TrainingForm::onDataKindChanged);
    connect(m_architecture, &QComboBox::currentIndexChanged, this,
            &TrainingForm::onArchitectureChanged);
    connect(m_browseFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Image Folder"),
                                                              m_folder->text());
        if (!dir.isEmpty()) m_folder->setText(dir);
    });
    connect(m_browseRun, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Run Folder"),
                                                              m_runDir->text());
        if (!dir.isEmpty()) m_runDir->setText(dir);
    });
    for (QComboBox* box : {m_loss, m_resolution, m_augment}) {
        connect(box, &QComboBox::currentIndexChanged, this, &TrainingForm::updateProblem);
    }
    for (QLineEdit* edit : {m_folder, m_runDir}) {
        connect(edit, &QLineEdit::textChanged, this, &TrainingForm::updateProblem);
    }
    connect(m_runDir, &QLineEdit::textChanged, this, &TrainingForm::showRunFolder);
    showRunFolder();
    for (QSpinBox* box : {m_batch, m_steps, m_seed}) {
        connect(box, &QSpinBox::valueChanged, this, &TrainingForm::updateProblem);
    }
    for (QDoubleSpinBox* box : {m_lrG, m_lrD}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, &TrainingForm::updateProblem);
    }
    connect(m_conditional, &QCheckBox::toggled, this, &TrainingForm::updateProblem);
    connect(m_threads, &QSpinBox::valueChanged, this, [this](int threads) {
        QSettings().setValue(kThreadsKey, threads);
        updateProblem();
    });
    connect(m_processes, &QSpinBox::valueChanged, this, [this](int processes) {
        QSettings().setValue(kProcessesKey, processes);
        updateProblem();
    });
    connect(m_lowPriority, &QCheckBox::toggled, this, [this](bool low) {
        QSettings().setValue(kLowPriorityKey, low);
        Q_EMIT changed();
    });
    updateProblem();
}

int TrainingForm::autoThreads() {
    // A core left to the Explorer: measured on 2 cores (docs/performance.md, "Training beside
    // the Explorer"), a run on one thread lost little against two when alone and lost far less
    // when frames were drawn, since a team of two stalls whenever the Explorer takes a core.
    return std::max(1, runtime::threadCount() - 1);
}

void TrainingForm::setThreads(int threads) {
    m_threads->setValue(threads);
}

void TrainingForm::setProcesses(int processes) {
    m_processes->setValue(processes);
}

int TrainingForm::processes() const {
    return m_processes->isEnabled() ? m_processes->value() : 1;
}

void TrainingForm::setLowPriority(bool low) {
    m_lowPriority->setChecked(low);
}

QString TrainingForm::defaultRunFolder() {
    return QDir(appDataFolder()).filePath(QStringLiteral("runs/") +
                               QDateTime::currentDateTime().toString(
                                   QStringLiteral("yyyyMMdd-HHmmss")));
}

void TrainingForm::showRunFolder() {
    // Whole, with a break allowed after each separator, and ~ for the home folder.
    QString path = QDir::fromNativeSeparators(m_runDir->text().trimmed());
    const QString home = QDir::homePath();
    if (path.startsWith(home + QLatin1Char('/'))) path = QLatin1Char('~') + path.mid(home.size());
    path = QDir::toNativeSeparators(path);
    m_runDirShown->setText(path.replace(QDir::separator(),
                                        QString(QDir::separator()) + QChar(0x200B)));
    m_runDir->setToolTip(m_runDir->text());
}

void TrainingForm::newRunFolder() {
    m_runDir->setText(QDir::toNativeSeparators(defaultRunFolder()));
}

QString TrainingForm::dataString() const {
    const QString kind = m_data->currentData().toString();
    return kind == kFolderData ? m_folder->text().trimmed() : kind;
}

void TrainingForm::onDataKindChanged() {
    const QString kind = m_data->currentData().toString();
    const bool toy = kind.startsWith(QStringLiteral("toy:"));
    const bool folder = kind == kFolderData;
    m_folder->setEnabled(folder);
    m_browseFolder->setEnabled(folder);
    m_resolution->setEnabled(!toy);
    m_conditional->setEnabled(!toy);
    m_augment->setEnabled(!toy);
    {
        // Toy sets train an MLP and images never do; a new kind of data brings its architecture.
        const QSignalBlocker block(m_architecture);
        m_architecture->setEnabled(!toy);
        if (auto* items = qobject_cast<QStandardItemModel*>(m_architecture->model())) {
            items->item(m_architecture->findData(QStringLiteral("mlp")))->setEnabled(toy);
        }
        const train::Architecture architecture =
            toy || kind != m_recipeKind ? dataRecipe(kind).architecture : chosenArchitecture();
        m_architecture->setCurrentIndex(
            m_architecture->findData(QLatin1String(train::architectureName(architecture))));
    }
    followRecipe();
    if (folder && m_folder->text().isEmpty()) m_browseFolder->setFocus();
}

void TrainingForm::onArchitectureChanged() {
    followRecipe();
}

train::Architecture TrainingForm::chosenArchitecture() const {
    train::Architecture a = train::Architecture::Dcgan;
    train::parseArchitecture(m_architecture->currentData().toString().toStdString(), &a);
    return a;
}

void TrainingForm::followRecipe() {
    const QString kind = m_data->currentData().toString();
    const bool toy = kind.startsWith(QStringLiteral("toy:"));
    // The fields follow the new recipe, except those the user changed.
    const train::TrainConfig before = recipe(m_recipeKind, m_recipeArchitecture),
                             after = recipe(kind, chosenArchitecture());
    m_recipeKind = kind;
    m_recipeArchitecture = after.architecture;
    if (m_loss->currentData().toString() == QLatin1String(train::lossName(before.loss)))
        m_loss->setCurrentIndex(m_loss->findData(QLatin1String(train::lossName(after.loss))));
    if (toy || m_conditional->isChecked() == before.conditional)
        m_conditional->setChecked(after.conditional);
    if (m_resolution->currentData().toInt() == before.resolution) setResolution(after.resolution);
    if (m_batch->value() == before.batch) m_batch->setValue(after.batch);
    if (m_lrG->value() == before.lrG) m_lrG->setValue(after.lrG);
    if (m_lrD->value() == before.lrD) m_lrD->setValue(after.lrD);
    if (m_steps->value() == before.steps) setSteps(after.steps);
    updateProblem();
}

train::TrainConfig TrainingForm::recipe(const QString& kind, train::Architecture architecture) {
    train::TrainConfig c = dataRecipe(kind);
    if (architecture == c.architecture || c.architecture == train::Architecture::Mlp) return c;
    if (architecture == train::Architecture::Style) return train::withStyleRecipe(c);
    // The DCGAN on data whose recipe is style-based (the faces): a folder's DCGAN recipe.
    train::TrainConfig dcgan = train::defaultConfig("folder");
    dcgan.data = c.data;
    return dcgan;
}

void TrainingForm::showRecipe(const train::TrainConfig& c) {
    m_loss->setCurrentIndex(m_loss->findData(QLatin1String(train::lossName(c.loss))));
    setResolution(c.resolution);
    m_conditional->setChecked(c.conditional);
    m_batch->setValue(c.batch);
    m_lrG->setValue(c.lrG);
    m_lrD->setValue(c.lrD);
    setSteps(c.steps);
    m_recipeKind = m_data->currentData().toString();
    m_recipeArchitecture = c.architecture;
}

train::TrainConfig TrainingForm::config() const {
    const std::string source = dataString().toStdString();
    // The fields the form does not show (widths, R1, intervals) come from the run it was set from
    // when that run trained on the same kind of data, else from the data's recipe.
    const auto kindOf = [](const std::string& d) {
        return train::isImageFolderData(d) ? std::string("folder") : d;
    };
    const bool toy = source.rfind("toy:", 0) == 0;
    const train::Architecture architecture = toy ? train::Architecture::Mlp : chosenArchitecture();
    const bool keep = m_fromRun && kindOf(m_base.data) == kindOf(source) &&
                      m_base.architecture == architecture;
    train::TrainConfig c =
        keep ? m_base
             : recipe(kindOf(source) == "folder" ? kFolderData : QString::fromStdString(source),
                      architecture);
    c.resume = false;
    c.data = source;
    c.architecture = architecture;
    c.augment = m_augment->currentData().toString().toStdString();
    train::parseLoss(m_loss->currentData().toString().toStdString(), &c.loss);
    c.resolution = m_resolution->currentData().toInt();
    c.conditional = !toy && m_conditional->isChecked();
    c.batch = m_batch->value();
    c.lrG = m_lrG->value();
    c.lrD = m_lrD->value();
    c.steps = m_steps->value();
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    c.runDir = QDir::fromNativeSeparators(m_runDir->text().trimmed()).toStdString();
    c.threads = m_threads->value() > 0 ? m_threads->value() : autoThreads();
    c.lowPriority = m_lowPriority->isChecked();
    return c;
}

void TrainingForm::setConfig(const train::TrainConfig& config) {
    m_base = config;
    m_base.resume = false;
    m_fromRun = true;
    setData(QString::fromStdString(config.data));
    setArchitecture(config.architecture);
    setAugment(QString::fromStdString(config.augment));
    m_loss->setCurrentIndex(m_loss->findData(QString::fromLatin1(train::lossName(config.loss))));
    setResolution(config.resolution);
    m_conditional->setChecked(config.conditional);
    m_batch->setValue(config.batch);
    m_lrG->setValue(config.lrG);
    m_lrD->setValue(config.lrD);
    setSteps(config.steps);
    m_seed->setValue(static_cast<int>(config.seed));
    setRunFolder(QString::fromStdString(config.runDir));
}

void TrainingForm::setData(const QString& source) {
    const int index = source.isEmpty() ? -1 : m_data->findData(source);
    if (index >= 0) {
        m_data->setCurrentIndex(index);
    } else {
        m_data->setCurrentIndex(m_data->findData(kFolderData));
        m_folder->setText(source);
    }
    onDataKindChanged();
}

void TrainingForm::setArchitecture(train::Architecture architecture) {
    const int index =
        m_architecture->findData(QLatin1String(train::architectureName(architecture)));
    if (index >= 0 && m_architecture->isEnabled()) m_architecture->setCurrentIndex(index);
}

void TrainingForm::setAugment(const QString& augment) {
    int index = m_augment->findData(augment);
    train::AugmentSetting fixed;
    if (index < 0 && train::parseAugment(augment.toStdString(), &fixed)) {
        // A fixed probability (`latent train --augment P`): offered as it was set.
        m_augment->addItem(tr("Fixed p = %1").arg(fixed.p), augment);
        index = m_augment->count() - 1;
    }
    m_augment->setCurrentIndex(std::max(index, 0));
}

void TrainingForm::setSteps(qint64 steps) {
    m_steps->setValue(static_cast<int>(std::min<qint64>(steps, m_steps->maximum())));
}

void TrainingForm::setBatch(int batch) {
    m_batch->setValue(batch);
}

void TrainingForm::setRunFolder(const QString& dir) {
    m_runDir->setText(QDir::toNativeSeparators(dir));
}

void TrainingForm::setResolution(int resolution) {
    const int index = m_resolution->findData(resolution);
    if (index >= 0) m_resolution->setCurrentIndex(index);
}

QString TrainingForm::problem() const {
    if (m_data->currentData().toString() == kFolderData && m_folder->text().trimmed().isEmpty()) {
        return tr("Choose the image folder to train on.");
    }
    if (m_runDir->text().trimmed().isEmpty()) return tr("Choose a run folder.");
    if (processes() > 1 && m_batch->value() % processes() != 0) {
        return tr("A batch of %1 does not split evenly over %2 processes: choose a multiple of %2.")
            .arg(m_batch->value())
            .arg(processes());
    }
    const auto prepared = train::prepareConfig(config());
    return prepared ? QString() : QString::fromStdString(prepared.error());
}

void TrainingForm::updateProblem() {
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    Q_EMIT changed();
}

}  // namespace latent::ui
