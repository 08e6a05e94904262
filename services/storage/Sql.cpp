// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/Sql.h"

using namespace Qt::StringLiterals;

OutreachError Sql::error(const QString &what, const QSqlError &error) {
    return OutreachError(OutreachError::Code::Storage, what + u": "_s + error.text().trimmed());
}

Result<void> Sql::execute(QSqlDatabase db, const QString &sql, const QString &what) {
    QSqlQuery query(db);
    if (!query.exec(sql))
        return error(what, query.lastError());
    return {};
}

Result<QVariant> Sql::scalar(QSqlDatabase db, const QString &sql, const QString &what) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return error(what, query.lastError());
    if (!query.next()) {
        if (query.lastError().isValid())
            return error(what, query.lastError());
        return QVariant();
    }
    return query.value(0);
}

Result<QSqlQuery> Sql::prepare(QSqlDatabase db, const QString &sql, const QString &what) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return error(what, query.lastError());
    return query;
}

const QString &Sql::text(const QString &text) {
    static const QString empty = u""_s;
    return text.isNull() ? empty : text;
}

QByteArray Sql::bytes(QByteArray bytes) {
    if (bytes.isNull())
        return QByteArrayLiteral("");
    return bytes;
}

QVariant Sql::textOrNull(const QString &text) {
    return text.isNull() ? QVariant() : QVariant(text);
}
