#pragma once

#include <QStringList>
#include <QWidget>

#include <cstdint>

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace latent::ui {

// Seed, truncation ψ and (for conditional models) class: the inputs that pick which image the
// generator draws. Emits what the user asked for; the setters never echo back as signals.
class GenerationPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMaxSeed = 2147483647;  // QSpinBox is int-based; 2^31 seeds is plenty
    static constexpr float kMaxTruncation = 1.5f;

    explicit GenerationPanel(QWidget* parent = nullptr);

    void setSeed(std::uint64_t seed);
    // What the frame on screen is, when it is not simply the seed in the box ("interpolated",
    // "seed 42, edited", "projected"): shown under the seed so the box never passes for the
    // frame's origin. Empty leaves its line blank.
    void setFrameLabel(const QString& label);
    QLabel* frameLabel() const { return m_frameLabel; }
    void setTruncation(float psi);
    // Empty hides the class picker (unconditional model).
    void setClassNames(const QStringList& names);
    void setClassIndex(int index);

    QSpinBox* seedBox() const { return m_seed; }
    QSlider* truncationSlider() const { return m_truncation; }
    QComboBox* classBox() const { return m_class; }
    QWidget* classGroup() const { return m_classGroup; }

Q_SIGNALS:
    void seedRequested(std::uint64_t seed);
    void randomSeedRequested();
    void truncationRequested(float psi);
    void classRequested(int index);

private:
    void showTruncation(float psi);

    QSpinBox* m_seed;
    QLabel* m_frameLabel;
    QSlider* m_truncation;
    QLabel* m_truncationValue;
    QWidget* m_classGroup;
    QComboBox* m_class;
};

}  // namespace latent::ui
