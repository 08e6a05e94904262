// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

// Binds one row's values to a prepared statement in column order, then runs it; used with
// UpsertStatement::placeholders(). Inline: it runs for every column of every row of a bulk upsert.
//
// It binds by placeholder name although the order is positional: Qt 6.4 formats a fresh ":N"
// string with QString::arg for every positional bind (QSqlResult::fieldSerial), measured at a
// fifth of a ticket upsert; a name is one hash lookup.
class RowBinder {
public:
    // Both must outlive the binder.
    RowBinder(QSqlQuery &query, const QStringList &placeholders)
        : m_query(query)
        , m_placeholders(placeholders) {}

    RowBinder &operator<<(const QVariant &value) {
        Q_ASSERT(m_next < m_placeholders.size());
        m_query.bindValue(m_placeholders.at(m_next++), value);
        return *this;
    }

    // Runs the statement with the row bound so far, which must be a whole row, and starts the
    // next one. On failure the query's lastError() says why.
    bool exec() {
        Q_ASSERT(m_next == m_placeholders.size());
        m_next = 0;
        return m_query.exec();
    }

private:
    QSqlQuery &m_query;
    const QStringList &m_placeholders;
    qsizetype m_next = 0;
};
