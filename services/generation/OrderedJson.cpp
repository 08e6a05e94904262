// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/OrderedJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// Qt writes scalars only inside a document: an array of one, with its brackets cut off.
QByteArray scalarJson(const QJsonValue &value) {
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

OrderedJson::OrderedJson(QJsonValue value)
    : m_value(std::move(value)) {}
OrderedJson::OrderedJson(const QString &text)
    : m_value(text) {}
OrderedJson::OrderedJson(bool value)
    : m_value(value) {}
OrderedJson::OrderedJson(int value)
    : m_value(value) {}
OrderedJson::OrderedJson(double value)
    : m_value(value) {}

OrderedJson OrderedJson::object(std::initializer_list<Member> members) {
    OrderedJson json;
    json.m_kind = Kind::Object;
    json.m_members.assign(members.begin(), members.end());
    return json;
}

OrderedJson OrderedJson::array(std::initializer_list<OrderedJson> items) {
    OrderedJson json;
    json.m_kind = Kind::Array;
    json.m_items.assign(items.begin(), items.end());
    return json;
}

OrderedJson &OrderedJson::insert(const QString &key, OrderedJson value) {
    Q_ASSERT(m_kind == Kind::Object);
    m_members.emplace_back(key, std::move(value));
    return *this;
}

QByteArray OrderedJson::toJson() const {
    QByteArray out;
    write(out);
    return out;
}

void OrderedJson::write(QByteArray &out) const {
    switch (m_kind) {
    case Kind::Value:
        if (m_value.isObject())
            out += QJsonDocument(m_value.toObject()).toJson(QJsonDocument::Compact);
        else if (m_value.isArray())
            out += QJsonDocument(m_value.toArray()).toJson(QJsonDocument::Compact);
        else
            out += scalarJson(m_value);
        return;
    case Kind::Object: {
        out += '{';
        bool first = true;
        for (const Member &member : m_members) {
            if (!std::exchange(first, false))
                out += ',';
            out += scalarJson(member.first);
            out += ':';
            member.second.write(out);
        }
        out += '}';
        return;
    }
    case Kind::Array: {
        out += '[';
        bool first = true;
        for (const OrderedJson &item : m_items) {
            if (!std::exchange(first, false))
                out += ',';
            item.write(out);
        }
        out += ']';
        return;
    }
    }
}
