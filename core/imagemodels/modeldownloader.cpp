#include "modeldownloader.h"

#include "modelregistry.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcDownload, "lookalike.core.download", QtInfoMsg)

namespace lookalike {

struct ModelDownloader::Impl {
    QNetworkAccessManager network;
    ModelSpec spec;
    int source = -1;
    QPointer<QNetworkReply> reply;
    std::unique_ptr<QSaveFile> file;
    std::unique_ptr<QCryptographicHash> hash;
    qint64 received = 0;
    QString failure; // why the current source was refused, set before aborting it
    QStringList failures;
    bool cancelled = false;
    int stallSeconds = 30;
};

ModelDownloader::ModelDownloader(QObject* parent) : QObject(parent), d(std::make_unique<Impl>()) {}

ModelDownloader::~ModelDownloader()
{
    if (d->reply) {
        d->reply->disconnect(this);
        d->reply->abort();
    }
    if (d->file)
        d->file->cancelWriting(); // the destructor then removes the temporary file
}

bool ModelDownloader::isRunning() const
{
    return d->source >= 0;
}

void ModelDownloader::setStallTimeout(int seconds)
{
    d->stallSeconds = seconds;
}

bool ModelDownloader::start(const ModelSpec& spec)
{
    if (isRunning())
        return false;
    d->spec = spec;
    d->source = -1;
    d->failures.clear();
    d->cancelled = false;
    if (spec.urls.isEmpty() || spec.sha256.size() != 64 || spec.size <= 0) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                finish(false, QStringLiteral("%1: the manifest gives no download URL, sha256 or "
                                             "size for it")
                                  .arg(d->spec.id));
            },
            Qt::QueuedConnection);
        d->source = 0; // running until the queued finish
        return true;
    }
    d->source = 0; // running from now on: tryNextSource() starts the first source
    QMetaObject::invokeMethod(this, &ModelDownloader::tryNextSource, Qt::QueuedConnection);
    return true;
}

void ModelDownloader::cancel()
{
    if (!isRunning() || d->cancelled)
        return;
    d->cancelled = true;
    if (d->reply)
        d->reply->abort(); // onFinished() sees `cancelled`
    else
        QMetaObject::invokeMethod(
            this, [this] { finish(false, QStringLiteral("cancelled")); }, Qt::QueuedConnection);
}

void ModelDownloader::tryNextSource()
{
    if (d->cancelled) {
        finish(false, QStringLiteral("cancelled"));
        return;
    }
    const int index = d->failures.size();
    if (index >= d->spec.urls.size()) {
        finish(false, QStringLiteral("%1 rejected: %2")
                          .arg(d->spec.file, d->failures.join(QStringLiteral("; "))));
        return;
    }
    d->source = index;
    const QString dir = QFileInfo(d->spec.path).absolutePath();
    if (!QDir().mkpath(dir)) {
        finish(false, QStringLiteral("cannot create the models folder %1").arg(dir));
        return;
    }
    d->file = std::make_unique<QSaveFile>(d->spec.path);
    if (!d->file->open(QIODevice::WriteOnly)) {
        finish(false, QStringLiteral("cannot write in %1: %2").arg(dir, d->file->errorString()));
        return;
    }
    d->hash = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
    d->received = 0;
    d->failure.clear();

    const QUrl url(d->spec.urls.at(index));
    qCInfo(lcDownload) << "downloading" << url.toString();
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(d->stallSeconds * 1000);
    d->reply = d->network.get(request);
    connect(d->reply, &QNetworkReply::readyRead, this, &ModelDownloader::onReadyRead);
    connect(d->reply, &QNetworkReply::finished, this, &ModelDownloader::onFinished);
    emit progress(0, d->spec.size, index, int(d->spec.urls.size()));
}

void ModelDownloader::onReadyRead()
{
    if (!d->reply || !d->file)
        return;
    const int status = d->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300) {
        d->reply->readAll(); // a redirect's or an error page's body, not the file
        return;
    }
    const QByteArray chunk = d->reply->readAll();
    d->received += chunk.size();
    if (d->received > d->spec.size) {
        d->failure = QStringLiteral("more than the expected %1 bytes").arg(d->spec.size);
        d->reply->abort();
        return;
    }
    d->hash->addData(chunk);
    if (d->file->write(chunk) != chunk.size()) {
        d->failure = QStringLiteral("cannot write: %1").arg(d->file->errorString());
        d->reply->abort();
        return;
    }
    emit progress(d->received, d->spec.size, d->source, int(d->spec.urls.size()));
}

void ModelDownloader::onFinished()
{
    QNetworkReply* reply = d->reply;
    if (!reply)
        return;
    if (!d->cancelled && d->failure.isEmpty() && reply->error() == QNetworkReply::NoError)
        onReadyRead(); // whatever arrived with the end
    reply->deleteLater();
    d->reply = nullptr;
    const QString url = d->spec.urls.value(d->source);
    if (d->cancelled) {
        d->file->cancelWriting();
        d->file.reset(); // removes the temporary file
        finish(false, QStringLiteral("cancelled"));
        return;
    }
    QString reason = d->failure;
    if (reason.isEmpty() && reply->error() != QNetworkReply::NoError) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reason = status > 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
    }
    if (reason.isEmpty() && d->received != d->spec.size)
        reason = QStringLiteral("size mismatch (expected %1 bytes, got %2)")
                     .arg(d->spec.size)
                     .arg(d->received);
    if (reason.isEmpty()) {
        const QByteArray digest = d->hash->result().toHex();
        if (digest != d->spec.sha256.toLatin1())
            reason = QStringLiteral("sha256 mismatch (expected %1, got %2)")
                         .arg(d->spec.sha256, QString::fromLatin1(digest));
    }
    if (reason.isEmpty()) {
        const bool committed = d->file->commit();
        const QString error = d->file->errorString();
        d->file.reset();
        if (committed)
            finish(true, QStringLiteral("%1 installed").arg(d->spec.file));
        else
            finish(false, QStringLiteral("cannot write %1: %2").arg(d->spec.path, error));
        return;
    }
    d->file->cancelWriting();
    d->file.reset();
    qCInfo(lcDownload) << url << "failed:" << reason;
    d->failures << QStringLiteral("%1 from %2").arg(reason, url);
    emit sourceFailed(url, reason);
    tryNextSource();
}

void ModelDownloader::finish(bool ok, const QString& message)
{
    if (d->file) {
        d->file->cancelWriting();
        d->file.reset();
    }
    d->source = -1;
    d->cancelled = false;
    emit finished(ok, message);
}

} // namespace lookalike
