#include "ui/helpdialogs.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMessageBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace latent::ui {

namespace {
struct Shortcut {
    const char* keys;
    const char* action;
};

// Keep in step with MainWindow::createActions, EditActions, LibraryActions, the panels' own
// actions and ImageView::keyPressEvent.
constexpr Shortcut kShortcuts[] = {
    {"Ctrl+O", "Open a model, a PNG (its recipe, or project an image without one) or a session"},
    {"Ctrl+S", "Save the current image with its recipe"},
    {"Ctrl+Shift+S", "Save the session (model, directions, frame, keyframes, bookmarks)"},
    {"Ctrl+Z", "Undo the last latent edit"},
    {"Ctrl+Shift+Z / Ctrl+Y", "Redo"},
    {"Ctrl+H", "Show or hide the edit history"},
    {"Ctrl+B", "Bookmark the current frame"},
    {"F2", "Rename the selected bookmark (in the Bookmarks list)"},
    {"Ctrl+E / Ctrl+T", "Explore / Train"},
    {"Ctrl+Q", "Quit"},
    {"R", "Random seed"},
    {"Left / Right", "Previous / next seed (when the image has focus; click it)"},
    {"Ctrl+1", "Set the current latent as A"},
    {"Ctrl+2", "Set the current latent as B"},
    {"Delete", "Remove the selected keyframe or bookmark (in its list)"},
    {"Ctrl+wheel / + / −", "Zoom the image in or out at the cursor (when the image has focus)"},
    {"0 / 1", "Fit the image to the view / show its actual pixels (1:1)"},
    {"Drag, wheel", "Pan a zoomed image; double-click toggles fit and a close-up"},
    {"S", "Scaling: auto (pixelated when enlarged 3× or more) → smooth → pixelated"},
    {"C", "Compare side by side: off → A | B → without | with edits"},
    {"F1", "This list"},
};

QString tr(const char* text) {
    return QCoreApplication::translate("latent::ui::HelpDialogs", text);
}
}  // namespace

void showShortcutsDialog(QWidget* parent) {
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Keyboard Shortcuts"));
    auto* table = new QTableWidget(static_cast<int>(std::size(kShortcuts)), 2);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::NoFocus);
    int row = 0;
    for (const Shortcut& s : kShortcuts) {
        table->setItem(row, 0, new QTableWidgetItem(tr(s.keys)));
        table->setItem(row, 1, new QTableWidgetItem(tr(s.action)));
        ++row;
    }
    table->resizeColumnToContents(0);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(560, 460);
    dialog.exec();
}

void showAboutDialog(QWidget* parent) {
    QMessageBox::about(
        parent, tr("About Latent Studio"),
        tr("<h3>Latent Studio %1</h3>"
           "<p>Explore the latent space of GAN generators: drag sliders and watch the image "
           "morph, edit along semantic directions, interpolate between latents, project real "
           "images, train GANs.</p>"
           "<p>Qt %2 · LibTorch</p>")
            .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

}  // namespace latent::ui
