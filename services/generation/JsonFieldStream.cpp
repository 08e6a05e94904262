// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/JsonFieldStream.h"

#include <QCoreApplication>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

// QJsonDocument refuses deeper documents too; the stack must not grow without bound.
constexpr std::size_t MaxDepth = 1024;

bool isWhitespace(char16_t c) {
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

bool isDigit(char16_t c) {
    return c >= u'0' && c <= u'9';
}

int hexValue(char16_t c) {
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

} // namespace

JsonFieldStream::JsonFieldStream(QStringList fields) {
    fields.removeDuplicates();
    m_fields.reserve(std::size_t(fields.size()));
    for (QString &name : fields)
        m_fields.push_back(Field{std::move(name), {}, 0, false, false});
}

QList<JsonFieldStream::Delta> JsonFieldStream::feed(QStringView chunk) {
    if (failed())
        return {};
    const qsizetype size = chunk.size();
    qsizetype i = 0;
    while (i < size) {
        if (m_state == State::String) {
            // Copy a run of plain characters at once rather than one by one.
            qsizetype end = i;
            while (end < size && chunk[end] != u'"' && chunk[end] != u'\\')
                ++end;
            if (end > i) {
                appendText(chunk.sliced(i, end - i));
                m_offset += end - i;
                i = end;
                continue;
            }
        }
        if (!step(chunk[i].unicode()))
            break;
        ++i;
        ++m_offset;
    }
    // The open string's text so far goes out now: the editor shows it while it grows.
    if (m_current >= 0)
        flush(m_current);
    return std::exchange(m_out, {});
}

bool JsonFieldStream::step(char16_t c) {
    // Each case either consumes `c` (return) or changes state and looks at `c` again (break out
    // of the switch into the next loop turn): a number ends only at the character after it.
    for (;;) {
        switch (m_state) {
        case State::Start:
            if (isWhitespace(c) || (c == 0xFEFF && m_offset == 0))
                return true;
            if (c != u'{')
                return fail(
                    QCoreApplication::translate("JsonFieldStream", "it does not start with '{'"));
            m_stack.push_back(true);
            m_state = State::ObjectKeyOrEnd;
            return true;

        case State::ObjectKeyOrEnd:
        case State::ObjectKey:
            if (isWhitespace(c))
                return true;
            if (c == u'}' && m_state == State::ObjectKeyOrEnd)
                return closeContainer();
            if (c != u'"')
                return fail(QCoreApplication::translate("JsonFieldStream", "a key is missing"));
            m_role = m_stack.size() == 1 ? StringRole::TopKey : StringRole::Key;
            m_key.clear();
            m_state = State::String;
            return true;

        case State::Colon:
            if (isWhitespace(c))
                return true;
            if (c != u':')
                return fail(QCoreApplication::translate("JsonFieldStream", "':' is missing"));
            m_state = State::Value;
            return true;

        case State::ArrayValueOrEnd:
            if (c == u']')
                return closeContainer();
            [[fallthrough]];
        case State::Value:
            if (isWhitespace(c))
                return true;
            return beginValue(c);

        case State::CommaOrEnd:
            if (isWhitespace(c))
                return true;
            if (c == u',') {
                m_state = m_stack.back() ? State::ObjectKey : State::Value;
                return true;
            }
            if (c == (m_stack.back() ? u'}' : u']'))
                return closeContainer();
            return fail(QCoreApplication::translate("JsonFieldStream", "',' is missing"));

        case State::String:
            if (c == u'"') {
                if (m_role == StringRole::TopKey) {
                    m_keyField = -1;
                    for (std::size_t f = 0; f < m_fields.size(); ++f) {
                        if (m_fields[f].name != m_key)
                            continue;
                        if (m_fields[f].seen)
                            return fail(QCoreApplication::translate("JsonFieldStream",
                                                                    "\"%1\" appears twice")
                                            .arg(m_key));
                        m_fields[f].seen = true;
                        m_keyField = int(f);
                    }
                }
                if (m_role == StringRole::TopKey || m_role == StringRole::Key) {
                    m_state = State::Colon;
                    return true;
                }
                if (m_role == StringRole::Wanted) {
                    m_fields[std::size_t(m_current)].complete = true;
                    flush(std::exchange(m_current, -1));
                }
                m_state = State::CommaOrEnd;
                return true;
            }
            if (c == u'\\') {
                m_state = State::Escape;
                return true;
            }
            appendText(QStringView(&c, 1));
            return true;

        case State::Escape: {
            char16_t decoded = c; // QJsonDocument reads an unknown escape `\x` as `x`
            switch (c) {
            case u'b':
                decoded = u'\b';
                break;
            case u'f':
                decoded = u'\f';
                break;
            case u'n':
                decoded = u'\n';
                break;
            case u'r':
                decoded = u'\r';
                break;
            case u't':
                decoded = u'\t';
                break;
            case u'u':
                m_unicode = 0;
                m_unicodeDigits = 0;
                m_state = State::Unicode;
                return true;
            default:
                break;
            }
            appendText(QStringView(&decoded, 1));
            m_state = State::String;
            return true;
        }

        case State::Unicode: {
            const int digit = hexValue(c);
            if (digit < 0)
                return fail(QCoreApplication::translate("JsonFieldStream",
                                                        "a \\u escape has a non-hex digit"));
            m_unicode = char16_t(m_unicode * 16 + digit);
            if (++m_unicodeDigits == 4) {
                // Each escape is one UTF-16 code unit, as in QJsonDocument: a surrogate pair
                // written as two escapes joins up by itself.
                appendText(QStringView(&m_unicode, 1));
                m_state = State::String;
            }
            return true;
        }

        case State::Literal:
            if (c != m_literal.front().unicode())
                return fail(
                    QCoreApplication::translate("JsonFieldStream", "a literal is misspelled"));
            m_literal = m_literal.sliced(1);
            if (m_literal.isEmpty()) {
                if (m_current >= 0) // a wanted field that is null: complete and empty
                    m_fields[std::size_t(std::exchange(m_current, -1))].complete = true;
                m_state = State::CommaOrEnd;
            }
            return true;

        case State::Number: {
            const bool digit = isDigit(c);
            const bool exponent = c == u'e' || c == u'E';
            switch (m_number) {
            case Number::Minus:
                if (!digit)
                    return fail(
                        QCoreApplication::translate("JsonFieldStream", "a number has no digits"));
                m_number = c == u'0' ? Number::Zero : Number::Int;
                return true;
            case Number::Zero:
            case Number::Int:
            case Number::Dot:
            case Number::Frac:
                if (digit && m_number != Number::Zero) {
                    m_number = m_number == Number::Int ? Number::Int : Number::Frac;
                    return true;
                }
                if (c == u'.' && (m_number == Number::Zero || m_number == Number::Int)) {
                    m_number = Number::Dot;
                    return true;
                }
                if (exponent) {
                    m_number = Number::Exp;
                    return true;
                }
                break; // the number has ended; `c` belongs to what follows
            case Number::Exp:
                if (c == u'+' || c == u'-') {
                    m_number = Number::ExpSign;
                    return true;
                }
                [[fallthrough]];
            case Number::ExpSign:
                if (!digit)
                    return fail(QCoreApplication::translate("JsonFieldStream",
                                                            "an exponent has no digits"));
                m_number = Number::ExpDigits;
                return true;
            case Number::ExpDigits:
                if (digit)
                    return true;
                break;
            }
            m_state = State::CommaOrEnd;
            break; // look at `c` again
        }

        case State::Done:
            if (isWhitespace(c))
                return true;
            return fail(QCoreApplication::translate("JsonFieldStream", "text follows the object"));
        }
    }
}

bool JsonFieldStream::beginValue(char16_t c) {
    const int wanted = std::exchange(m_keyField, -1);
    if (wanted >= 0 && c != u'"' && c != u'n')
        return fail(QCoreApplication::translate("JsonFieldStream", "\"%1\" is not a string")
                        .arg(m_fields[std::size_t(wanted)].name));
    switch (c) {
    case u'"':
        m_role = wanted >= 0 ? StringRole::Wanted : StringRole::Skipped;
        m_current = wanted;
        m_state = State::String;
        return true;
    case u'{':
    case u'[':
        if (m_stack.size() >= MaxDepth)
            return fail(QCoreApplication::translate("JsonFieldStream", "it is nested too deeply"));
        m_stack.push_back(c == u'{');
        m_state = c == u'{' ? State::ObjectKeyOrEnd : State::ArrayValueOrEnd;
        return true;
    case u't':
    case u'f':
    case u'n': {
        static constexpr QStringView literals[] = {u"rue", u"alse", u"ull"};
        m_literal = literals[c == u't' ? 0 : c == u'f' ? 1 : 2];
        m_current = wanted; // only a null gets here for a wanted field
        m_state = State::Literal;
        return true;
    }
    default:
        if (c == u'-' || isDigit(c)) {
            m_number = c == u'-' ? Number::Minus : c == u'0' ? Number::Zero : Number::Int;
            m_state = State::Number;
            return true;
        }
        return fail(QCoreApplication::translate("JsonFieldStream", "a value is missing"));
    }
}

bool JsonFieldStream::closeContainer() {
    m_stack.pop_back();
    if (m_stack.empty()) {
        m_state = State::Done;
        m_objectComplete = true;
    } else {
        m_state = State::CommaOrEnd;
    }
    return true;
}

void JsonFieldStream::appendText(QStringView text) {
    if (m_role == StringRole::Wanted)
        m_fields[std::size_t(m_current)].value.append(text);
    else if (m_role == StringRole::TopKey)
        m_key.append(text);
    // Nested keys and other values are only checked for syntax, never kept.
}

void JsonFieldStream::flush(int field) {
    Field &f = m_fields[std::size_t(field)];
    qsizetype end = f.value.size();
    // Hold back half a surrogate pair: its other half is in the next chunk or escape.
    if (!f.complete && end > f.emitted && f.value.at(end - 1).isHighSurrogate())
        --end;
    if (end <= f.emitted)
        return;
    const QString text = f.value.sliced(f.emitted, end - f.emitted);
    f.emitted = end;
    if (!m_out.isEmpty() && m_out.last().field == f.name)
        m_out.last().text += text;
    else
        m_out.append(Delta{f.name, text});
}

bool JsonFieldStream::fail(const QString &what) {
    m_error = QCoreApplication::translate("JsonFieldStream",
                                          "The output is not the expected JSON object: %1 (at "
                                          "character %2).")
                  .arg(what)
                  .arg(m_offset + 1);
    return false;
}

QString JsonFieldStream::value(const QString &field) const {
    for (const Field &f : m_fields)
        if (f.name == field)
            return f.value;
    return {};
}

bool JsonFieldStream::isComplete(const QString &field) const {
    for (const Field &f : m_fields)
        if (f.name == field)
            return f.complete;
    return false;
}
