// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/ReadSnapshot.h"

using namespace Qt::StringLiterals;

// A savepoint rather than BEGIN, so it also works inside a transaction the caller already opened.
ReadSnapshot::ReadSnapshot(QSqlDatabase db)
    : m_query(db) {
    m_open = m_query.exec(u"SAVEPOINT outreach_read"_s);
    if (!m_open)
        m_error = m_query.lastError();
}

ReadSnapshot::~ReadSnapshot() {
    if (m_open)
        m_query.exec(u"RELEASE outreach_read"_s);
}
