#pragma once

#include <QGroupBox>

class QComboBox;
class QLabel;
class QSlider;

namespace latent::ui {

class Document;

// Class morph for conditional models: "from" and "to" class pickers and a 0..1 slider that blends
// the two class embeddings (core's classMorphDirection; the renderer applies it). Hidden for
// unconditional models. Edits the Document directly (one undo step per drag).
class ClassMorphBox : public QGroupBox {
    Q_OBJECT

public:
    static constexpr int kSteps = 100;

    explicit ClassMorphBox(Document* document, QWidget* parent = nullptr);

    QComboBox* fromBox() const { return m_from; }
    QComboBox* toBox() const { return m_to; }
    QSlider* slider() const { return m_slider; }
    // Why the last morph could not be set (e.g. the same class twice); empty when fine.
    QString problem() const { return m_problem; }

private:
    void onModelChanged();
    void sync();
    // A morph from a class to itself is no morph: that class is greyed out in "To", and when
    // "From" lands on the target, the target moves to the next class (signals of "To" blocked).
    void keepTargetApart();
    // Sets the morph for the picked classes at `amount` (one undo step).
    void requestMorph(float amount);

    Document* m_document;
    QComboBox* m_from;
    QComboBox* m_to;
    QSlider* m_slider;
    QLabel* m_value;
    QLabel* m_note;
    QString m_problem;
};

}  // namespace latent::ui
