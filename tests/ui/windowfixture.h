#pragma once
// The real main window with every service, as main() wires it, but with temporary settings,
// thumbnail cache and library folder, and a scripted MessageSink.
#include "facealigner.h"
#include "facecatalog.h"
#include "indexingservice.h"
#include "mainwindow.h"
#include "querysession.h"
#include "searchservice.h"
#include "settings.h"
#include "thumbnailcache.h"
#include "uitestsupport.h"
#include <QSettings>
#include <QTemporaryDir>
#include <memory>

namespace lookalike::test {

struct WindowFixture {
    explicit WindowFixture(std::optional<ModelRegistry> registry, const QString& dir)
        : store(dir + QStringLiteral("/settings.ini"), QSettings::IniFormat), settings(&store),
          thumbnails([&] {
              ui::ThumbnailCache::Options o;
              o.diskDir = dir + QStringLiteral("/thumbnails");
              if (registry)
                  if (auto spec =
                          registry->model(registry->idForTask(QStringLiteral("face-embedding"))))
                      if (auto aligner = FaceAligner::create(*spec))
                          o.aligner = *aligner;
              return o;
          }()),
          search(registry, QStringLiteral("no models")),
          indexing(registry, QStringLiteral("no models")), session(&search)
    {
        indexing.setThreads(2);
        ui::MainWindow::Services s;
        s.settings = &settings;
        s.sink = &sink;
        s.catalog = &catalog;
        s.thumbnails = &thumbnails;
        s.search = &search;
        s.indexing = &indexing;
        s.session = &session;
        s.libraryDir = dir + QStringLiteral("/libraries");
        window = std::make_unique<ui::MainWindow>(s);
        window->resize(1200, 800);
    }
    ~WindowFixture() { window.reset(); }

    QSettings store;
    ui::Settings settings;
    ScriptedSink sink;
    ui::FaceCatalog catalog;
    ui::ThumbnailCache thumbnails;
    ui::SearchService search;
    ui::IndexingService indexing;
    ui::QuerySession session;
    std::unique_ptr<ui::MainWindow> window;
};

} // namespace lookalike::test
