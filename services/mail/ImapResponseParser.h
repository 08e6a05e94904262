// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

// One value of an IMAP response: an atom (numbers and flags included), a quoted string, a
// literal, NIL, or a parenthesised list of values.
struct ImapValue {
    enum class Kind { Atom, Quoted, Literal, Nil, List };

    Kind kind = Kind::Nil;
    QByteArray bytes;       // atom text, or the string's content with escapes removed
    QList<ImapValue> items; // a list's values

    bool isAtom() const { return kind == Kind::Atom; }
    bool isString() const { return kind == Kind::Quoted || kind == Kind::Literal; }
    bool isList() const { return kind == Kind::List; }
    bool isNil() const { return kind == Kind::Nil; }
    // The atom's number; empty when it is not a non-negative 32-bit number.
    std::optional<quint32> number() const;
    // Atoms compared case-insensitively ("exists" equals "EXISTS").
    bool isAtom(QByteArrayView name) const;
};

// One complete server response.
struct ImapResponse {
    enum class Kind {
        Tagged,      // "a1 OK …": the end of a command
        Untagged,    // "* …": data, or a status the server volunteers
        Continuation // "+ …": the server waits for a literal or the next step of a SASL exchange
    };

    Kind kind = Kind::Untagged;
    QByteArray tag; // Tagged only
    // OK, NO, BAD, PREAUTH or BYE (upper case) for status responses; empty for data.
    QByteArray status;
    // A status's response code: "APPENDUID" of "[APPENDUID 38505 3955]", with its arguments.
    QByteArray code;
    QList<ImapValue> codeArgs;
    // The human-readable text after the status and code (or after "+").
    QString text;
    // "* 23 EXISTS": 23; "* 4 FETCH (…)": 4.
    std::optional<quint32> number;
    // What the data is (upper case): CAPABILITY, LIST, SEARCH, FLAGS, EXISTS, FETCH, …
    QByteArray name;
    // The values after `name`: the LIST's attributes, delimiter and name, the FETCH's list, …
    QList<ImapValue> data;

    bool isStatus() const { return !status.isEmpty(); }
};

// Turns the bytes an IMAP server sends into complete responses, however the bytes are split.
// Pure: no network. Bounded: a literal over maxLiteral, or a line over maxLine, is an error, and
// so is anything that is not IMAP; after an error the parser takes no more input.
class ImapResponseParser {
public:
    static constexpr qsizetype defaultMaxLiteral = 64 * 1024 * 1024;
    static constexpr qsizetype defaultMaxLine = 1024 * 1024;

    explicit ImapResponseParser(qsizetype maxLiteral = defaultMaxLiteral,
                                qsizetype maxLine = defaultMaxLine);

    void feed(QByteArrayView bytes);
    bool hasResponse() const { return !m_ready.isEmpty(); }
    ImapResponse takeResponse() { return m_ready.takeFirst(); }

    // Bytes of a response that is not complete yet.
    bool hasPendingBytes() const { return !m_buffer.isEmpty(); }

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    // Parses one complete response (with its CRLF and literals); used by feed().
    static std::optional<ImapResponse> parse(const QByteArray &response, QString *error);

private:
    void fail(const QString &error);

    qsizetype m_maxLiteral;
    qsizetype m_maxLine;
    QByteArray m_buffer;
    qsizetype m_scanned = 0;          // bytes of m_buffer already known to belong to the response
    qsizetype m_lineStart = 0;        // where the line being scanned starts
    qsizetype m_literalRemaining = 0; // bytes of a literal still to come
    QList<ImapResponse> m_ready;
    QString m_error;
};
