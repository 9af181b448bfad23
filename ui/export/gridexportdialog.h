#pragma once

#include "ui/export/exportdialog.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace latent::ui {

// Export → Grid…: a contact sheet of seeds, a truncation sweep (rows: seeds, columns: psi) or
// classes × seeds, as one PNG that records how to draw it again.
class GridExportDialog : public ExportDialog {
    Q_OBJECT

public:
    explicit GridExportDialog(Document* document, QWidget* parent = nullptr);

    QComboBox* modeBox() const { return m_mode; }
    QSpinBox* firstSeedBox() const { return m_firstSeed; }
    QSpinBox* lastSeedBox() const { return m_lastSeed; }

protected:
    ExportController::Job makeJob(const QString& path, QString* error) override;
    QString describeItems(int count) const override {
        return count == 1 ? tr("1 cell") : tr("%1 cells").arg(count);
    }
    void onModelChanged() override;

private:
    void updateRows();

    QComboBox* m_mode;
    QSpinBox* m_firstSeed;
    QSpinBox* m_lastSeed;
    QDoubleSpinBox* m_psiFrom;
    QDoubleSpinBox* m_psiTo;
    QSpinBox* m_psiSteps;
    QComboBox* m_class;
    QDoubleSpinBox* m_truncation;
    QSpinBox* m_cols;
    QCheckBox* m_labels;
    QComboBox* m_scale;
};

}  // namespace latent::ui
