#pragma once

#include <QList>
#include <QWidget>

class QLabel;

namespace latent::ui {

class CollapsibleSection;
class CompareController;
class DirectionsPanel;
class Document;
class GenerationPanel;
class ImageView;
class InterpolationPanel;
class KeyframePreview;
class KeyframesPanel;
class LatentPanel;
class RenderController;
class SeedGrid;

// The explorer page: the image large on the left with the nearby-seed strip below it, and the
// controls in a column on the right. It only wires panels to the Document (user intent in) and
// to the RenderController (pictures out); the panels never see each other.
class Explorer : public QWidget {
    Q_OBJECT

public:
    Explorer(Document* document, RenderController* renderer, QWidget* parent = nullptr);

    ImageView* imageView() const { return m_image; }
    // Side-by-side comparison in the image view (View → Compare).
    CompareController* compare() const { return m_compare; }
    GenerationPanel* generationPanel() const { return m_generation; }
    LatentPanel* latentPanel() const { return m_latent; }
    // The right column's foldable sections, top to bottom.
    const QList<CollapsibleSection*>& sections() const { return m_sections; }
    InterpolationPanel* interpolationPanel() const { return m_interpolation; }
    SeedGrid* seedGrid() const { return m_seeds; }
    KeyframesPanel* keyframesPanel() const { return m_keyframes; }
    KeyframePreview* keyframePreview() const { return m_preview; }
    DirectionsPanel* directionsPanel() const { return m_directions; }

public Q_SLOTS:
    void randomSeed();
    void previousSeed();
    void nextSeed();
    void setScaling(int scaling);  // an ImageView::Scaling

Q_SIGNALS:
    // The panel asks for things the window owns: the export dialogs and the recipe reader.
    void exportVideoRequested();
    void importKeyframesRequested(const QStringList& paths);

private:
    void onModelChanged();
    void onFrameChanged();
    void onKeyframesChanged();
    void onKeyframeListChanged();

    Document* m_document;
    RenderController* m_renderer;
    ImageView* m_image;
    SeedGrid* m_seeds;
    QLabel* m_modelSummary;
    GenerationPanel* m_generation;
    InterpolationPanel* m_interpolation;
    LatentPanel* m_latent;
    KeyframesPanel* m_keyframes;
    KeyframePreview* m_preview;
    DirectionsPanel* m_directions;
    CompareController* m_compare;
    QList<CollapsibleSection*> m_sections;
};

}  // namespace latent::ui
