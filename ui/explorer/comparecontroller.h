#pragma once

#include <QObject>
#include <QString>

#include <array>
#include <optional>
#include <vector>

#include "core/edit/edit.h"
#include "core/edit/explorerstate.h"
#include "ui/explorer/imageview.h"

namespace latent::ui {

class Document;
class RenderChannel;

// What the image view's side-by-side comparison shows, kept in step with the Document:
//  - Mode::AB     keyframe A on the left, B on the right, each drawn as it was set (class, edits,
//                 class morph), so the two ends of the interpolation can be judged together;
//  - Mode::Edits  the current frame without its edits (direction amounts, class morph, style mix)
//                 on the left, the live frame with them on the right: before and after.
// Renders on the interactive worker below the main view; a pane is only redrawn when what it
// shows changed (dragging a direction slider leaves the "without edits" side alone).
class CompareController : public QObject {
    Q_OBJECT

public:
    enum class Mode { Off, AB, Edits };

    explicit CompareController(Document* document, QObject* parent = nullptr);
    ~CompareController() override;

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    // The panes for ImageView::setCompare (meaningless while the mode is Off).
    const ImageView::Pane& left() const { return m_panes[0]; }
    const ImageView::Pane& right() const { return m_panes[1]; }
    // Nothing requested is still being drawn (tests wait on this).
    bool idle() const;

    // The frame the "without edits" side draws for `frame`.
    static edit::ExplorerFrame withoutEdits(edit::ExplorerFrame frame);

Q_SIGNALS:
    void modeChanged(CompareController::Mode mode);
    void panesChanged();

private:
    void refresh();
    // Asks side `side` to show `frame` (none: `placeholder` instead).
    void show(int side, const std::optional<edit::ExplorerFrame>& frame, const QString& caption,
              const QString& placeholder);

    Document* m_document;
    Mode m_mode = Mode::Off;
    std::array<RenderChannel*, 2> m_channels{};
    std::array<ImageView::Pane, 2> m_panes;
    // What each side last asked for, so an unchanged side is not drawn again.
    std::array<std::optional<edit::ExplorerFrame>, 2> m_asked;
    std::array<std::vector<edit::Direction>, 2> m_askedDirections;
};

}  // namespace latent::ui
