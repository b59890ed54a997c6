#include "mapexportjob.h"
#include "futurewatch.h"
#include "mapexporter.h"
#include "mapservice.h"
#include "mapview.h"
#include "messagesink.h"
#include "settings.h"
#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QtConcurrent>

namespace lookalike::ui {

MapExportJob::MapExportJob(const Map& map, MessageSink* sink, Settings* settings,
                           const QString& suffix, const QString& svgText, const QString& pngText,
                           QObject* parent)
    : QObject(parent), m_map(map), m_sink(sink), m_settings(settings), m_suffix(suffix),
      m_svg(new QAction(svgText, this)), m_png(new QAction(pngText, this))
{
    connect(m_svg, &QAction::triggered, this, [this] { start(true); });
    connect(m_png, &QAction::triggered, this, [this] { start(false); });
    auto enable = [this] {
        m_svg->setEnabled(m_map.service->hasMap());
        m_png->setEnabled(m_map.service->hasMap());
    };
    connect(m_map.service, &MapService::mapChanged, this, enable);
    enable();
}

void MapExportJob::addActionsTo(QMenu* menu) const
{
    menu->addAction(m_svg);
    menu->addAction(m_png);
}

void MapExportJob::start(bool svg)
{
    if (!m_map.service->hasMap())
        return;
    const QString title = svg ? tr("Export the map as SVG") : tr("Export the map as PNG");
    const QString suggested =
        QDir(m_settings->lastFolder())
            .filePath(QFileInfo(m_map.service->libraryPath()).completeBaseName() +
                      QLatin1Char('-') + m_suffix +
                      (svg ? QStringLiteral(".svg") : QStringLiteral(".png")));
    const QString file = m_sink->chooseSaveFile(
        title, suggested, svg ? tr("SVG pictures (*.svg)") : tr("PNG pictures (*.png)"));
    if (file.isEmpty())
        return;
    MapPicture picture;
    picture.positions = m_map.service->map().positions;
    picture.groups = *m_map.groups;
    picture.marker = m_map.view->scene().marker;
    MapExporter::Options options;
    options.names = m_map.view->scene().showNames;
    ++m_running;
    auto job = QtConcurrent::run([file, svg, picture, options] {
        return svg ? MapExporter::writeSvg(file, picture, options)
                   : MapExporter::writePng(file, picture, options);
    });
    whenFinished(job, this, [this, file, title](const Status& s) {
        --m_running;
        if (!s)
            m_sink->error(title, s.error());
        else
            emit message(tr("Saved %1").arg(QDir::toNativeSeparators(file)));
    });
}

} // namespace lookalike::ui
