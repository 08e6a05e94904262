#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QStringView>

// Pulls chosen top-level string fields out of a JSON object that arrives in pieces, decoded as
// they grow: the model streams {"subject":"…","message":"…",…} and the editor shows the message
// text, never JSON. Nested keys of the same name are ignored; escapes (surrogate pairs too) may
// be split anywhere. A wanted field whose value is not a string is skipped.
class JsonFieldStream {
public:
    struct Delta {
        QString field;
        QString text;
    };

    explicit JsonFieldStream(QStringList fields);

    // The text each wanted field gained from `chunk` (consecutive pieces of one field merged).
    QList<Delta> feed(QStringView chunk);

    QString value(const QString &field) const { return m_values.value(field); }
    bool isComplete(const QString &field) const { return m_complete.contains(field); }
    bool failed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

private:
    enum class State {
        BeforeObject,
        BeforeKey, // after '{' or ','
        InKey,
        AfterKey, // expecting ':'
        BeforeValue,
        InString,   // a top-level string value (wanted or not)
        InNested,   // an object or array value, skipped
        InLiteral,  // a number, true, false or null, skipped
        AfterValue, // expecting ',' or '}'
        Done,
    };
    enum class Escape { None, Backslash, Unicode };

    // Decodes one character of a JSON string; true when it closed the string.
    bool stringCharacter(QChar c, QString &out);
    void fail(const QString &why);

    QSet<QString> m_wanted;
    QHash<QString, QString> m_values;
    QSet<QString> m_complete;
    State m_state = State::BeforeObject;
    Escape m_escape = Escape::None;
    QString m_hex;
    char16_t m_highSurrogate = 0;
    QString m_key;
    QString m_currentField; // the wanted field whose string is being read; empty otherwise
    int m_depth = 0;        // inside InNested
    bool m_nestedString = false;
    bool m_nestedEscape = false;
    QString m_error;
};
