// The folder shows the architecture: core/ has no Qt Widgets and no QPixmap, and ui/ sees
// neither OpenCV nor FAISS. This test reads the sources and fails on a breach.
#include <QDirIterator>
#include <QRegularExpression>
#include <QtTest>

namespace {

QStringList breaches(const QString& folder, const QRegularExpression& forbidden)
{
    QStringList found;
    QDirIterator it(QStringLiteral(LOOKALIKE_SOURCE_DIR) + QLatin1Char('/') + folder,
                    {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        int line = 0;
        while (!file.atEnd()) {
            ++line;
            const QString text = QString::fromUtf8(file.readLine());
            if (forbidden.match(text).hasMatch())
                found << QStringLiteral("%1:%2: %3").arg(file.fileName()).arg(line).arg(text.trimmed());
        }
    }
    return found;
}

} // namespace

class TestLayering : public QObject {
    Q_OBJECT

private slots:
    void coreHasNoWidgets()
    {
        const QRegularExpression forbidden(
            QStringLiteral("#\\s*include\\s*[<\"](QtWidgets/|QWidget|QApplication|QMainWindow|QDialog|QPixmap|QtGui/QPixmap)"));
        const QStringList found = breaches(QStringLiteral("core"), forbidden);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    void coreHeadersHideOpenCvAndFaiss()
    {
        const QRegularExpression forbidden(QStringLiteral("#\\s*include\\s*[<\"](opencv2/|faiss/)"));
        QStringList found;
        for (const QString& hit : breaches(QStringLiteral("core"), forbidden))
            if (hit.section(QLatin1Char(':'), 0, 0).endsWith(QLatin1String(".h")))
                found << hit;
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    void uiSeesNeitherOpenCvNorFaiss()
    {
        const QRegularExpression forbidden(QStringLiteral("#\\s*include\\s*[<\"](opencv2/|faiss/)"));
        const QStringList found = breaches(QStringLiteral("ui"), forbidden);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
