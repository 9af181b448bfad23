#pragma once

#include <QWidget>

class QToolButton;

namespace latent::ui {

// A titled section of a panel column that folds to its header with one click (as in Qt Creator's
// and Blender's side panels), so the controls used most fit on a small screen without scrolling.
// Whether it is open is remembered under its objectName.
class CollapsibleSection : public QWidget {
    Q_OBJECT

public:
    // `key` names it in the settings (and is its objectName); `open` is how it first shows.
    CollapsibleSection(const QString& title, QWidget* content, const QString& key, bool open,
                       QWidget* parent = nullptr);

    bool isOpen() const;
    void setOpen(bool open);
    QToolButton* header() const { return m_header; }
    QWidget* content() const { return m_content; }

Q_SIGNALS:
    void toggled(bool open);

private:
    QToolButton* m_header;
    QWidget* m_content;
};

}  // namespace latent::ui
