// SPDX-License-Identifier: GPL-3.0-or-later
#include "HubSpotStore.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cstdio>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

struct PropertySpec {
    const char *name;
    const char *type;
    const char *options; // comma-separated enumeration values, or nullptr
};

// The properties the fake knows per object type: HubSpot's defaults the connector reads or
// writes, a realistic subset of the hundreds a portal has.
const QHash<QString, QList<PropertySpec>> &propertySpecs() {
    static const QHash<QString, QList<PropertySpec>> specs = [] {
        const QList<PropertySpec> engagement{{"hs_timestamp", "datetime", nullptr},
                                             {"hubspot_owner_id", "enumeration", nullptr},
                                             {"hs_createdate", "datetime", nullptr},
                                             {"hs_lastmodifieddate", "datetime", nullptr},
                                             {"hs_attachment_ids", "enumeration", nullptr}};
        QHash<QString, QList<PropertySpec>> all;
        all.insert(u"tickets"_s, {{"subject", "string", nullptr},
                                  {"content", "string", nullptr},
                                  {"hs_pipeline", "enumeration", nullptr},
                                  {"hs_pipeline_stage", "enumeration", nullptr},
                                  {"hs_ticket_priority", "enumeration", "LOW,MEDIUM,HIGH,URGENT"},
                                  {"hs_ticket_category", "enumeration", nullptr},
                                  {"hubspot_owner_id", "enumeration", nullptr},
                                  {"createdate", "datetime", nullptr},
                                  {"hs_lastmodifieddate", "datetime", nullptr},
                                  {"closed_date", "datetime", nullptr}});
        all.insert(u"contacts"_s, {{"firstname", "string", nullptr},
                                   {"lastname", "string", nullptr},
                                   {"email", "string", nullptr},
                                   {"jobtitle", "string", nullptr},
                                   {"company", "string", nullptr},
                                   {"phone", "string", nullptr},
                                   {"hs_timezone", "enumeration", nullptr},
                                   {"hs_language", "enumeration", nullptr},
                                   {"hs_email_optout", "bool", "true,false"},
                                   {"hubspot_owner_id", "enumeration", nullptr},
                                   {"createdate", "datetime", nullptr},
                                   {"lastmodifieddate", "datetime", nullptr}});
        all.insert(u"companies"_s, {{"name", "string", nullptr},
                                    {"domain", "string", nullptr},
                                    {"createdate", "datetime", nullptr},
                                    {"hs_lastmodifieddate", "datetime", nullptr}});
        all.insert(u"deals"_s, {{"dealname", "string", nullptr},
                                {"description", "string", nullptr},
                                {"dealstage", "enumeration", nullptr},
                                {"pipeline", "enumeration", nullptr},
                                {"amount", "number", nullptr},
                                {"deal_currency_code", "enumeration", nullptr},
                                {"closedate", "datetime", nullptr},
                                {"hubspot_owner_id", "enumeration", nullptr},
                                {"createdate", "datetime", nullptr},
                                {"hs_lastmodifieddate", "datetime", nullptr}});
        all.insert(u"line_items"_s, {{"name", "string", nullptr},
                                     {"quantity", "number", nullptr},
                                     {"price", "number", nullptr},
                                     {"amount", "number", nullptr},
                                     {"createdate", "datetime", nullptr},
                                     {"hs_lastmodifieddate", "datetime", nullptr}});
        all.insert(u"emails"_s, engagement
                                    + QList<PropertySpec>{{"hs_email_direction", "enumeration",
                                                           "EMAIL,INCOMING_EMAIL,FORWARDED_EMAIL"},
                                                          {"hs_email_subject", "string", nullptr},
                                                          {"hs_email_text", "string", nullptr},
                                                          {"hs_email_html", "string", nullptr},
                                                          {"hs_email_status", "enumeration",
                                                           "BOUNCED,FAILED,SCHEDULED,SENDING,SENT"},
                                                          {"hs_email_headers", "string", nullptr}});
        all.insert(u"notes"_s,
                   engagement + QList<PropertySpec>{{"hs_note_body", "string", nullptr}});
        all.insert(u"calls"_s, engagement
                                   + QList<PropertySpec>{
                                       {"hs_call_title", "string", nullptr},
                                       {"hs_call_body", "string", nullptr},
                                       {"hs_call_direction", "enumeration", "INBOUND,OUTBOUND"},
                                       {"hs_call_duration", "number", nullptr},
                                       {"hs_call_status", "enumeration", nullptr}});
        all.insert(u"meetings"_s,
                   engagement
                       + QList<PropertySpec>{{"hs_meeting_title", "string", nullptr},
                                             {"hs_meeting_body", "string", nullptr},
                                             {"hs_meeting_start_time", "datetime", nullptr},
                                             {"hs_meeting_end_time", "datetime", nullptr},
                                             {"hs_meeting_outcome", "enumeration", nullptr}});
        for (auto it = all.begin(); it != all.end(); ++it)
            it->append({"hs_object_id", "number", nullptr});
        return all;
    }();
    return specs;
}

QString fieldTypeFor(const QString &type) {
    if (type == u"number")
        return u"number"_s;
    if (type == u"datetime")
        return u"date"_s;
    if (type == u"enumeration")
        return u"select"_s;
    if (type == u"bool")
        return u"booleancheckbox"_s;
    return u"text"_s;
}

struct TypeIdSpec {
    const char *from;
    const char *to;
    int id;
};

// HubSpot-defined unlabeled (default) association types, from the docs' "Association type ID
// values" tables; each pair is listed in both directions.
const QList<TypeIdSpec> &typeIdSpecs() {
    static const QList<TypeIdSpec> specs{
        {"contacts", "companies", 279}, {"companies", "contacts", 280},
        {"deals", "contacts", 3},       {"contacts", "deals", 4},
        {"deals", "companies", 341},    {"companies", "deals", 342},
        {"tickets", "contacts", 16},    {"contacts", "tickets", 15},
        {"tickets", "companies", 339},  {"companies", "tickets", 340},
        {"tickets", "deals", 28},       {"deals", "tickets", 27},
        {"deals", "line_items", 19},    {"line_items", "deals", 20},
        {"emails", "contacts", 198},    {"contacts", "emails", 197},
        {"emails", "companies", 186},   {"companies", "emails", 185},
        {"emails", "deals", 210},       {"deals", "emails", 209},
        {"emails", "tickets", 224},     {"tickets", "emails", 223},
        {"notes", "contacts", 202},     {"contacts", "notes", 201},
        {"notes", "companies", 190},    {"companies", "notes", 189},
        {"notes", "deals", 214},        {"deals", "notes", 213},
        {"notes", "tickets", 228},      {"tickets", "notes", 227},
        {"calls", "contacts", 194},     {"contacts", "calls", 193},
        {"calls", "companies", 182},    {"companies", "calls", 181},
        {"calls", "deals", 206},        {"deals", "calls", 205},
        {"calls", "tickets", 220},      {"tickets", "calls", 219},
        {"meetings", "contacts", 200},  {"contacts", "meetings", 199},
        {"meetings", "companies", 188}, {"companies", "meetings", 187},
        {"meetings", "deals", 212},     {"deals", "meetings", 211},
        {"meetings", "tickets", 226},   {"tickets", "meetings", 225},
    };
    return specs;
}

// A property value compared as a number: plain numbers, epoch milliseconds and ISO dates.
std::optional<double> numericValue(const QString &text) {
    bool ok = false;
    const double number = text.toDouble(&ok);
    if (ok)
        return number;
    if (const auto time = HubSpotStore::parseTime(text))
        return double(*time);
    return std::nullopt;
}

// -1, 0, 1; numerically when both sides are numbers or times, else as case-insensitive text
// (HubSpot compares string properties without regard to case).
int compareValues(const QString &left, const QString &right) {
    const auto a = numericValue(left);
    const auto b = numericValue(right);
    if (a && b)
        return *a < *b ? -1 : (*a > *b ? 1 : 0);
    const int c = QString::compare(left, right, Qt::CaseInsensitive);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool matches(const QHash<QString, QString> &properties, const HubSpotStore::Filter &filter) {
    const auto it = properties.constFind(filter.propertyName);
    const bool has = it != properties.constEnd() && !it->isEmpty();
    const QString value = has ? *it : QString();
    const QString &op = filter.op;
    if (op == u"HAS_PROPERTY")
        return has;
    if (op == u"NOT_HAS_PROPERTY")
        return !has;
    if (op == u"NEQ")
        return !has || compareValues(value, filter.value) != 0;
    if (op == u"NOT_IN") {
        return std::none_of(filter.values.begin(), filter.values.end(),
                            [&](const QString &v) { return has && compareValues(value, v) == 0; });
    }
    if (!has)
        return false;
    if (op == u"EQ")
        return compareValues(value, filter.value) == 0;
    if (op == u"LT")
        return compareValues(value, filter.value) < 0;
    if (op == u"LTE")
        return compareValues(value, filter.value) <= 0;
    if (op == u"GT")
        return compareValues(value, filter.value) > 0;
    if (op == u"GTE")
        return compareValues(value, filter.value) >= 0;
    if (op == u"BETWEEN")
        return compareValues(value, filter.value) >= 0
               && compareValues(value, filter.highValue) <= 0;
    if (op == u"IN") {
        return std::any_of(filter.values.begin(), filter.values.end(),
                           [&](const QString &v) { return compareValues(value, v) == 0; });
    }
    if (op == u"CONTAINS_TOKEN")
        return value.contains(QString(filter.value).remove(u'*'), Qt::CaseInsensitive);
    if (op == u"NOT_CONTAINS_TOKEN")
        return !value.contains(QString(filter.value).remove(u'*'), Qt::CaseInsensitive);
    return false;
}

QString key(const QString &type, const QString &id) {
    return type + u':' + id;
}

} // namespace

HubSpotStore::HubSpotStore()
    : m_clock([] { return qint64(0); }) {
    clear();
}

void HubSpotStore::setClock(std::function<qint64()> clock) {
    m_clock = std::move(clock);
}

void HubSpotStore::setSearchIndexLagMs(qint64 ms) {
    m_indexLagMs = qMax<qint64>(0, ms);
}

qint64 HubSpotStore::now() const {
    return m_clock();
}

const QStringList &HubSpotStore::objectTypes() {
    static const QStringList types{u"tickets"_s, u"contacts"_s,   u"companies"_s,
                                   u"deals"_s,   u"line_items"_s, u"emails"_s,
                                   u"notes"_s,   u"calls"_s,      u"meetings"_s};
    return types;
}

bool HubSpotStore::isObjectType(const QString &type) {
    return objectTypes().contains(type);
}

QStringList HubSpotStore::defaultProperties(const QString &type) {
    // The docs' "properties returned by default" of each search endpoint.
    if (type == u"tickets") {
        return {u"content"_s,
                u"createdate"_s,
                u"hs_lastmodifieddate"_s,
                u"hs_object_id"_s,
                u"hs_pipeline"_s,
                u"hs_pipeline_stage"_s,
                u"hs_ticket_category"_s,
                u"hs_ticket_priority"_s,
                u"subject"_s};
    }
    if (type == u"contacts") {
        return {u"createdate"_s,       u"email"_s,   u"firstname"_s, u"hs_object_id"_s,
                u"lastmodifieddate"_s, u"lastname"_s};
    }
    if (type == u"deals") {
        return {u"amount"_s,    u"closedate"_s,           u"createdate"_s,   u"dealname"_s,
                u"dealstage"_s, u"hs_lastmodifieddate"_s, u"hs_object_id"_s, u"pipeline"_s};
    }
    if (type == u"companies") {
        return {u"createdate"_s, u"domain"_s, u"hs_lastmodifieddate"_s, u"hs_object_id"_s,
                u"name"_s};
    }
    if (type == u"line_items") {
        return {u"createdate"_s, u"hs_lastmodifieddate"_s, u"hs_object_id"_s, u"name"_s, u"price"_s,
                u"quantity"_s};
    }
    return {u"hs_createdate"_s, u"hs_lastmodifieddate"_s, u"hs_object_id"_s};
}

QString HubSpotStore::modifiedProperty(const QString &type) {
    return type == u"contacts" ? u"lastmodifieddate"_s : u"hs_lastmodifieddate"_s;
}

QString HubSpotStore::createdProperty(const QString &type) {
    static const QStringList engagements{u"emails"_s, u"notes"_s, u"calls"_s, u"meetings"_s};
    return engagements.contains(type) ? u"hs_createdate"_s : u"createdate"_s;
}

QString HubSpotStore::isoTime(qint64 ms) {
    // By hand: QDateTime's formatting dominated building a 20,000-ticket workspace.
    const qint64 dayMs = 86'400'000;
    const qint64 days = ms >= 0 ? ms / dayMs : -((-ms + dayMs - 1) / dayMs);
    const qint64 rest = ms - days * dayMs;
    const QDate date = QDate(1970, 1, 1).addDays(days);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", date.year(),
                  date.month(), date.day(), int(rest / 3'600'000), int(rest / 60'000 % 60),
                  int(rest / 1000 % 60), int(rest % 1000));
    return QString::fromLatin1(text);
}

std::optional<qint64> HubSpotStore::parseTime(const QString &text) {
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 ms = text.toLongLong(&ok);
    if (ok)
        return ms;
    // The form the store writes ("2026-11-02T08:00:00.000Z") by hand: search compares every
    // object's datetimes, and QDateTime's parser is slow.
    if (text.size() == 24 && text[4] == u'-' && text[10] == u'T' && text[19] == u'.'
        && text[23] == u'Z') {
        const auto field = [&](int from, int length) {
            int value = 0;
            for (int i = from; i < from + length; ++i) {
                const char16_t c = text[i].unicode();
                if (c < u'0' || c > u'9')
                    return -1;
                value = value * 10 + (c - u'0');
            }
            return value;
        };
        const int year = field(0, 4), month = field(5, 2), day = field(8, 2);
        const int hours = field(11, 2), minutes = field(14, 2), seconds = field(17, 2);
        const int millis = field(20, 3);
        const QDate date(year, month, day);
        if (date.isValid() && hours >= 0 && hours < 24 && minutes >= 0 && minutes < 60
            && seconds >= 0 && seconds < 60 && millis >= 0) {
            return (date.toJulianDay() - QDate(1970, 1, 1).toJulianDay()) * 86'400'000
                   + hours * 3'600'000LL + minutes * 60'000LL + seconds * 1000LL + millis;
        }
    }
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid()) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (!date.isValid())
            return std::nullopt;
        time = date.startOfDay(Qt::UTC);
    }
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC); // HubSpot reads a time without a zone as UTC
    return time.toMSecsSinceEpoch();
}

QString HubSpotStore::nextId() {
    return QString::number(m_nextId++);
}

QString HubSpotStore::addObject(const QString &type, const QHash<QString, QString> &properties,
                                const QString &id, bool searchableNow) {
    Object object;
    object.type = type;
    object.id = id.isEmpty() ? nextId() : id;
    object.properties = properties;
    const qint64 wallNow = QDateTime::currentMSecsSinceEpoch();
    const QString created = createdProperty(type);
    const QString modified = modifiedProperty(type);
    object.createdAt = parseTime(properties.value(created)).value_or(wallNow);
    object.updatedAt = parseTime(properties.value(modified)).value_or(object.createdAt);
    object.properties.insert(created, isoTime(object.createdAt));
    object.properties.insert(modified, isoTime(object.updatedAt));
    object.properties.insert(u"hs_object_id"_s, object.id);
    object.searchableAt = searchableNow ? std::numeric_limits<qint64>::min() : now() + m_indexLagMs;
    const qint64 numericId = object.id.toLongLong();
    if (numericId >= m_nextId)
        m_nextId = numericId + 1;
    m_objects[type].insert_or_assign(numericId, std::move(object));
    return QString::number(numericId);
}

const HubSpotStore::Object *HubSpotStore::object(const QString &type, const QString &id) const {
    const auto byType = m_objects.constFind(type);
    if (byType == m_objects.constEnd())
        return nullptr;
    bool ok = false;
    const qint64 numericId = id.toLongLong(&ok);
    if (!ok)
        return nullptr;
    const auto it = byType->find(numericId);
    return it == byType->end() ? nullptr : &it->second;
}

HubSpotStore::Object *HubSpotStore::mutableObject(const QString &type, const QString &id) {
    return const_cast<Object *>(std::as_const(*this).object(type, id));
}

void HubSpotStore::updateObject(const QString &type, const QString &id,
                                const QHash<QString, QString> &properties) {
    Object *target = mutableObject(type, id);
    if (!target)
        return;
    // Until the index catches up, search goes on seeing the values it last indexed.
    if (target->searchableAt <= now()) {
        target->staleProperties = target->properties;
        target->staleUpdatedAt = target->updatedAt;
    }
    for (auto it = properties.begin(); it != properties.end(); ++it)
        target->properties.insert(it.key(), it.value());
    target->updatedAt = qMax(target->updatedAt + 1, QDateTime::currentMSecsSinceEpoch());
    target->properties.insert(modifiedProperty(type), isoTime(target->updatedAt));
    target->searchableAt = now() + m_indexLagMs;
}

QList<const HubSpotStore::Object *> HubSpotStore::objects(const QString &type) const {
    QList<const Object *> list;
    const auto byType = m_objects.constFind(type);
    if (byType == m_objects.constEnd())
        return list;
    list.reserve(qsizetype(byType->size()));
    for (const auto &[id, object] : *byType)
        list.append(&object);
    return list;
}

QList<const HubSpotStore::Object *> HubSpotStore::findByProperty(const QString &type,
                                                                 const QString &property,
                                                                 const QString &value) const {
    QList<const Object *> found;
    for (const Object *object : objects(type)) {
        if (object->properties.value(property) == value)
            found.append(object);
    }
    return found;
}

int HubSpotStore::objectCount(const QString &type) const {
    return int(m_objects.value(type).size());
}

const HubSpotStore::Property *HubSpotStore::property(const QString &type,
                                                     const QString &name) const {
    const auto it = m_properties.constFind(type);
    if (it == m_properties.constEnd())
        return nullptr;
    for (const Property &candidate : *it) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}

QList<HubSpotStore::Property> HubSpotStore::properties(const QString &type) const {
    return m_properties.value(type);
}

bool HubSpotStore::addProperty(const QString &type, const Property &property) {
    if (this->property(type, property.name))
        return false;
    Property stored = property;
    if (stored.createdAt == 0)
        stored.createdAt = QDateTime::currentMSecsSinceEpoch();
    m_properties[type].append(stored);
    return true;
}

bool HubSpotStore::removeProperty(const QString &type, const QString &name) {
    QList<Property> &properties = m_properties[type];
    return properties.removeIf([&name](const Property &p) { return p.name == name; }) > 0;
}

int HubSpotStore::defaultTypeId(const QString &fromType, const QString &toType) {
    for (const TypeIdSpec &spec : typeIdSpecs()) {
        if (fromType == QLatin1StringView(spec.from) && toType == QLatin1StringView(spec.to))
            return spec.id;
    }
    return 0;
}

std::optional<std::pair<QString, QString>> HubSpotStore::typeIdEnds(int typeId) {
    for (const TypeIdSpec &spec : typeIdSpecs()) {
        if (spec.id == typeId)
            return std::pair{QString::fromLatin1(spec.from), QString::fromLatin1(spec.to)};
    }
    return std::nullopt;
}

void HubSpotStore::associate(const QString &fromType, const QString &fromId, const QString &toType,
                             const QString &toId, int typeId) {
    const auto add = [this](const QString &from, const QString &fromKey, const QString &to,
                            const QString &toKey, int id) {
        QList<Association> &list = m_associations[key(from, fromKey)];
        for (const Association &existing : list) {
            if (existing.toType == to && existing.toId == toKey && existing.typeId == id)
                return;
        }
        list.append({to, toKey, id});
    };
    add(fromType, fromId, toType, toId, typeId ? typeId : defaultTypeId(fromType, toType));
    add(toType, toId, fromType, fromId, defaultTypeId(toType, fromType));
}

QList<HubSpotStore::Association> HubSpotStore::associations(const QString &fromType,
                                                            const QString &fromId,
                                                            const QString &toType) const {
    QList<Association> found;
    for (const Association &association : m_associations.value(key(fromType, fromId))) {
        if (association.toType == toType)
            found.append(association);
    }
    return found;
}

void HubSpotStore::addOwner(const Owner &owner) {
    m_owners.append(owner);
}

void HubSpotStore::addPipeline(const Pipeline &pipeline) {
    m_pipelines.append(pipeline);
}

QList<HubSpotStore::Pipeline> HubSpotStore::pipelines(const QString &objectType) const {
    QList<Pipeline> found;
    for (const Pipeline &pipeline : m_pipelines) {
        if (pipeline.objectType == objectType)
            found.append(pipeline);
    }
    return found;
}

const QStringList &HubSpotStore::filterOperators() {
    static const QStringList operators{u"EQ"_s,
                                       u"NEQ"_s,
                                       u"LT"_s,
                                       u"LTE"_s,
                                       u"GT"_s,
                                       u"GTE"_s,
                                       u"BETWEEN"_s,
                                       u"IN"_s,
                                       u"NOT_IN"_s,
                                       u"HAS_PROPERTY"_s,
                                       u"NOT_HAS_PROPERTY"_s,
                                       u"CONTAINS_TOKEN"_s,
                                       u"NOT_CONTAINS_TOKEN"_s};
    return operators;
}

HubSpotStore::SearchResult HubSpotStore::search(const QString &type,
                                                const SearchQuery &query) const {
    struct Hit {
        const Object *object;
        const QHash<QString, QString> *properties; // the indexed ones
        std::optional<double> number;
        QString text;
        bool present;
        qint64 id;
    };
    QList<Hit> hits;
    const qint64 at = now();
    const auto byType = m_objects.constFind(type);
    if (byType != m_objects.constEnd()) {
        for (const auto &[id, object] : *byType) {
            const bool current = object.searchableAt <= at;
            if (object.archived || (!current && !object.staleProperties))
                continue;
            const QHash<QString, QString> &properties =
                current ? object.properties : *object.staleProperties;
            const auto holds = [&](const Filter &f) {
                if (!f.propertyName.startsWith(u"associations."))
                    return matches(properties, f);
                // Search by association: "associations.ticket" EQ an id of that type.
                const QString singular = f.propertyName.mid(13);
                const QString toType = singular == u"company" ? u"companies"_s : singular + u's';
                const QList<Association> linked = associations(type, object.id, toType);
                const bool any = std::any_of(linked.begin(), linked.end(), [&](const auto &a) {
                    return a.toId == f.value || f.values.contains(a.toId);
                });
                return f.op == u"NEQ" || f.op == u"NOT_IN" ? !any : any;
            };
            if (!query.filterGroups.isEmpty()) {
                const bool any = std::any_of(
                    query.filterGroups.begin(), query.filterGroups.end(), [&](const auto &group) {
                        return std::all_of(group.begin(), group.end(), holds);
                    });
                if (!any)
                    continue;
            }
            if (!query.text.isEmpty()) {
                const bool found =
                    std::any_of(properties.begin(), properties.end(), [&](const QString &v) {
                        return v.contains(query.text, Qt::CaseInsensitive);
                    });
                if (!found)
                    continue;
            }
            Hit hit{&object, &properties, std::nullopt, {}, false, id};
            if (!query.sortProperty.isEmpty()) {
                hit.text = properties.value(query.sortProperty);
                hit.present = !hit.text.isEmpty();
                hit.number = numericValue(hit.text);
            }
            hits.append(hit);
        }
    }

    if (!query.sortProperty.isEmpty()) {
        // Ties come back by descending id: HubSpot makes no promise about their order, and a
        // client that pages by "the last value seen" must not assume ascending ids.
        const bool descending = query.descending;
        std::sort(hits.begin(), hits.end(), [descending](const Hit &a, const Hit &b) {
            int c = 0;
            if (a.present != b.present)
                c = a.present ? 1 : -1; // objects without the value sort first ascending
            else if (a.number && b.number)
                c = *a.number < *b.number ? -1 : (*a.number > *b.number ? 1 : 0);
            else
                c = QString::compare(a.text, b.text, Qt::CaseInsensitive);
            if (c != 0)
                return descending ? c > 0 : c < 0;
            return a.id > b.id;
        });
    }

    SearchResult result;
    result.total = int(hits.size());
    const int end = qMin<int>(int(hits.size()), query.offset + query.limit);
    for (int i = query.offset; i < end; ++i) {
        Object seen = *hits[i].object;
        if (hits[i].properties != &hits[i].object->properties) {
            seen.properties = *hits[i].properties;
            seen.updatedAt = seen.staleUpdatedAt;
        }
        result.page.append(seen);
    }
    if (end < hits.size())
        result.nextOffset = end;
    return result;
}

void HubSpotStore::clear() {
    m_objects.clear();
    m_associations.clear();
    m_owners.clear();
    m_pipelines.clear();
    m_properties.clear();
    m_nextId = 100000;
    const auto &specs = propertySpecs();
    for (auto it = specs.begin(); it != specs.end(); ++it) {
        for (const PropertySpec &spec : it.value()) {
            Property property;
            property.name = QString::fromLatin1(spec.name);
            property.label = property.name;
            property.type = QString::fromLatin1(spec.type);
            property.fieldType = fieldTypeFor(property.type);
            property.groupName = it.key().chopped(1) + u"information"_s;
            if (spec.options)
                property.options = QString::fromLatin1(spec.options).split(u',');
            property.createdAt = 1'577'836'800'000; // 2020-01-01
            m_properties[it.key()].append(property);
        }
    }
}
