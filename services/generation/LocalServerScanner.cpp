// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/LocalServerScanner.h"

#include "generation/ModelServerProbe.h"

#include <QCoroTimer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

LocalServerScanner::LocalServerScanner(QObject *parent)
    : QObject(parent)
    , m_ports(defaultPorts())
    , m_probe(new ModelServerProbe(this)) {}

QList<quint16> LocalServerScanner::defaultPorts() {
    return {11434, 8080, 1234, 8000};
}

QCoro::Task<QList<quint16>> LocalServerScanner::openPorts() {
    // The timer and the sockets belong to this scanner: destroying it mid-knock destroys them,
    // and this coroutine is then never resumed.
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    m_knocks.append(timer);
    timer->start(m_connectDeadline); // before connecting: a refusal may come at once
    auto pending = std::make_shared<int>(int(m_ports.size()));
    QList<QTcpSocket *> sockets;
    for (const quint16 port : std::as_const(m_ports)) {
        auto *socket = new QTcpSocket(this);
        // Once per socket: a connection that is then closed reports an error as well.
        const auto settled = [timer, pending, socket] {
            if (socket->property("settled").toBool())
                return;
            socket->setProperty("settled", true);
            if (--*pending == 0)
                timer->start(0); // every port has answered: no need to wait out the deadline
        };
        connect(socket, &QTcpSocket::connected, timer, settled);
        connect(socket, &QTcpSocket::errorOccurred, timer, settled);
        sockets.append(socket);
        socket->connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    }
    if (m_ports.isEmpty())
        timer->start(0);
    co_await timer;
    m_knocks.removeOne(timer);
    timer->deleteLater();
    QList<quint16> open;
    for (qsizetype i = 0; i < sockets.size(); ++i) {
        QTcpSocket *socket = sockets.at(i);
        if (socket->state() == QAbstractSocket::ConnectedState)
            open.append(m_ports.at(i));
        socket->disconnect(timer);
        socket->abort();
        socket->deleteLater();
    }
    co_return open;
}

QCoro::Task<QList<ModelServerInfo>> LocalServerScanner::scan() {
    QPointer<LocalServerScanner> self(this);
    QCoro::Task<QList<quint16>> knocking = openPorts();
    const QList<quint16> open = co_await std::move(knocking);
    if (!self)
        co_return {};

    // Every open port at once, each probed as a compatible server with no key.
    std::vector<QCoro::Task<Result<ModelServerInfo>>> probes;
    probes.reserve(size_t(open.size()));
    for (const quint16 port : open) {
        ModelEndpoint endpoint;
        endpoint.provider = ModelEndpoint::Provider::Compatible;
        QUrl base;
        base.setScheme(u"http"_s);
        base.setHost(u"127.0.0.1"_s);
        base.setPort(port);
        base.setPath(u"/v1"_s);
        endpoint.baseUrl = base;
        endpoint.model.clear();
        probes.push_back(m_probe->probe(endpoint));
    }
    QList<ModelServerInfo> found;
    for (auto &probing : probes) {
        const Result<ModelServerInfo> info = co_await std::move(probing);
        if (!self)
            co_return {};
        if (info.ok() && info->kind != ModelServerInfo::Kind::Unknown)
            found.append(info.value());
    }
    co_return found;
}

void LocalServerScanner::cancel() {
    for (QTimer *timer : std::as_const(m_knocks))
        timer->start(0);
    m_probe->cancel();
}
