// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A minimal IMAP server on 127.0.0.1 for connection tests over a plain (loopback) connection:
// it greets, answers CAPABILITY, LOGIN against one user and password, LIST with the mailboxes
// it is given, and LOGOUT; anything else gets BAD. Enough to see what a client finds; not a mail
// store.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

class ScriptedImapServer {
public:
    struct Mailbox {
        QByteArray attributes; // "\\Drafts", "\\HasNoChildren \\Sent", or empty
        QByteArray name;       // as sent: an atom or a quoted string
    };

    QByteArray user = "sam";
    QByteArray password = "imap-secret-5c1e";
    QByteArray capabilities = "IMAP4rev1 SPECIAL-USE IDLE";
    QList<Mailbox> mailboxes{{"\\HasNoChildren", "INBOX"},
                             {"\\HasNoChildren \\Drafts", "Drafts"},
                             {"\\HasNoChildren \\Sent", "\"Sent Items\""}};
    QList<QByteArray> commands; // every command line received, the LOGIN's password hidden

    ScriptedImapServer() {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
    }

    bool start() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }

private:
    void accept() {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                buffer->append(socket->readAll());
                for (qsizetype end = buffer->indexOf("\r\n"); end >= 0;
                     end = buffer->indexOf("\r\n")) {
                    const QByteArray line = buffer->left(end);
                    buffer->remove(0, end + 2);
                    answer(socket, line);
                }
            });
            socket->write("* OK [CAPABILITY " + capabilities + "] scripted server ready\r\n");
        }
    }

    void answer(QTcpSocket *socket, const QByteArray &line) {
        const qsizetype space = line.indexOf(' ');
        const QByteArray tag = line.left(space);
        const QByteArray rest = space < 0 ? QByteArray() : line.mid(space + 1);
        const qsizetype verbEnd = rest.indexOf(' ');
        const QByteArray verb = (verbEnd < 0 ? rest : rest.left(verbEnd)).toUpper();
        if (verb == "LOGIN") {
            commands.append(tag + " LOGIN (hidden)");
            const QByteArray expected = "LOGIN " + quoted(user) + ' ' + quoted(password);
            socket->write(
                rest == expected
                    ? QByteArray(tag + " OK LOGIN completed\r\n")
                    : QByteArray(tag + " NO [AUTHENTICATIONFAILED] Invalid credentials\r\n"));
            return;
        }
        commands.append(line);
        if (verb == "CAPABILITY") {
            socket->write("* CAPABILITY " + capabilities + "\r\n" + tag + " OK done\r\n");
        } else if (verb == "LIST") {
            QByteArray reply;
            for (const Mailbox &mailbox : std::as_const(mailboxes))
                reply += "* LIST (" + mailbox.attributes + ") \"/\" " + mailbox.name + "\r\n";
            socket->write(reply + tag + " OK LIST completed\r\n");
        } else if (verb == "LOGOUT") {
            socket->write("* BYE logging out\r\n" + tag + " OK LOGOUT completed\r\n");
            socket->disconnectFromHost();
        } else {
            socket->write(tag + " BAD unknown command\r\n");
        }
    }

    static QByteArray quoted(const QByteArray &text) { return '"' + text + '"'; }

    QTcpServer m_server;
};
