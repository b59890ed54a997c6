#include "welcomepage.h"
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace lookalike::ui {

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent), m_recent(new QListWidget(this)),
      m_recentTitle(new QLabel(tr("Recent libraries"), this))
{
    auto* title = new QLabel(tr("Lookalike"), this);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 2.2);
    font.setBold(true);
    title->setFont(font);
    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/lookalike/lookalike.png")).pixmap(64, 64));
    auto* text = new QLabel(tr("Find the faces in a folder of photos and see which ones look "
                               "alike: the same person across photos, photos filed under the "
                               "wrong person's name, faces like one you drop here.<p>"
                               "Start by importing a folder. For a dataset laid out as "
                               "<i>person/photos</i>, the folder names become the people's "
                               "names."),
                            this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    auto* create = new QPushButton(tr("New library from folder…"), this);
    create->setDefault(true);
    create->setToolTip(tr("Ctrl+N"));
    auto* open = new QPushButton(tr("Open library…"), this);
    open->setToolTip(tr("Ctrl+Shift+O"));
    m_recent->setMaximumHeight(160);

    auto* heading = new QHBoxLayout;
    heading->addWidget(icon);
    heading->addWidget(title, 1);
    auto* column = new QVBoxLayout;
    column->addLayout(heading);
    column->addWidget(text);
    column->addSpacing(16);
    column->addWidget(create);
    column->addWidget(open);
    column->addSpacing(16);
    column->addWidget(m_recentTitle);
    column->addWidget(m_recent);
    auto* box = new QWidget(this);
    box->setLayout(column);
    box->setFixedWidth(520);
    // A centred box gets its size hint, which a wrapped label underestimates: ask the label
    // how tall it is at (a little less than) the box's width.
    text->setMinimumHeight(text->heightForWidth(480));
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(box, 0, Qt::AlignHCenter);
    outer->addStretch(2);

    connect(create, &QPushButton::clicked, this, &WelcomePage::newLibraryRequested);
    connect(open, &QPushButton::clicked, this, &WelcomePage::openLibraryRequested);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit recentLibraryChosen(item->data(Qt::UserRole).toString());
    });
    setRecentLibraries({});
}

void WelcomePage::setRecentLibraries(const QStringList& paths)
{
    m_recent->clear();
    for (const QString& path : paths) {
        auto* item = new QListWidgetItem(
            QFileInfo(path).completeBaseName() + QStringLiteral("  —  ") + path, m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
    }
    m_recent->setVisible(!paths.isEmpty());
    m_recentTitle->setVisible(!paths.isEmpty());
}

} // namespace lookalike::ui
