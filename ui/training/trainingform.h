#pragma once

#include <QString>
#include <QWidget>

#include "core/train/trainconfig.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace latent::ui {

// The run's settings: what to train on, how, and where to write it. Defaults are a run that
// works as is: the data and the architecture bring their recipe (train::defaultConfig,
// withStyleRecipe) to the fields the user has not changed. Images train a DCGAN or the style-based
// generator (the faces default to it), 2-D toy sets an MLP. Every edit re-checks the config with
// train::checkConfig and shows the answer under the form.
class TrainingForm : public QWidget {
    Q_OBJECT

public:
    explicit TrainingForm(QWidget* parent = nullptr);

    train::TrainConfig config() const;
    // Fills the form from a run folder's config (Open run…).
    void setConfig(const train::TrainConfig& config);
    // "" when Start can go ahead, else the reason in words (also shown under the form).
    QString problem() const;
    // Picks a fresh default run folder: appDataFolder()/runs/DATE-TIME.
    void newRunFolder();
    static QString defaultRunFolder();

    // Test and scripting hooks: the same as choosing in the widgets.
    void setData(const QString& source);  // "fashion-mnist", "toy:ring8", or a folder path
    void setSteps(qint64 steps);
    void setBatch(int batch);
    void setRunFolder(const QString& dir);
    void setResolution(int resolution);
    void setArchitecture(train::Architecture architecture);  // images only: DCGAN or style-based
    void setAugment(const QString& augment);                   // "auto", "ada", "off"
    // The CPU row: 0 = automatic (autoThreads()). Remembered across sessions, not part of a run.
    void setThreads(int threads);
    void setLowPriority(bool low);
    // Processes to train on (1: in the app; more: `latent train --nproc`). Remembered, like the
    // CPU row; 1 where the build or machine cannot split a run.
    void setProcesses(int processes);
    int processes() const;
    // The thread count "Auto" stands for on this machine.
    static int autoThreads();

Q_SIGNALS:
    void changed();

private:
    void onDataKindChanged();
    void onArchitectureChanged();
    // The fields the user has not changed follow from the recipe of (m_recipeKind,
    // m_recipeArchitecture) to that of the current data kind and architecture.
    void followRecipe();
    train::Architecture chosenArchitecture() const;
    // kind: the data combo's item data; the data's own recipe, switched to `architecture`.
    static train::TrainConfig recipe(const QString& kind, train::Architecture architecture);
    void showRecipe(const train::TrainConfig& recipe);
    void showRunFolder();
    void updateProblem();
    QString dataString() const;

    QComboBox* m_data;
    QLineEdit* m_folder;
    QPushButton* m_browseFolder;
    QComboBox* m_architecture;
    QComboBox* m_loss;
    QComboBox* m_resolution;
    QCheckBox* m_conditional;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_lrG;
    QDoubleSpinBox* m_lrD;
    QSpinBox* m_steps;
    QSpinBox* m_seed;
    QSpinBox* m_threads;
    QCheckBox* m_lowPriority;
    QSpinBox* m_processes;
    QLineEdit* m_runDir;
    QPushButton* m_browseRun;
    QLabel* m_runDirShown;  // the whole run folder, wrapped (the field is narrower than a path)
    QLabel* m_problem;
    train::TrainConfig m_base;  // fields the form does not show (kept from setConfig)
    bool m_fromRun = false;     // m_base came from setConfig (an opened run), not the recipe
    QString m_recipeKind;       // the data kind whose recipe the fields were last set to
    train::Architecture m_recipeArchitecture = train::Architecture::Dcgan;  // and the architecture
    QComboBox* m_augment;
};

}  // namespace latent::ui
