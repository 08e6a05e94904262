// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachError.h"
#include "domain/Result.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

// QSqlQuery calls that report failure as a STORAGE error naming what was being attempted, and the
// value conversions every store binds with.
class Sql {
public:
    // "<what>: <SQLite's message>".
    static OutreachError error(const QString &what, const QSqlError &error);

    // Runs one statement that needs no binding.
    static Result<void> execute(QSqlDatabase db, const QString &sql, const QString &what);
    // The first column of the first row; a null QVariant when there is no row.
    static Result<QVariant> scalar(QSqlDatabase db, const QString &sql, const QString &what);
    // A forward-only prepared statement.
    static Result<QSqlQuery> prepare(QSqlDatabase db, const QString &sql, const QString &what);

    // Qt binds a null QString or QByteArray as SQL NULL, which a NOT NULL column refuses: these
    // give "" instead.
    static const QString &text(const QString &text);
    static QByteArray bytes(QByteArray bytes);
    // NULL for a null string, for the columns where "not given" and "empty" differ.
    static QVariant textOrNull(const QString &text);
};
