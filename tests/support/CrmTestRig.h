// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FakeCrmServer.h"
#include "crm/RestCrmConnector.h"
#include "storage/CacheStore.h"

#include <QTemporaryDir>

#include <memory>

// What the CRM-facing suites share: a fake CRM on the demo workspace, a fresh cache in a
// temporary folder, and a client pointed at the one with the other's token and quick retries.
struct CrmTestRig {
    QTemporaryDir dir;
    FakeCrmServer server;
    std::unique_ptr<CacheStore> cache;
    RestCrmConnector client;

    // False when the folder, the server, the demo workspace or the cache could not be set up.
    bool start();
    QString databasePath() const;
};
