// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/ImapResponseParser.h"

#include <QObject>

using namespace Qt::StringLiterals;

namespace {

// Lists nested deeper than this are a broken server (and would recurse without bound).
constexpr int kMaxNesting = 64;

bool isAtomChar(char c, bool inCode) {
    const uchar u = uchar(c);
    if (u <= 0x20 || u >= 0x7f)
        return false;
    switch (c) {
    case '(':
    case ')':
    case '{':
    case '"':
        return false;
    case ']':
        return !inCode;
    default:
        return true;
    }
}

// Reads values from one complete response.
class Reader {
public:
    explicit Reader(const QByteArray &bytes)
        : m_bytes(bytes) {}

    bool atEnd() const { return m_pos >= m_bytes.size(); }
    bool atLineEnd() const {
        return atEnd() || m_bytes.at(m_pos) == '\r' || m_bytes.at(m_pos) == '\n';
    }
    char peek() const { return atEnd() ? '\0' : m_bytes.at(m_pos); }
    void skip() { ++m_pos; }
    void skipSpaces() {
        while (!atEnd() && m_bytes.at(m_pos) == ' ')
            ++m_pos;
    }
    QString error() const { return m_error; }

    QByteArray atom(bool inCode = false) {
        const qsizetype start = m_pos;
        while (!atEnd() && isAtomChar(m_bytes.at(m_pos), inCode)) {
            // A section ("BODY[HEADER.FIELDS (FROM TO)]") is part of the atom, spaces and all.
            if (m_bytes.at(m_pos) == '[' && !inCode) {
                const qsizetype close = m_bytes.indexOf(']', m_pos);
                const qsizetype lineEnd = m_bytes.indexOf('\n', m_pos);
                if (close < 0 || (lineEnd >= 0 && close > lineEnd)) {
                    m_error = u"an unterminated section"_s;
                    return {};
                }
                m_pos = close + 1;
                continue;
            }
            ++m_pos;
        }
        return m_bytes.mid(start, m_pos - start);
    }

    // The text to the end of the line.
    QByteArray restOfLine() {
        const qsizetype start = m_pos;
        while (!atLineEnd())
            ++m_pos;
        return m_bytes.mid(start, m_pos - start);
    }

    std::optional<ImapValue> value(bool inCode, int depth = 0) {
        if (depth > kMaxNesting) {
            m_error = u"lists nested too deeply"_s;
            return std::nullopt;
        }
        if (atLineEnd()) {
            m_error = u"a value is missing"_s;
            return std::nullopt;
        }
        ImapValue v;
        const char c = peek();
        if (c == '(') {
            skip();
            v.kind = ImapValue::Kind::List;
            for (;;) {
                skipSpaces();
                if (peek() == ')') {
                    skip();
                    return v;
                }
                std::optional<ImapValue> item = value(inCode, depth + 1);
                if (!item)
                    return std::nullopt;
                v.items.append(std::move(*item));
            }
        }
        if (c == '"') {
            skip();
            v.kind = ImapValue::Kind::Quoted;
            for (;;) {
                if (atLineEnd()) {
                    m_error = u"an unterminated quoted string"_s;
                    return std::nullopt;
                }
                char q = peek();
                skip();
                if (q == '"')
                    return v;
                if (q == '\\') {
                    if (atLineEnd()) {
                        m_error = u"an unterminated quoted string"_s;
                        return std::nullopt;
                    }
                    q = peek();
                    skip();
                }
                v.bytes.append(q);
            }
        }
        if (c == '{') {
            skip();
            const qsizetype close = m_bytes.indexOf('}', m_pos);
            if (close < 0) {
                m_error = u"a broken literal"_s;
                return std::nullopt;
            }
            QByteArray digits = m_bytes.mid(m_pos, close - m_pos);
            if (digits.endsWith('+'))
                digits.chop(1);
            bool ok = false;
            const qlonglong size = digits.toLongLong(&ok);
            m_pos = close + 1;
            if (!ok || size < 0) {
                m_error = u"a broken literal"_s;
                return std::nullopt;
            }
            if (peek() == '\r')
                skip();
            if (peek() != '\n') {
                m_error = u"a literal without its line break"_s;
                return std::nullopt;
            }
            skip();
            if (m_pos + size > m_bytes.size()) {
                m_error = u"a literal cut short"_s;
                return std::nullopt;
            }
            v.kind = ImapValue::Kind::Literal;
            v.bytes = m_bytes.mid(m_pos, size);
            m_pos += size;
            return v;
        }
        v.bytes = atom(inCode);
        if (!m_error.isEmpty())
            return std::nullopt;
        if (v.bytes.isEmpty()) {
            m_error = u"an unexpected character (0x%1)"_s.arg(uchar(c), 2, 16, QLatin1Char('0'));
            return std::nullopt;
        }
        v.kind = v.bytes.compare("NIL", Qt::CaseInsensitive) == 0 ? ImapValue::Kind::Nil
                                                                  : ImapValue::Kind::Atom;
        return v;
    }

private:
    const QByteArray &m_bytes;
    qsizetype m_pos = 0;
    QString m_error;
};

bool isStatusWord(const QByteArray &word) {
    return word == "OK" || word == "NO" || word == "BAD" || word == "PREAUTH" || word == "BYE";
}

// "[CODE args] text" after a status word.
bool readStatusTail(Reader &reader, ImapResponse &response, QString *error) {
    reader.skipSpaces();
    if (reader.peek() == '[') {
        reader.skip();
        response.code = reader.atom(true).toUpper();
        if (response.code.isEmpty()) {
            *error = u"an empty response code"_s;
            return false;
        }
        for (;;) {
            reader.skipSpaces();
            if (reader.peek() == ']') {
                reader.skip();
                break;
            }
            std::optional<ImapValue> arg = reader.value(true);
            if (!arg) {
                *error = reader.error() + u" in the response code"_s;
                return false;
            }
            response.codeArgs.append(std::move(*arg));
        }
        reader.skipSpaces();
    }
    response.text = QString::fromUtf8(reader.restOfLine());
    return true;
}

} // namespace

std::optional<quint32> ImapValue::number() const {
    if (kind != Kind::Atom || bytes.isEmpty() || bytes.size() > 10)
        return std::nullopt;
    for (const char c : bytes) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    const qulonglong n = bytes.toULongLong();
    if (n > 0xffffffffULL)
        return std::nullopt;
    return quint32(n);
}

bool ImapValue::isAtom(QByteArrayView name) const {
    return kind == Kind::Atom && QByteArrayView(bytes).compare(name, Qt::CaseInsensitive) == 0;
}

ImapResponseParser::ImapResponseParser(qsizetype maxLiteral, qsizetype maxLine)
    : m_maxLiteral(maxLiteral)
    , m_maxLine(maxLine) {}

void ImapResponseParser::fail(const QString &error) {
    m_error = error;
    m_buffer.clear();
    m_scanned = m_lineStart = m_literalRemaining = 0;
}

void ImapResponseParser::feed(QByteArrayView bytes) {
    if (hasError())
        return;
    m_buffer.append(bytes);
    while (m_scanned < m_buffer.size()) {
        if (m_literalRemaining > 0) {
            const qsizetype take = qMin(m_literalRemaining, m_buffer.size() - m_scanned);
            m_scanned += take;
            m_literalRemaining -= take;
            if (m_literalRemaining == 0)
                m_lineStart = m_scanned;
            continue;
        }
        const qsizetype newline = m_buffer.indexOf('\n', m_scanned);
        if (newline < 0) {
            m_scanned = m_buffer.size();
            if (m_scanned - m_lineStart > m_maxLine)
                fail(QObject::tr("The mail server sent a line longer than %1 bytes.")
                         .arg(m_maxLine));
            return;
        }
        if (newline - m_lineStart > m_maxLine) {
            fail(QObject::tr("The mail server sent a line longer than %1 bytes.").arg(m_maxLine));
            return;
        }
        m_scanned = newline + 1;
        // A line ending in "{n}" (or "{n+}") announces n bytes that belong to the same response.
        qsizetype end = newline;
        if (end > m_lineStart && m_buffer.at(end - 1) == '\r')
            --end;
        if (end > m_lineStart && m_buffer.at(end - 1) == '}') {
            const qsizetype open = m_buffer.lastIndexOf('{', end - 1);
            if (open >= m_lineStart) {
                QByteArray digits = m_buffer.mid(open + 1, end - 1 - open - 1);
                if (digits.endsWith('+'))
                    digits.chop(1);
                bool ok = !digits.isEmpty() && digits.size() <= 19;
                for (const char c : std::as_const(digits))
                    ok = ok && c >= '0' && c <= '9';
                if (ok) {
                    const qulonglong size = digits.toULongLong(&ok);
                    if (!ok || size > qulonglong(m_maxLiteral)) {
                        fail(QObject::tr("The mail server announced a literal of %1 bytes, more "
                                         "than the %2 bytes allowed.")
                                 .arg(QString::fromLatin1(digits))
                                 .arg(m_maxLiteral));
                        return;
                    }
                    m_literalRemaining = qsizetype(size);
                    m_lineStart = m_scanned;
                    continue;
                }
            }
        }
        // The response is complete.
        const QByteArray complete = m_buffer.left(m_scanned);
        m_buffer.remove(0, m_scanned);
        m_scanned = m_lineStart = 0;
        QString error;
        std::optional<ImapResponse> response = parse(complete, &error);
        if (!response) {
            QByteArray start = complete.left(60).trimmed();
            for (char &c : start) {
                if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
                    c = '?';
            }
            fail(QObject::tr("The mail server sent something that is not IMAP (%1): \"%2\".")
                     .arg(error, QString::fromLatin1(start)));
            return;
        }
        m_ready.append(std::move(*response));
    }
}

std::optional<ImapResponse> ImapResponseParser::parse(const QByteArray &bytes, QString *error) {
    Reader reader(bytes);
    ImapResponse response;
    if (reader.peek() == '+') {
        reader.skip();
        reader.skipSpaces();
        response.kind = ImapResponse::Kind::Continuation;
        response.text = QString::fromUtf8(reader.restOfLine());
        return response;
    }
    if (reader.peek() == '*') {
        reader.skip();
        response.kind = ImapResponse::Kind::Untagged;
    } else {
        response.kind = ImapResponse::Kind::Tagged;
        response.tag = reader.atom(true);
        if (response.tag.isEmpty()) {
            *error = u"a response without a tag"_s;
            return std::nullopt;
        }
    }
    if (reader.peek() != ' ') {
        *error = u"no space after the tag"_s;
        return std::nullopt;
    }
    reader.skipSpaces();
    QByteArray word = reader.atom(true);
    if (word.isEmpty()) {
        *error = u"a response without a status or data name"_s;
        return std::nullopt;
    }
    const QByteArray upper = word.toUpper();
    if (isStatusWord(upper)) {
        response.status = upper;
        if (!readStatusTail(reader, response, error))
            return std::nullopt;
        return response;
    }
    if (response.kind == ImapResponse::Kind::Tagged) {
        *error = u"a tagged response that is not OK, NO or BAD"_s;
        return std::nullopt;
    }
    ImapValue first;
    first.kind = ImapValue::Kind::Atom;
    first.bytes = word;
    if (const std::optional<quint32> n = first.number()) {
        response.number = n;
        reader.skipSpaces();
        response.name = reader.atom(true).toUpper();
        if (response.name.isEmpty()) {
            *error = u"a number without a data name"_s;
            return std::nullopt;
        }
    } else {
        response.name = upper;
    }
    for (;;) {
        reader.skipSpaces();
        if (reader.atLineEnd())
            break;
        std::optional<ImapValue> value = reader.value(false);
        if (!value) {
            *error = reader.error();
            return std::nullopt;
        }
        response.data.append(std::move(*value));
    }
    return response;
}
