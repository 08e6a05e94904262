// SPDX-License-Identifier: GPL-3.0-or-later
// OrderedJson: members in the order written, values escaped as Qt escapes them.
#include "generation/OrderedJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

class TestOrderedJson : public QObject {
    Q_OBJECT

private slots:
    void membersKeepTheirOrder() {
        OrderedJson json = OrderedJson::object({{u"z"_s, 1}, {u"a"_s, u"text"_s}});
        json.insert(u"m"_s, OrderedJson::array({true, 2.5, QJsonValue(QJsonValue::Null)}));
        QCOMPARE(json.toJson(), R"({"z":1,"a":"text","m":[true,2.5,null]})"_ba);
    }

    void textIsEscaped() {
        const QString hostile = u"quote \" backslash \\ newline \n tab \t é \u2028 </x>"_s;
        const QByteArray json = OrderedJson::object({{u"k\"ey"_s, hostile}}).toJson();
        const QJsonObject parsed = QJsonDocument::fromJson(json).object();
        QCOMPARE(parsed.value(u"k\"ey"_s).toString(), hostile);
    }

    void qtValuesAreWrittenWhole() {
        const QJsonObject inner{{u"b"_s, 1}, {u"a"_s, 2}};
        const QByteArray json = OrderedJson::object({{u"inner"_s, QJsonValue(inner)},
                                                     {u"list"_s, QJsonValue(QJsonArray{1, 2})}})
                                    .toJson();
        QCOMPARE(json, R"({"inner":{"a":2,"b":1},"list":[1,2]})"_ba);
        QCOMPARE(OrderedJson::object().toJson(), "{}"_ba);
        QCOMPARE(OrderedJson::array().toJson(), "[]"_ba);
    }
};

QTEST_GUILESS_MAIN(TestOrderedJson)
#include "tst_orderedjson.moc"
