#include "JsonFieldStream.h"

#include <QCoreApplication>

JsonFieldStream::JsonFieldStream(QStringList fields)
    : m_wanted(fields.cbegin(), fields.cend()) {}

void JsonFieldStream::fail(const QString &why) {
    if (m_error.isEmpty())
        m_error = QCoreApplication::translate("JsonFieldStream", "Not a JSON object: %1").arg(why);
}

bool JsonFieldStream::stringCharacter(QChar c, QString &out) {
    switch (m_escape) {
    case Escape::None:
        if (c == u'"')
            return true;
        if (c == u'\\') {
            m_escape = Escape::Backslash;
            return false;
        }
        out.append(c);
        return false;
    case Escape::Backslash:
        m_escape = Escape::None;
        switch (c.unicode()) {
        case u'n':
            out.append(u'\n');
            break;
        case u't':
            out.append(u'\t');
            break;
        case u'r':
            out.append(u'\r');
            break;
        case u'b':
            out.append(u'\b');
            break;
        case u'f':
            out.append(u'\f');
            break;
        case u'u':
            m_escape = Escape::Unicode;
            m_hex.clear();
            break;
        default: // '"', '\\', '/' and anything a lenient writer escapes needlessly
            out.append(c);
        }
        return false;
    case Escape::Unicode: {
        m_hex.append(c);
        if (m_hex.size() < 4)
            return false;
        m_escape = Escape::None;
        bool ok = false;
        const char16_t unit = char16_t(m_hex.toUShort(&ok, 16));
        if (!ok) {
            fail(QCoreApplication::translate("JsonFieldStream", "a bad \\u escape"));
            return false;
        }
        if (QChar::isHighSurrogate(unit)) {
            m_highSurrogate = unit;
            return false;
        }
        if (QChar::isLowSurrogate(unit) && m_highSurrogate) {
            out.append(QChar(m_highSurrogate));
            out.append(QChar(unit));
        } else {
            out.append(QChar(unit));
        }
        m_highSurrogate = 0;
        return false;
    }
    }
    return false;
}

QList<JsonFieldStream::Delta> JsonFieldStream::feed(QStringView chunk) {
    QList<Delta> deltas;
    const auto emitText = [&deltas, this](const QString &text) {
        if (text.isEmpty() || m_currentField.isEmpty())
            return;
        m_values[m_currentField] += text;
        if (!deltas.isEmpty() && deltas.constLast().field == m_currentField)
            deltas.last().text += text;
        else
            deltas.append({m_currentField, text});
    };
    QString run; // decoded text of the current field within this chunk
    for (qsizetype i = 0; i < chunk.size() && !failed(); ++i) {
        const QChar c = chunk[i];
        switch (m_state) {
        case State::BeforeObject:
            if (c == u'{')
                m_state = State::BeforeKey;
            else if (!c.isSpace())
                fail(QCoreApplication::translate("JsonFieldStream", "it does not start with {"));
            break;
        case State::BeforeKey:
            if (c == u'"') {
                m_state = State::InKey;
                m_key.clear();
            } else if (c == u'}') {
                m_state = State::Done;
            } else if (!c.isSpace()) {
                fail(QCoreApplication::translate("JsonFieldStream", "a key was expected"));
            }
            break;
        case State::InKey:
            if (stringCharacter(c, m_key))
                m_state = State::AfterKey;
            break;
        case State::AfterKey:
            if (c == u':')
                m_state = State::BeforeValue;
            else if (!c.isSpace())
                fail(QCoreApplication::translate("JsonFieldStream", "':' was expected"));
            break;
        case State::BeforeValue:
            if (c.isSpace())
                break;
            if (c == u'"') {
                m_state = State::InString;
                m_currentField = m_wanted.contains(m_key) ? m_key : QString();
                if (!m_currentField.isEmpty())
                    m_values.insert(m_currentField, m_values.value(m_currentField));
            } else if (c == u'{' || c == u'[') {
                m_state = State::InNested;
                m_depth = 1;
                m_nestedString = false;
                m_nestedEscape = false;
            } else {
                m_state = State::InLiteral;
            }
            break;
        case State::InString: {
            QString piece;
            if (stringCharacter(c, piece)) {
                emitText(run);
                run.clear();
                if (!m_currentField.isEmpty())
                    m_complete.insert(m_currentField);
                m_currentField.clear();
                m_state = State::AfterValue;
            } else if (!m_currentField.isEmpty()) {
                run += piece;
            }
            break;
        }
        case State::InNested:
            if (m_nestedString) {
                if (m_nestedEscape)
                    m_nestedEscape = false;
                else if (c == u'\\')
                    m_nestedEscape = true;
                else if (c == u'"')
                    m_nestedString = false;
            } else if (c == u'"') {
                m_nestedString = true;
            } else if (c == u'{' || c == u'[') {
                ++m_depth;
            } else if ((c == u'}' || c == u']') && --m_depth == 0) {
                m_state = State::AfterValue;
            }
            break;
        case State::InLiteral:
            if (c == u',') {
                m_state = State::BeforeKey;
            } else if (c == u'}') {
                m_state = State::Done;
            } else if (c.isSpace()) {
                m_state = State::AfterValue;
            }
            break;
        case State::AfterValue:
            if (c == u',')
                m_state = State::BeforeKey;
            else if (c == u'}')
                m_state = State::Done;
            else if (!c.isSpace())
                fail(QCoreApplication::translate("JsonFieldStream", "',' or '}' was expected"));
            break;
        case State::Done:
            break;
        }
    }
    emitText(run);
    return deltas;
}
