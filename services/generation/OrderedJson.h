// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <initializer_list>
#include <utility>
#include <vector>

// A JSON value whose objects keep their members in the order written. QJsonObject sorts its
// keys, but order carries meaning in a request: a model held to a JSON schema writes the
// properties in the schema's order, so "subject" must come before "message".
class OrderedJson {
public:
    using Member = std::pair<QString, OrderedJson>;

    // A scalar, or a QJsonObject/QJsonArray whose own order does not matter.
    OrderedJson(QJsonValue value = QJsonValue(QJsonValue::Null));
    OrderedJson(const QString &text);
    OrderedJson(bool value);
    OrderedJson(int value);
    OrderedJson(double value);

    static OrderedJson object(std::initializer_list<Member> members = {});
    static OrderedJson array(std::initializer_list<OrderedJson> items = {});

    // Appends a member to an object (a key given twice is written twice: callers don't).
    OrderedJson &insert(const QString &key, OrderedJson value);

    // Compact UTF-8 JSON, members in insertion order.
    QByteArray toJson() const;

private:
    enum class Kind { Value, Object, Array };
    void write(QByteArray &out) const;

    Kind m_kind = Kind::Value;
    QJsonValue m_value;
    std::vector<Member> m_members;
    std::vector<OrderedJson> m_items;
};
