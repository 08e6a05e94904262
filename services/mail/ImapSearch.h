// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>

#include <optional>

// The criteria of a UID SEARCH, built from keys: `ImapSearch::header("Message-ID", id)`,
// `ImapSearch::from(a) && ImapSearch::subject(s)`, `orOf(x, y)`. Strings go out quoted when they
// are plain ASCII, otherwise as literals, and then the search needs CHARSET UTF-8.
class ImapSearch {
public:
    // One piece of the command: bytes as they are, or a string to send as a literal.
    struct Part {
        QByteArray bytes;
        bool literal = false;
    };

    static ImapSearch all();
    static ImapSearch header(const QString &field, const QString &value);
    static ImapSearch from(const QString &address);
    static ImapSearch subject(const QString &text);
    static ImapSearch body(const QString &text);
    static ImapSearch since(QDate date);
    // UIDs greater than `uid`.
    static ImapSearch uidAbove(quint32 uid);
    static ImapSearch orOf(const ImapSearch &a, const ImapSearch &b);
    static ImapSearch and_(const ImapSearch &a, const ImapSearch &b);

    // The criteria after "UID SEARCH" (with "CHARSET UTF-8 " in front when needed).
    QList<Part> parts() const;
    bool needsUtf8() const { return m_utf8; }
    // The UID every match must be above (from uidAbove, when it is not inside an OR): "n:*"
    // matches the mailbox's last message even when its UID is below n, so the answer is
    // filtered by this too.
    std::optional<quint32> uidFloor() const { return m_uidFloor; }
    // The criteria as one line, literals shown as "{n}" followed by their text (for tests and
    // debugging).
    QByteArray toDisplayBytes() const;

private:
    void appendString(const QString &text);
    void appendBytes(const QByteArray &bytes);
    void appendAll(const ImapSearch &other);

    QList<Part> m_tokens; // one key, string, "(" or ")" each
    bool m_utf8 = false;
    std::optional<quint32> m_uidFloor;
};

ImapSearch operator&&(const ImapSearch &a, const ImapSearch &b);
