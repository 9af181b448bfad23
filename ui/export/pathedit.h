#pragma once

#include <QString>
#include <QWidget>

class QLineEdit;
class QPushButton;

namespace latent::ui {

// Where an export goes: a line edit with a "Browse…" button beside it. The dialog it opens never
// asks about overwriting; the export asks once, when it starts, whichever way the name was typed.
class PathEdit : public QWidget {
    Q_OBJECT

public:
    enum class Mode { SaveFile, Folder };

    explicit PathEdit(Mode mode, QWidget* parent = nullptr);

    QString path() const;
    void setPath(const QString& path);
    // For SaveFile: e.g. "PNG images (*.png)".
    void setFilter(const QString& filter) { m_filter = filter; }
    void setMode(Mode mode) { m_mode = mode; }
    QLineEdit* lineEdit() const { return m_edit; }

Q_SIGNALS:
    void pathChanged(const QString& path);

private:
    static constexpr int kMinWidth = 320;
    void browse();
    void fitToPath();

    Mode m_mode;
    QString m_filter;
    QLineEdit* m_edit;
    QPushButton* m_browse;
};

}  // namespace latent::ui
