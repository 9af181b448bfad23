#pragma once

#include "ui/export/exportdialog.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace latent::ui {

// Export → Interpolation Video…: the Document's keyframes as an MP4, GIF or PNG sequence. Length
// by frames per segment or by total duration (kept in step with each other), lerp or slerp,
// easing, loop, upscale, and H.264 quality. The format follows the file name's suffix and the
// combo follows the name, so either way of choosing works.
class VideoExportDialog : public ExportDialog {
    Q_OBJECT

public:
    explicit VideoExportDialog(Document* document, QWidget* parent = nullptr);

    QComboBox* formatBox() const { return m_format; }
    QSpinBox* framesPerSegmentBox() const { return m_frames; }
    QDoubleSpinBox* durationBox() const { return m_duration; }
    QDoubleSpinBox* fpsBox() const { return m_fps; }
    QComboBox* interpolationBox() const { return m_interpolation; }
    QComboBox* easingBox() const { return m_easing; }
    QCheckBox* loopBox() const { return m_loop; }
    QComboBox* scaleBox() const { return m_scale; }
    QSpinBox* qualityBox() const { return m_crf; }

protected:
    ExportController::Job makeJob(const QString& path, QString* error) override;
    QString describeItems(int count) const override {
        return count == 1 ? tr("1 frame") : tr("%1 frames").arg(count);
    }
    QString outputPath() const override;

private:
    int segmentCount() const;
    void updateSummary();
    void framesChanged();
    void durationChanged();
    void formatChanged();
    void pathEdited(const QString& path);

    QLabel* m_keyframes;
    QComboBox* m_format;
    QSpinBox* m_frames;
    QDoubleSpinBox* m_duration;
    QDoubleSpinBox* m_fps;
    QComboBox* m_interpolation;
    QComboBox* m_easing;
    QCheckBox* m_loop;
    QComboBox* m_scale;
    QCheckBox* m_smooth;
    QSpinBox* m_crf;
    bool m_syncing = false;
};

}  // namespace latent::ui
