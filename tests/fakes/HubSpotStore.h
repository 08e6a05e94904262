// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The data behind FakeHubSpotServer: CRM objects with string properties, the property
// definitions of each object type, associations with their type ids, owners and pipelines, and
// the evaluation of CRM search requests (filters, sorts, paging) over them.

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <optional>

class HubSpotStore {
public:
    struct Object {
        QString type; // "tickets", "contacts", … (the plural of the URL)
        QString id;   // numeric, as a string
        QHash<QString, QString> properties;
        qint64 createdAt = 0; // ms since the epoch
        qint64 updatedAt = 0;
        // On the store's clock: before this moment the object is missing from search results
        // (HubSpot's search index lags behind writes), although a GET finds it.
        qint64 searchableAt = 0;
        // What search sees until then after an update: the values before it (a new object has
        // none, so search misses it).
        std::optional<QHash<QString, QString>> staleProperties;
        qint64 staleUpdatedAt = 0;
        bool archived = false;
    };

    struct Association {
        QString toType;
        QString toId;
        int typeId = 0;
    };

    struct Property {
        QString name;
        QString label;
        QString type;      // string, number, datetime, enumeration, bool
        QString fieldType; // text, textarea, number, date, select, booleancheckbox, …
        QString groupName;
        QStringList options; // enumeration values; empty: any value (pipelines, owners)
        bool hubspotDefined = true;
        // "Require unique values": a create or update repeating another object's value of
        // this property is refused with 409.
        bool hasUniqueValue = false;
        qint64 createdAt = 0;
    };

    struct Owner {
        QString id;
        QString email;
        QString firstName;
        QString lastName;
        qint64 userId = 0;
        bool archived = false;
    };

    struct Stage {
        QString id;
        QString label;
        // Tickets: ticketState OPEN/CLOSED. Deals: isClosed and probability (as HubSpot sends
        // them: strings).
        QJsonObject metadata;
    };

    struct Pipeline {
        QString objectType; // "tickets" or "deals"
        QString id;
        QString label;
        QList<Stage> stages;
    };

    // What a search request asked for, already checked for shape by the server.
    struct Filter {
        QString propertyName; // also "associations.contact" (value: the associated id)
        QString op;
        QString value;
        QString highValue;
        QStringList values;
    };
    struct SearchQuery {
        QList<QList<Filter>> filterGroups; // OR of groups, AND inside one
        QString sortProperty;              // empty: by id
        bool descending = false;
        QString text; // "query": a case-insensitive substring of any property
        int offset = 0;
        int limit = 10;
    };
    struct SearchResult {
        int total = 0;
        QList<Object> page;  // as the search index has them (stale during the index lag)
        int nextOffset = -1; // -1: no next page
    };

    HubSpotStore();

    // The clock objects' searchableAt is measured on (the server's elapsed milliseconds).
    void setClock(std::function<qint64()> clock);
    void setSearchIndexLagMs(qint64 ms);
    qint64 searchIndexLagMs() const { return m_indexLagMs; }

    static const QStringList &objectTypes();
    static bool isObjectType(const QString &type);
    // The properties a GET or search returns when none are asked for.
    static QStringList defaultProperties(const QString &type);
    // The property HubSpot keeps the last modification time in ("lastmodifieddate" for contacts).
    static QString modifiedProperty(const QString &type);
    static QString createdProperty(const QString &type);

    // --- Objects ------------------------------------------------------------------------------
    // Stores an object with `properties` (id: the next free one when empty). The created and
    // modified properties are filled in from `createdAt`/`updatedAt` (ms, 0: now) unless given.
    // Seeded objects are searchable at once; objects written through the API honour the lag.
    QString addObject(const QString &type, const QHash<QString, QString> &properties,
                      const QString &id = {}, bool searchableNow = true);
    const Object *object(const QString &type, const QString &id) const;
    Object *mutableObject(const QString &type, const QString &id);
    // Sets the properties, bumps updatedAt and the modified property, and re-indexes.
    void updateObject(const QString &type, const QString &id,
                      const QHash<QString, QString> &properties);
    QList<const Object *> objects(const QString &type) const; // by ascending id
    QList<const Object *> findByProperty(const QString &type, const QString &property,
                                         const QString &value) const;
    int objectCount(const QString &type) const;

    // --- Properties ---------------------------------------------------------------------------
    const Property *property(const QString &type, const QString &name) const;
    QList<Property> properties(const QString &type) const;
    bool addProperty(const QString &type, const Property &property); // false if it exists
    // As an admin deleting a custom property in HubSpot's settings; false if there was none.
    bool removeProperty(const QString &type, const QString &name);

    // --- Associations -------------------------------------------------------------------------
    // The HubSpot-defined default type ids (docs "Association type ID values"); 0 when none.
    static int defaultTypeId(const QString &fromType, const QString &toType);
    // The object types a HUBSPOT_DEFINED type id goes between; nullopt for an unknown id.
    static std::optional<std::pair<QString, QString>> typeIdEnds(int typeId);
    // Both directions, each with its default type id (or `typeId` one way).
    void associate(const QString &fromType, const QString &fromId, const QString &toType,
                   const QString &toId, int typeId = 0);
    QList<Association> associations(const QString &fromType, const QString &fromId,
                                    const QString &toType) const;

    // --- Owners and pipelines -----------------------------------------------------------------
    void addOwner(const Owner &owner);
    const QList<Owner> &owners() const { return m_owners; }
    void addPipeline(const Pipeline &pipeline);
    QList<Pipeline> pipelines(const QString &objectType) const;

    // --- Search -------------------------------------------------------------------------------
    SearchResult search(const QString &type, const SearchQuery &query) const;
    static const QStringList &filterOperators();

    // --- Seeds (HubSpotStoreSeeds.cpp) --------------------------------------------------------
    // Both add owners 71001-71003 (71004 archived), ticket pipeline "0" (stages 1-3 OPEN, 4
    // CLOSED) and deal pipeline "default" unless owners exist already.
    // The sample: companies 3001 Müller & Söhne GmbH, 3002 Atelier Lefèvre SARL, 3003
    // 株式会社さくら翻訳; contacts 2001 Zoë Bäcker, 2002 François Lefèvre (opted out of email),
    // 2003 佐藤 花子; deals 4001-4003 with line items 5001-5004; tickets 1001-1006 (1004 has no
    // deal; 1004, 1005 and 1006 share one hs_lastmodifieddate millisecond); emails 6001-6003,
    // notes 7001 (Japanese) and 7002, call 8001, meeting 8101.
    void seedSample();
    // `tickets` tickets, each with its own company, contact and deal, two emails and a note,
    // ids from 100000 on; modified over a month, every third sharing its predecessor's
    // millisecond.
    void seedGenerated(int tickets, quint32 seed = 1);
    void clear();

    static QString isoTime(qint64 ms);
    // Epoch milliseconds from "1700000000000" or an ISO 8601 date or date-time.
    static std::optional<qint64> parseTime(const QString &text);

private:
    QString nextId();
    qint64 now() const;

    std::function<qint64()> m_clock;
    qint64 m_indexLagMs = 0;
    qint64 m_nextId = 100000;
    QHash<QString, std::map<qint64, Object>> m_objects; // by type, by id
    QHash<QString, QList<Association>> m_associations;  // by "type:id", every direction
    QHash<QString, QList<Property>> m_properties;
    QList<Owner> m_owners;
    QList<Pipeline> m_pipelines;
};
