// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/ImapSearch.h"

#include <QLocale>

namespace {

bool quotable(const QString &text) {
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

// IMAP dates are English whatever the locale: "7-Dec-2026".
QByteArray imapDate(QDate date) {
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return QByteArray::number(date.day()) + '-' + months[date.month() - 1] + '-'
           + QByteArray::number(date.year());
}

} // namespace

void ImapSearch::appendBytes(const QByteArray &bytes) {
    m_tokens.append({bytes, false});
}

void ImapSearch::appendString(const QString &text) {
    if (quotable(text)) {
        QByteArray quoted = text.toLatin1();
        quoted.replace('\\', "\\\\");
        quoted.replace('"', "\\\"");
        appendBytes('"' + quoted + '"');
        return;
    }
    m_utf8 = true;
    m_tokens.append({text.toUtf8(), true});
}

void ImapSearch::appendAll(const ImapSearch &other) {
    m_tokens.append(other.m_tokens);
    m_utf8 = m_utf8 || other.m_utf8;
}

ImapSearch ImapSearch::all() {
    ImapSearch search;
    search.appendBytes("ALL");
    return search;
}

ImapSearch ImapSearch::header(const QString &field, const QString &value) {
    ImapSearch search;
    search.appendBytes("HEADER");
    search.appendString(field);
    search.appendString(value);
    return search;
}

ImapSearch ImapSearch::from(const QString &address) {
    ImapSearch search;
    search.appendBytes("FROM");
    search.appendString(address);
    return search;
}

ImapSearch ImapSearch::subject(const QString &text) {
    ImapSearch search;
    search.appendBytes("SUBJECT");
    search.appendString(text);
    return search;
}

ImapSearch ImapSearch::body(const QString &text) {
    ImapSearch search;
    search.appendBytes("BODY");
    search.appendString(text);
    return search;
}

ImapSearch ImapSearch::since(QDate date) {
    ImapSearch search;
    search.appendBytes("SINCE " + imapDate(date));
    return search;
}

ImapSearch ImapSearch::uidAbove(quint32 uid) {
    ImapSearch search;
    search.appendBytes("UID " + QByteArray::number(qulonglong(uid) + 1) + ":*");
    search.m_uidFloor = uid;
    return search;
}

ImapSearch ImapSearch::orOf(const ImapSearch &a, const ImapSearch &b) {
    ImapSearch search;
    search.appendBytes("OR");
    search.appendBytes("(");
    search.appendAll(a);
    search.appendBytes(")");
    search.appendBytes("(");
    search.appendAll(b);
    search.appendBytes(")");
    return search;
}

ImapSearch ImapSearch::and_(const ImapSearch &a, const ImapSearch &b) {
    ImapSearch search;
    search.appendAll(a);
    search.appendAll(b);
    if (a.m_uidFloor || b.m_uidFloor)
        search.m_uidFloor = qMax(a.m_uidFloor.value_or(0), b.m_uidFloor.value_or(0));
    return search;
}

ImapSearch operator&&(const ImapSearch &a, const ImapSearch &b) {
    return ImapSearch::and_(a, b);
}

QList<ImapSearch::Part> ImapSearch::parts() const {
    QList<Part> parts;
    QByteArray line = m_utf8 ? QByteArray("CHARSET UTF-8") : QByteArray();
    bool first = !m_utf8;
    bool afterOpen = false;
    for (const Part &token : m_tokens) {
        // One space between keys, none inside the parentheses' edges.
        if (!first && !afterOpen && !(!token.literal && token.bytes == ")"))
            line += ' ';
        first = false;
        if (token.literal) {
            parts.append({line, false});
            parts.append(token);
            line.clear();
            afterOpen = false;
            continue;
        }
        line += token.bytes;
        afterOpen = token.bytes == "(";
    }
    if (!line.isEmpty() || parts.isEmpty())
        parts.append({line, false});
    return parts;
}

QByteArray ImapSearch::toDisplayBytes() const {
    QByteArray out;
    for (const Part &part : parts()) {
        if (part.literal)
            out += '{' + QByteArray::number(part.bytes.size()) + '}' + part.bytes;
        else
            out += part.bytes;
    }
    return out;
}
