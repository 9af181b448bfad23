#pragma once

#include <QDialog>
#include <QVector>

#include <string>
#include <vector>

#include "core/edit/edit.h"
#include "core/util/result.h"
#include "ui/editing/attributesamples.h"

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QListWidget;
class QPushButton;
class QToolButton;
class QGridLayout;

namespace latent::ui {

class BackgroundJobs;
class Document;

// InterFaceGAN by hand: a grid of random samples at the current class and truncation; click a
// sample to mark that it has the attribute (green +), click again for lacks (red −), once more to
// unmark. With at least 10 of each, Fit finds the boundary between them on a worker thread
// (edit::attributeDirection), optionally keeping other attributes fixed (edit::projectOut), and
// adds its unit normal to the Document as a named slider.
// For colour models, when the face attribute regressor ships (train::findFaceRegressor), a second
// way: "Label automatically" picks a face attribute (smile, glasses, hair colour: blond, …), draws
// N samples, lets the regressor read them and fits the direction between the top and bottom of
// them in one click (train::labelFaces, fitFaceDirection), in W for style-based models. Modeless;
// errors are shown in words inside the dialog.
class AttributeDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr int kColumns = 6;
    static constexpr int kThumbnail = 72;

    explicit AttributeDialog(Document* document, QWidget* parent = nullptr);
    ~AttributeDialog() override;

    AttributeSamples* samples() const { return m_samples; }
    QToolButton* sampleButton(int index) const { return m_buttons.value(index); }
    QLineEdit* nameEdit() const { return m_name; }
    QListWidget* keepFixedList() const { return m_keepFixed; }
    QPushButton* moreButton() const { return m_more; }
    QPushButton* fitButton() const { return m_fit; }
    QLabel* countsLabel() const { return m_counts; }
    QLabel* statusLabel() const { return m_status; }
    QGroupBox* autoLabelBox() const { return m_autoBox; }
    QComboBox* autoTargetBox() const { return m_autoTarget; }
    QSpinBox* autoCountBox() const { return m_autoCount; }
    QPushButton* autoFitButton() const { return m_autoFit; }
    // No render and no fit running.
    bool idle() const;

public Q_SLOTS:
    void fit();
    // Fits the attribute chosen in autoTargetBox() from autoCountBox() samples labelled by the
    // face regressor, on a worker thread.
    void fitFromLabels();

Q_SIGNALS:
    void directionAdded(const QString& name);

private:
    void onSamplesAdded(int first, int count);
    void refreshButtons(int first, int count);
    void refreshKeepFixed();
    void updateState();
    void onFitted(const Result<edit::Direction>& direction, bool automatic);
    void refreshAutoLabels();
    void showStatus(const QString& text, bool error);
    QString suggestedName() const;
    // The directions checked in "Keep fixed".
    std::vector<edit::Direction> checkedFixed() const;

    Document* m_document;
    AttributeSamples* m_samples;
    BackgroundJobs* m_tasks;
    QWidget* m_grid;
    QGridLayout* m_gridLayout;
    QVector<QToolButton*> m_buttons;
    QLineEdit* m_name;
    QListWidget* m_keepFixed;
    QPushButton* m_more;
    QLabel* m_counts;
    QLabel* m_status;
    QPushButton* m_fit;
    QGroupBox* m_autoBox;
    QComboBox* m_autoTarget;
    QSpinBox* m_autoCount;
    QPushButton* m_autoFit;
    std::string m_regressorPath;  // "" when no face regressor ships
    bool m_fitting = false;  // a fit (by hand or from labels) is running
};

}  // namespace latent::ui
