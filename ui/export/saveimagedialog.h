#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;

namespace latent::ui {

class PathEdit;

// File → Save Image…: where, how large (native or ×2/×4/×8) and how to scale (nearest keeps
// pixels crisp, smooth blends them). The caller runs the save; this only asks.
class SaveImageDialog : public QDialog {
    Q_OBJECT

public:
    // `nativeSize`: the model's resolution, to show what each scale gives.
    SaveImageDialog(const QString& suggestedPath, int nativeSize, QWidget* parent = nullptr);

    QString path() const;
    int upscale() const;
    void setUpscale(int factor);
    bool smooth() const;

private:
    PathEdit* m_path;
    QComboBox* m_scale;
    QCheckBox* m_smooth;
};

}  // namespace latent::ui
