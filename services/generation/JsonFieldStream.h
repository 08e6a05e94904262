// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <vector>

// Pulls chosen top-level string fields out of a JSON object that arrives in pieces (a model's
// structured output, streamed as text deltas), so the editor can show `message` as it grows.
class JsonFieldStream {
public:
    explicit JsonFieldStream(QStringList fields);

    struct Delta {
        QString field;
        QString text;
        friend bool operator==(const Delta &, const Delta &) = default;
    };

    // The text of the wanted fields that this chunk decoded, in order; consecutive pieces of one
    // field come merged. A delta never ends in the first half of a surrogate pair while its
    // string is still open. Once failed(), returns nothing and ignores its input.
    QList<Delta> feed(QStringView chunk);

    // The decoded text of `field` so far (the whole value once isComplete()).
    QString value(const QString &field) const;
    // Its closing quote has arrived, or its value was `null` (empty, the way strict schemas
    // spell an absent optional string).
    bool isComplete(const QString &field) const;
    // The top-level object has been closed.
    bool isObjectComplete() const { return m_objectComplete; }

    // The input cannot be a JSON object: bad syntax, text around the object, a wanted field
    // whose value is neither a string nor null, or a wanted field given twice (its text has been
    // streamed already and cannot be taken back, while QJsonDocument would keep the last one).
    // Lenient where QJsonDocument is: raw control characters in strings, unknown escapes (`\x`
    // means `x`), and a number ending in '.'.
    bool failed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }

private:
    enum class State {
        Start,           // before the top-level '{'
        ObjectKeyOrEnd,  // after '{'
        ObjectKey,       // after ',' in an object
        Colon,           // after a key
        Value,           // after ':' or ',' in an array
        ArrayValueOrEnd, // after '['
        CommaOrEnd,      // after a value
        String,          // inside a string (key or value)
        Escape,          // after a backslash
        Unicode,         // inside \uXXXX
        Literal,         // inside true, false or null
        Number,          // inside a number
        Done,            // after the top-level '}'
    };
    enum class Number { Minus, Zero, Int, Dot, Frac, Exp, ExpSign, ExpDigits };
    enum class StringRole { Key, TopKey, Skipped, Wanted };

    bool step(char16_t c);
    bool beginValue(char16_t c);
    bool closeContainer();
    void appendText(QStringView text);
    void flush(int field);
    bool fail(const QString &what);

    struct Field {
        QString name;
        QString value;
        qsizetype emitted = 0; // how much of value has gone out as deltas
        bool seen = false;
        bool complete = false;
    };
    std::vector<Field> m_fields;
    std::vector<bool> m_stack; // true: object, false: array
    State m_state = State::Start;
    StringRole m_role = StringRole::Skipped;
    Number m_number = Number::Int;
    QString m_key;       // the top-level key being read
    int m_keyField = -1; // the wanted field the last top-level key named
    int m_current = -1;  // the wanted field whose string is being read
    char16_t m_unicode = 0;
    int m_unicodeDigits = 0;
    QStringView m_literal; // the rest of the literal being matched
    bool m_objectComplete = false;
    qsizetype m_offset = 0; // characters consumed, for error messages
    QList<Delta> m_out;     // the deltas of the feed() in progress
    QString m_error;
};
