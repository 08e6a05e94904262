// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <initializer_list>

// The upsert of one row built from its column list, so the statement and the order its values are
// bound in (RowBinder) cannot drift apart.
class UpsertStatement {
public:
    // `key` is the conflict target, comma-separated ("prospect_id, position").
    UpsertStatement(const char *table, std::initializer_list<const char *> columns,
                    const char *key = "id");

    // "INSERT INTO <table> (<columns>) VALUES (:<columns>) ON CONFLICT(<key>) DO UPDATE SET ...".
    const QString &sql() const { return m_sql; }
    // ":<column>" for every column, in order.
    const QStringList &placeholders() const { return m_placeholders; }
    const QString &table() const { return m_table; }

private:
    QString m_table;
    QString m_sql;
    QStringList m_placeholders;
};
