// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ModelServerInfo.h"

#include <QCoroTask>
#include <QList>
#include <QObject>

#include <chrono>

class ModelServerProbe;
class QTimer;

// Finds the model servers running on this computer: knocks on the usual ports of 127.0.0.1
// (Ollama 11434, llama.cpp 8080, LM Studio 1234, vLLM 8000) all at once, then asks each port that
// took the connection what it serves. Never looks beyond loopback.
class LocalServerScanner : public QObject {
    Q_OBJECT

public:
    explicit LocalServerScanner(QObject *parent = nullptr);

    // 11434, 8080, 1234, 8000: the servers' own defaults.
    static QList<quint16> defaultPorts();
    // The ports knocked on, in the order the servers found are listed (tests use their fakes').
    void setPorts(const QList<quint16> &ports) { m_ports = ports; }
    QList<quint16> ports() const { return m_ports; }
    // How long the knocking may take, for all ports together (1.5 s unless set): a port that
    // neither accepts nor refuses by then counts as closed.
    void setConnectDeadline(std::chrono::milliseconds deadline) { m_connectDeadline = deadline; }
    std::chrono::milliseconds connectDeadline() const { return m_connectDeadline; }
    ModelServerProbe *probe() const { return m_probe; }

    // The model servers found, in port order; a port whose server is no model server (or whose
    // answer makes no sense) is left out.
    QCoro::Task<QList<ModelServerInfo>> scan();
    // Ends a scan under way now; it returns what it had found.
    void cancel();

private:
    QCoro::Task<QList<quint16>> openPorts();

    QList<quint16> m_ports;
    std::chrono::milliseconds m_connectDeadline{1'500};
    ModelServerProbe *m_probe;
    QList<QTimer *> m_knocks; // the knocking under way, so cancel() can end it
};
