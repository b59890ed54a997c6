#pragma once
// The exact state of a folder tree, for tests that move photos and must put them back.
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>

namespace lookalike::test {

// Relative path -> SHA-1 of every file below `root`.
inline QMap<QString, QByteArray> treeChecksums(const QString& root)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            out.insert(QDir(root).relativeFilePath(f.fileName()),
                       QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha1));
    }
    return out;
}

} // namespace lookalike::test
