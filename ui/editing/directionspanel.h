#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace latent::ui {

class ClassMorphBox;
class DirectionController;
class Document;
class NumberField;
class StyleMixBox;

// The semantic-editing panel of the explorer: buttons that find or load directions (SeFa, PCA…,
// Load…, Save…), one ±3σ slider per direction (the first kDefaultVisible, then "Show all"), each
// with its value, a reset (button or double-click) and, on style-based models, its space (W / W+)
// and W+ layer range; then the class morph (conditional models) and style mixing (style-based).
// An editor of the Document: it calls the Document's setters, each an undo step (a drag is one),
// and follows the Document's signals, so undo moves the sliders too.
class DirectionsPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kDefaultVisible = 10;
    static constexpr int kStepsPerSigma = 100;  // slider steps per slider unit (one sigma)
    static constexpr float kRange = 3.0f;       // ±3 sigma on the slider
    static constexpr float kTypedRange = 20.0f;  // what the number beside it takes

    explicit DirectionsPanel(Document* document, QWidget* parent = nullptr);

    DirectionController* controller() const { return m_controller; }
    // Sliders built (one per direction) and how many of them are shown.
    int sliderCount() const { return m_rows.size(); }
    int visibleSliderCount() const;
    QSlider* slider(int index) const;
    QToolButton* resetButton(int index) const;
    QComboBox* spaceBox(int index) const;  // null unless the model is style-based
    QPushButton* sefaButton() const { return m_sefa; }
    QPushButton* pcaButton() const { return m_pca; }
    QPushButton* resetAllButton() const { return m_resetAll; }
    QPushButton* attributeButton() const { return m_attribute; }
    QPushButton* showAllButton() const { return m_showAll; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* messageLabel() const { return m_message; }
    ClassMorphBox* classMorphBox() const { return m_morph; }
    StyleMixBox* styleMixBox() const { return m_mix; }

public Q_SLOTS:
    void loadDialog();
    void saveDialog();

Q_SIGNALS:
    // The Attribute… button: the window opens the attribute dialog (LibraryActions).
    void attributeDialogRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Row {
        QWidget* widget = nullptr;
        QSlider* slider = nullptr;
        NumberField* value = nullptr;
        QToolButton* reset = nullptr;
        QComboBox* space = nullptr;
        QSpinBox* first = nullptr;
        QSpinBox* last = nullptr;
    };

    void onModelChanged();
    void rebuild();
    void syncAmounts();
    void updateVisibility();
    void updateEnabled();
    void showMessage(const QString& text, bool error);
    Row makeRow(int index);
    void onSpaceEdited(int index);

    Document* m_document;
    DirectionController* m_controller;
    QPushButton* m_sefa;
    QPushButton* m_pca;
    QPushButton* m_load;
    QPushButton* m_save;
    QPushButton* m_resetAll;
    QPushButton* m_attribute;  // emits attributeDialogRequested
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QLabel* m_message;
    QLabel* m_empty;
    QVBoxLayout* m_rowsLayout;
    QPushButton* m_showAll;
    ClassMorphBox* m_morph;
    StyleMixBox* m_mix;
    QVector<Row> m_rows;
    QStringList m_builtNames;  // what the rows were built for (name, method, z or w)
    bool m_showingAll = false;
};

}  // namespace latent::ui
