// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Test helper: edits a JSON payload at a field path as the parsers name it ("assignee.name",
// "past_outcomes[1].sent_at", "products[2]").

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace JsonPath {

namespace detail {

inline QJsonValue replaced(const QJsonValue &node, QStringView path, const QJsonValue &value) {
    if (path.startsWith(u'[')) {
        const qsizetype close = path.indexOf(u']');
        const int index = path.mid(1, close - 1).toInt();
        QStringView rest = path.mid(close + 1);
        if (rest.startsWith(u'.'))
            rest = rest.mid(1);
        QJsonArray array = node.toArray();
        if (rest.isEmpty()) {
            if (value.isUndefined())
                array.removeAt(index);
            else
                array.replace(index, value);
        } else {
            array.replace(index, replaced(array.at(index), rest, value));
        }
        return array;
    }
    qsizetype end = 0;
    while (end < path.size() && path[end] != u'.' && path[end] != u'[')
        ++end;
    const QString key = path.left(end).toString();
    QStringView rest = path.mid(end);
    if (rest.startsWith(u'.'))
        rest = rest.mid(1);
    QJsonObject object = node.toObject();
    if (rest.isEmpty()) {
        if (value.isUndefined())
            object.remove(key);
        else
            object.insert(key, value);
    } else {
        object.insert(key, replaced(object.value(key), rest, value));
    }
    return object;
}

} // namespace detail

// Sets the field at `path` to `value`; QJsonValue::Undefined removes it.
inline void set(QJsonObject &json, const QString &path, const QJsonValue &value) {
    json = detail::replaced(json, path, value).toObject();
}

inline void remove(QJsonObject &json, const QString &path) {
    set(json, path, QJsonValue(QJsonValue::Undefined));
}

} // namespace JsonPath
