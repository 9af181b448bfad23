// Export dialogs' file fields show the whole path, not its last few characters.
#include <gtest/gtest.h>

#include <QLineEdit>

#include "ui/export/pathedit.h"

namespace latent::ui::test {
namespace {

TEST(PathEditTest, TheFieldIsWideEnoughForTheWholePath) {
    PathEdit edit(PathEdit::Mode::SaveFile);
    const QString path = QStringLiteral("/home/ada/Pictures/exports/fashion-dcgan-seed42-edited.png");
    edit.setPath(path);
    QLineEdit* line = edit.lineEdit();
    EXPECT_GE(line->minimumWidth(), line->fontMetrics().horizontalAdvance(path));
    EXPECT_EQ(line->toolTip(), path);
    edit.setPath(QStringLiteral("/tmp/a.png"));  // and back to the usual width for short ones
    EXPECT_EQ(line->minimumWidth(), 320);
}

}  // namespace
}  // namespace latent::ui::test
