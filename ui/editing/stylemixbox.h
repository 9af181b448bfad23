#pragma once

#include <QGroupBox>

class QSpinBox;

namespace latent::ui {

class Document;

// Style mixing for style-based models: a checkable group with the second latent's seed and the
// range of synthesis layers that take their w from it. Hidden for other models.
class StyleMixBox : public QGroupBox {
    Q_OBJECT

public:
    explicit StyleMixBox(Document* document, QWidget* parent = nullptr);

    QSpinBox* seedBox() const { return m_seed; }
    QSpinBox* firstBox() const { return m_first; }
    QSpinBox* lastBox() const { return m_last; }

private:
    void onModelChanged();
    void sync();
    void request();

    Document* m_document;
    QSpinBox* m_seed;
    QSpinBox* m_first;
    QSpinBox* m_last;
};

}  // namespace latent::ui
