#pragma once
// A small HTTP/1.1 server on 127.0.0.1 for download tests: each path answers with a fixed
// status and body, optionally stalling after some bytes (for cancel tests). One request per
// connection. It runs in the test's thread, so it answers only while the test waits in an
// event loop (QSignalSpy::wait, QTRY_*). Requires Qt6::Network.
#include <QHash>
#include <QTcpServer>
#include <QTcpSocket>

namespace lookalike::test {

class HttpServer : public QObject {
public:
    struct Route {
        int status = 200;
        QByteArray body;
        qint64 stallAfter = -1; // >= 0: send this many body bytes, then nothing more
    };

    HttpServer() { connect(&m_server, &QTcpServer::newConnection, this, &HttpServer::accept); }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    void route(const QString& path, const Route& route) { m_routes.insert(path.toLatin1(), route); }
    QString url(const QString& path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    int requests() const { return m_requests; }
    int requests(const QString& path) const { return m_perPath.value(path.toLatin1()); }

    // A URL on a port where nothing listens: connections are refused.
    static QString refusedUrl()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        const quint16 port = probe.serverPort();
        probe.close();
        return QStringLiteral("http://127.0.0.1:%1/refused.onnx").arg(port);
    }

private:
    void accept()
    {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void answer(QTcpSocket* socket)
    {
        const QByteArray request = socket->property("request").toByteArray() + socket->readAll();
        socket->setProperty("request", request);
        if (!request.contains("\r\n\r\n"))
            return;
        ++m_requests;
        const QByteArray path = request.split(' ').value(1);
        ++m_perPath[path];
        const auto it = m_routes.constFind(path);
        const Route route =
            it == m_routes.constEnd() ? Route{404, QByteArrayLiteral("not found\n")} : *it;
        socket->write("HTTP/1.1 " + QByteArray::number(route.status) +
                      (route.status == 200 ? " OK\r\n" : " Error\r\n"));
        socket->write("Content-Length: " + QByteArray::number(route.body.size()) +
                      "\r\nConnection: close\r\n\r\n");
        if (route.stallAfter >= 0) {
            socket->write(route.body.left(route.stallAfter));
            return; // keep the connection open, sending nothing more
        }
        socket->write(route.body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QByteArray, Route> m_routes;
    QHash<QByteArray, int> m_perPath;
    int m_requests = 0;
};

} // namespace lookalike::test
