// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/UpsertStatement.h"

using namespace Qt::StringLiterals;

// A conflict updates the row in place (INSERT OR REPLACE would delete it, firing ON DELETE CASCADE
// and changing rowid), and only when a value differs: re-syncing overlapping pages, or loading the
// demo again, then costs a comparison instead of rewriting every page.
UpsertStatement::UpsertStatement(const char *table, std::initializer_list<const char *> columns,
                                 const char *key) {
    m_table = QString::fromLatin1(table);
    const QString &tableName = m_table;
    const QStringList keyColumns = QString::fromLatin1(key).split(u", "_s);
    QStringList names;
    QStringList updates;
    QStringList current;
    QStringList incoming;
    for (const char *column : columns) {
        const QString name = QString::fromLatin1(column);
        names.append(name);
        m_placeholders.append(u':' + name);
        if (keyColumns.contains(name))
            continue;
        updates.append(u"%1 = excluded.%1"_s.arg(name));
        current.append(tableName + u'.' + name);
        incoming.append(u"excluded."_s + name);
    }
    m_sql = u"INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT(%4) DO "_s.arg(
        tableName, names.join(u", "_s), m_placeholders.join(u", "_s), QString::fromLatin1(key));
    if (updates.isEmpty()) {
        m_sql += u"NOTHING"_s;
    } else {
        m_sql += u"UPDATE SET %1 WHERE (%2) IS NOT (%3)"_s.arg(
            updates.join(u", "_s), current.join(u", "_s), incoming.join(u", "_s));
    }
}
