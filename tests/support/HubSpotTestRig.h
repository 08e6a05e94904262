// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FakeHubSpotServer.h"
#include "crm/HubSpotConnector.h"
#include "storage/CacheStore.h"

#include <QTemporaryDir>

#include <memory>

// What the HubSpot suites share: the fake HubSpot on its sample workspace, a fresh cache in a
// temporary folder, and a connector pointed at the fake with its token and quick retries.
struct HubSpotTestRig {
    QTemporaryDir dir;
    FakeHubSpotServer server;
    std::unique_ptr<CacheStore> cache;
    HubSpotConnector connector;

    // False when the folder, the server or the cache could not be set up. `sample` seeds the
    // fake's sample workspace.
    bool start(bool sample = true);
    QString databasePath() const;
};
