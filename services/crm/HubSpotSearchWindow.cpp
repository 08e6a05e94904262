// SPDX-License-Identifier: GPL-3.0-or-later
#include "crm/HubSpotSearchWindow.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

constexpr auto ModifiedProperty = "hs_lastmodifieddate";

QJsonObject filter(const QString &property, const QString &op, const QString &value) {
    return QJsonObject{{u"propertyName"_s, property}, {u"operator"_s, op}, {u"value"_s, value}};
}

} // namespace

HubSpotSearchWindow HubSpotSearchWindow::startingAt(const QDateTime &since) {
    HubSpotSearchWindow window;
    window.m_fromMs = since.isValid() ? since.toMSecsSinceEpoch() : -1;
    return window;
}

QString HubSpotSearchWindow::cursor() const {
    // "r:<from>:<inclusive>:<after>" or "t:<ms>:<afterId>:<after>".
    if (m_tie)
        return u"t:%1:%2:%3"_s.arg(m_fromMs).arg(m_afterId).arg(m_after);
    return u"r:%1:%2:%3"_s.arg(m_fromMs).arg(m_inclusive ? 1 : 0).arg(m_after);
}

std::optional<HubSpotSearchWindow> HubSpotSearchWindow::fromCursor(const QString &cursor) {
    const QStringList parts = cursor.split(u':');
    if (parts.size() != 4 || (parts[0] != u"r" && parts[0] != u"t"))
        return std::nullopt;
    bool fromOk = false;
    bool afterOk = false;
    HubSpotSearchWindow window;
    window.m_tie = parts[0] == u"t";
    window.m_fromMs = parts[1].toLongLong(&fromOk);
    window.m_after = parts[3].toInt(&afterOk);
    if (!fromOk || !afterOk || window.m_after < 0)
        return std::nullopt;
    if (window.m_tie) {
        window.m_afterId = parts[2];
    } else {
        if (parts[2] != u"0" && parts[2] != u"1")
            return std::nullopt;
        window.m_inclusive = parts[2] == u"1";
    }
    return window;
}

QJsonObject HubSpotSearchWindow::searchBody(const QStringList &properties, int limit) const {
    const QString modified = QString::fromLatin1(ModifiedProperty);
    QJsonArray filters;
    QString sortBy = modified;
    if (m_tie) {
        filters.append(filter(modified, u"EQ"_s, QString::number(m_fromMs)));
        if (!m_afterId.isEmpty())
            filters.append(filter(u"hs_object_id"_s, u"GT"_s, m_afterId));
        sortBy = u"hs_object_id"_s;
    } else if (m_fromMs >= 0) {
        filters.append(
            filter(modified, m_inclusive ? u"GTE"_s : u"GT"_s, QString::number(m_fromMs)));
    }
    QJsonArray groups;
    if (!filters.isEmpty())
        groups.append(QJsonObject{{u"filters"_s, filters}});
    QJsonObject body{
        {u"filterGroups"_s, groups},
        {u"sorts"_s,
         QJsonArray{QJsonObject{{u"propertyName"_s, sortBy}, {u"direction"_s, u"ASCENDING"_s}}}},
        {u"properties"_s, QJsonArray::fromStringList(properties)},
        {u"limit"_s, std::clamp(limit, 1, MaxPageSize)},
    };
    if (m_after > 0)
        body.insert(u"after"_s, QString::number(m_after));
    return body;
}

std::optional<HubSpotSearchWindow> HubSpotSearchWindow::next(std::optional<int> nextAfter,
                                                             int limit, qint64 lastModifiedMs,
                                                             const QString &lastId) const {
    limit = std::clamp(limit, 1, MaxPageSize);
    if (!nextAfter) {
        if (!m_tie)
            return std::nullopt;
        // The millisecond is read; the walk goes on after it.
        HubSpotSearchWindow range;
        range.m_fromMs = m_fromMs;
        range.m_inclusive = false;
        return range;
    }
    if (*nextAfter + limit <= MaxResults) {
        HubSpotSearchWindow same = *this;
        same.m_after = *nextAfter;
        return same;
    }
    // The query is at HubSpot's cap: a new one from where this page ended.
    HubSpotSearchWindow tie;
    tie.m_tie = true;
    if (m_tie) {
        tie.m_fromMs = m_fromMs;
        tie.m_afterId = lastId; // ordered by id, so everything up to it is read
    } else {
        tie.m_fromMs = lastModifiedMs; // every ticket of that millisecond, read again by id
    }
    return tie;
}
