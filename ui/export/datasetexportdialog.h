#pragma once

#include "ui/export/exportdialog.h"

class QDoubleSpinBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace latent::ui {

// Export → Synthetic Dataset…: N images per class (or N in all for an unconditional model) as
// PNGs with their recipes, plus labels.csv, in a new folder.
class DatasetExportDialog : public ExportDialog {
    Q_OBJECT

public:
    explicit DatasetExportDialog(Document* document, QWidget* parent = nullptr);

    QSpinBox* perClassBox() const { return m_perClass; }

protected:
    ExportController::Job makeJob(const QString& path, QString* error) override;
    QString describeItems(int count) const override {
        return count == 1 ? tr("1 image") : tr("%1 images").arg(count);
    }
    void onModelChanged() override;

private:
    void updateSummary();

    QSpinBox* m_perClass;
    QSpinBox* m_firstSeed;
    QDoubleSpinBox* m_truncation;
    QComboBox* m_scale;
    QLabel* m_summary;
};

}  // namespace latent::ui
