// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

// Holds a read transaction open for its lifetime, so that several queries see one snapshot of the
// database even while another connection writes.
class ReadSnapshot {
public:
    explicit ReadSnapshot(QSqlDatabase db);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot &) = delete;
    ReadSnapshot &operator=(const ReadSnapshot &) = delete;

    bool ok() const { return m_open; }
    // Why the snapshot could not be taken, when !ok().
    QSqlError error() const { return m_error; }

private:
    QSqlQuery m_query;
    QSqlError m_error;
    bool m_open = false;
};
