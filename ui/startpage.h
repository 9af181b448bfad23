#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

#include "ui/examplemodels.h"

class QAbstractButton;
class QLabel;
class QListWidget;
class QPushButton;
class QVBoxLayout;

namespace latent::ui {

// Shown instead of an empty explorer while no model is open: one big "Open model…" button, a line
// on where models come from, and under them two columns: the shipped examples (a button each,
// title and what to try) and the recent files as clickable entries. A column with nothing in it
// is hidden; the recent list scrolls only when the window is too short for it.
class StartPage : public QWidget {
    Q_OBJECT

public:
    explicit StartPage(QWidget* parent = nullptr);

    void setRecentFiles(const QStringList& files);
    // One button per example; only those with a path are useful (findExampleModels()).
    void setExamples(const QList<ExampleModel>& examples);
    // A line under the button, e.g. "Loading model.ltm…"; empty restores the hint.
    void setStatus(const QString& text);

    QPushButton* openButton() const { return m_open; }
    QListWidget* recentList() const { return m_recent; }
    QWidget* examplesSection() const { return m_examples; }
    QList<QAbstractButton*> exampleButtons() const { return m_exampleButtons; }

Q_SIGNALS:
    void openRequested();
    void recentRequested(const QString& path);
    void exampleRequested(const QString& path);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // The status line is as tall as its text, and never shorter than the two-line hint, so the
    // page does not jump between the hint and "Loading…".
    void fitStatus();
    // As tall as its entries; each entry's folder elided to the list's width.
    void fitRecentList();
    void elideRecentEntries();
    // The examples and the recent files side by side, or the one there is centred alone.
    void fitColumns();

    QPushButton* m_open;
    QListWidget* m_recent;
    QLabel* m_recentTitle;
    QLabel* m_status;
    QWidget* m_recentSection;
    QWidget* m_examples;
    QWidget* m_columns;
    QVBoxLayout* m_exampleLayout;
    QList<QAbstractButton*> m_exampleButtons;
};

}  // namespace latent::ui
