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

// Keep in step with MainWindow::createActions and ImageView::keyPressEvent.
constexpr Shortcut kShortcuts[] = {
    {"Ctrl+O", "Open a model file, or a PNG saved with its recipe"},
    {"Ctrl+S", "Save the current image with its recipe"},
    {"Ctrl+Q", "Quit"},
    {"R", "Random seed"},
    {"Left / Right", "Previous / next seed (when the image has focus; click it)"},
    {"Ctrl+1", "Set the current latent as A"},
    {"Ctrl+2", "Set the current latent as B"},
    {"Delete", "Remove the selected keyframe (in the Keyframes list)"},
    {"S", "Toggle smooth / pixelated scaling"},
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
    dialog.resize(480, 320);
    dialog.exec();
}

void showAboutDialog(QWidget* parent) {
    QMessageBox::about(
        parent, tr("About Latent Studio"),
        tr("<h3>Latent Studio %1</h3>"
           "<p>Explore the latent space of GAN generators: drag sliders and watch the image "
           "morph, interpolate between latents, compare nearby seeds.</p>"
           "<p>Qt %2 · LibTorch</p>")
            .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

}  // namespace latent::ui
