#include "ui/export/videoexportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QSettings>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QStandardItemModel>

#include <algorithm>
#include <cmath>

#include "core/export/video.h"
#include "core/export/videoprobe.h"
#include "ui/document.h"

namespace latent::ui {

namespace {
using export_::VideoFormat;

QString suffixFor(VideoFormat format) {
    switch (format) {
    case VideoFormat::Mp4:
        return QStringLiteral(".mp4");
    case VideoFormat::Gif:
        return QStringLiteral(".gif");
    case VideoFormat::PngSequence:
        return {};
    }
    return {};
}

// Drops a known video suffix (or a trailing slash) so another format's can go on.
QString baseOf(QString path) {
    while (path.endsWith(QLatin1Char('/'))) path.chop(1);
    for (const char* s : {".mp4", ".gif"}) {
        if (path.endsWith(QLatin1String(s), Qt::CaseInsensitive)) path.chop(4);
    }
    return path;
}
}  // namespace

VideoExportDialog::VideoExportDialog(Document* document, QWidget* parent)
    : ExportDialog(document, tr("Export Interpolation Video"), PathEdit::Mode::SaveFile, parent),
      m_keyframes(new QLabel),
      m_format(new QComboBox),
      m_frames(new QSpinBox),
      m_duration(new QDoubleSpinBox),
      m_fps(new QDoubleSpinBox),
      m_interpolation(new QComboBox),
      m_easing(new QComboBox),
      m_loop(new QCheckBox(tr("Loop back to the first keyframe"))),
      m_scale(new QComboBox),
      m_smooth(new QCheckBox(tr("Smooth"))),
      m_crf(new QSpinBox) {
    setObjectName(QStringLiteral("VideoExportDialog"));
    m_format->addItem(tr("MP4 (H.264)"), static_cast<int>(VideoFormat::Mp4));
    m_format->addItem(tr("GIF"), static_cast<int>(VideoFormat::Gif));
    m_format->addItem(tr("PNG sequence (folder)"), static_cast<int>(VideoFormat::PngSequence));
    if (!export_::videoExportAvailable()) {
        // This build has no FFmpeg: PNG frames only, and say why the others are grey.
        auto* items = qobject_cast<QStandardItemModel*>(m_format->model());
        for (int row : {0, 1}) {
            items->item(row)->setEnabled(false);
            items->item(row)->setToolTip(
                tr("This build of Latent Studio has no FFmpeg; export a PNG sequence instead"));
        }
        m_format->setCurrentIndex(2);
    }
    m_frames->setRange(2, 2000);
    m_frames->setValue(30);
    m_frames->setSuffix(tr(" frames"));
    m_duration->setRange(0.1, 600.0);
    m_duration->setDecimals(1);
    m_duration->setSuffix(tr(" s"));
    m_fps->setRange(1.0, 120.0);
    m_fps->setDecimals(1);
    m_fps->setValue(30.0);
    m_fps->setSuffix(tr(" fps"));
    m_interpolation->addItem(tr("Spherical (slerp)"), static_cast<int>(latent::Interpolation::Spherical));
    m_interpolation->addItem(tr("Linear (lerp)"), static_cast<int>(latent::Interpolation::Linear));
    m_interpolation->setToolTip(tr("Slerp keeps the latent's norm, so in-between frames stay as "
                                   "sharp as the keyframes"));
    m_easing->addItem(tr("Linear"), static_cast<int>(latent::Easing::Linear));
    m_easing->addItem(tr("Ease in-out"), static_cast<int>(latent::Easing::EaseInOut));
    m_easing->addItem(tr("Cubic (smooth through keyframes)"), static_cast<int>(latent::Easing::Cubic));
    for (int factor : {1, 2, 4, 8}) m_scale->addItem(tr("×%1").arg(factor), factor);
    m_crf->setRange(0, 51);
    m_crf->setValue(20);
    m_crf->setToolTip(tr("H.264 CRF: 0 is lossless, 18–23 looks good, higher is smaller"));

    auto* lengthRow = new QHBoxLayout;
    lengthRow->addWidget(m_frames);
    lengthRow->addWidget(new QLabel(tr("per segment, or")));
    lengthRow->addWidget(m_duration);
    lengthRow->addWidget(new QLabel(tr("in all at")));
    lengthRow->addWidget(m_fps);
    lengthRow->addStretch();
    auto* scaleRow = new QHBoxLayout;
    scaleRow->addWidget(m_scale);
    scaleRow->addWidget(m_smooth);
    scaleRow->addStretch();

    form()->addRow(tr("Keyframes:"), m_keyframes);
    form()->addRow(tr("F&ormat:"), m_format);
    form()->addRow(tr("Length:"), lengthRow);
    form()->addRow(tr("&Path:"), m_interpolation);
    form()->addRow(tr("E&asing:"), m_easing);
    form()->addRow(QString(), m_loop);
    form()->addRow(tr("Scale:"), scaleRow);
    form()->addRow(tr("&Quality (CRF):"), m_crf);

    connect(m_frames, &QSpinBox::valueChanged, this, &VideoExportDialog::framesChanged);
    connect(m_fps, &QDoubleSpinBox::valueChanged, this, &VideoExportDialog::framesChanged);
    connect(m_loop, &QCheckBox::toggled, this, &VideoExportDialog::framesChanged);
    connect(m_duration, &QDoubleSpinBox::valueChanged, this, &VideoExportDialog::durationChanged);
    connect(m_format, &QComboBox::currentIndexChanged, this, &VideoExportDialog::formatChanged);
    connect(pathEdit(), &PathEdit::pathChanged, this, &VideoExportDialog::pathEdited);
    connect(m_scale, &QComboBox::currentIndexChanged, this,
            [this] { m_smooth->setEnabled(m_scale->currentData().toInt() > 1); });
    connect(m_document, &Document::keyframeListChanged, this, &VideoExportDialog::updateSummary);
    m_smooth->setEnabled(false);

    pathEdit()->setPath(inLastFolder(QStringLiteral("interpolation")) +
                        suffixFor(static_cast<VideoFormat>(m_format->currentData().toInt())));
    // A 32-px model's video at 32 px is a postage stamp: the scale that makes >= 256 px until the
    // user picks one, then theirs.
    const int scale = QSettings()
                          .value(QStringLiteral("export/videoScale"),
                                 defaultExportScale(m_document->info().resolution))
                          .toInt();
    m_scale->setCurrentIndex(std::max(0, m_scale->findData(scale)));
    connect(m_scale, &QComboBox::activated, this, [this] {
        QSettings().setValue(QStringLiteral("export/videoScale"), m_scale->currentData().toInt());
    });
    formatChanged();
    framesChanged();
}

int VideoExportDialog::segmentCount() const {
    const int n = static_cast<int>(m_document->keyframes().size());
    if (n < 2) return m_loop->isChecked() && n == 1 ? 1 : std::max(n - 1, 1);
    return m_loop->isChecked() ? n : n - 1;
}

void VideoExportDialog::updateSummary() {
    const int n = static_cast<int>(m_document->keyframes().size());
    const int segments = segmentCount();
    const int frames = segments * m_frames->value() + (m_loop->isChecked() ? 0 : 1);
    m_keyframes->setText(
        n < 2 ? tr("<b>%n keyframe(s)</b> — add at least two in the Keyframes panel", nullptr, n)
              : tr("%n keyframes · %1 frames · %2 s", nullptr, n)
                    .arg(frames)
                    .arg(frames / m_fps->value(), 0, 'f', 1));
}

void VideoExportDialog::framesChanged() {
    if (m_syncing) return;
    m_syncing = true;
    m_duration->setValue(segmentCount() * m_frames->value() / m_fps->value());
    m_syncing = false;
    updateSummary();
}

void VideoExportDialog::durationChanged() {
    if (m_syncing) return;
    m_syncing = true;
    const int perSegment =
        static_cast<int>(std::lround(m_duration->value() * m_fps->value() / segmentCount()));
    m_frames->setValue(std::max(perSegment, m_frames->minimum()));
    m_syncing = false;
    updateSummary();
}

void VideoExportDialog::formatChanged() {
    const auto format = static_cast<VideoFormat>(m_format->currentData().toInt());
    m_crf->setEnabled(format == VideoFormat::Mp4);
    pathEdit()->setMode(format == VideoFormat::PngSequence ? PathEdit::Mode::Folder
                                                           : PathEdit::Mode::SaveFile);
    pathEdit()->setFilter(format == VideoFormat::Gif ? tr("GIF images (*.gif)")
                                                     : tr("MP4 videos (*.mp4)"));
    const QString path = pathEdit()->path();
    if (path.isEmpty()) return;
    const QString wanted = baseOf(path) + suffixFor(format);
    if (wanted != path) pathEdit()->setPath(wanted);
}

void VideoExportDialog::pathEdited(const QString& path) {
    // A typed suffix picks the format (when this build can write it).
    const QString p = path.trimmed().toLower();
    int index = -1;
    if (p.endsWith(QLatin1String(".mp4"))) index = 0;
    else if (p.endsWith(QLatin1String(".gif"))) index = 1;
    if (index < 0 || index == m_format->currentIndex()) return;
    auto* items = qobject_cast<QStandardItemModel*>(m_format->model());
    if (items->item(index)->isEnabled()) m_format->setCurrentIndex(index);
}

QString VideoExportDialog::outputPath() const {
    QString path = pathEdit()->path();
    while (path.endsWith(QLatin1Char('/')) && path.size() > 1) path.chop(1);
    return path;
}

ExportController::Job VideoExportDialog::makeJob(const QString& path, QString* error) {
    const auto& keyframes = m_document->keyframes();
    if (keyframes.size() < 2) {
        *error = tr("Add at least two keyframes in the Keyframes panel first.");
        return {};
    }
    export_::VideoSpec spec;
    spec.generator = m_document->model().generator;
    for (const edit::Keyframe& k : keyframes) spec.keyframes.push_back(k.z);
    spec.classIndex = m_document->info().conditional() ? m_document->classIndex() : -1;
    spec.truncation = m_document->truncation();
    spec.interpolation = static_cast<latent::Interpolation>(m_interpolation->currentData().toInt());
    spec.easing = static_cast<latent::Easing>(m_easing->currentData().toInt());
    spec.loop = m_loop->isChecked();
    spec.framesPerSegment = m_frames->value();
    spec.fps = m_fps->value();
    spec.crf = m_crf->value();
    spec.upscale = m_scale->currentData().toInt();
    spec.smooth = spec.upscale > 1 && m_smooth->isChecked();
    spec.format = static_cast<VideoFormat>(m_format->currentData().toInt());
    spec.path = path.toStdString();
    if (spec.format != VideoFormat::PngSequence) {
        const Result<VideoFormat> byName = export_::videoFormatForPath(spec.path);
        if (!byName || *byName != spec.format) {
            *error = tr("The file name should end in %1 for this format.").arg(suffixFor(spec.format));
            return {};
        }
    }
    return [spec](bool force, const export_::ExportControl& control) mutable {
        spec.force = force;
        return export_::exportVideo(spec, control);
    };
}

}  // namespace latent::ui
