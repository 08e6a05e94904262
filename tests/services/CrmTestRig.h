// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the CRM-facing service tests share: a fake CRM on the demo workspace, a fresh cache in a
// temporary folder, and a client pointed at the one with the other's token.

#include "FakeCrmServer.h"
#include "crm/CrmClient.h"
#include "net/HttpTransport.h"
#include "storage/CacheStore.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

struct CrmTestRig {
    QTemporaryDir dir;
    FakeCrmServer server;
    std::unique_ptr<CacheStore> cache;
    CrmClient client;

    // Fast retries, so a test of three attempts does not wait seconds.
    static RetryPolicy quickPolicy() {
        RetryPolicy policy;
        policy.baseDelay = std::chrono::milliseconds(20);
        policy.maxDelay = std::chrono::milliseconds(80);
        return policy;
    }

    bool start() {
        if (!dir.isValid() || !server.start() || !server.loadWorkspace())
            return false;
        auto opened = CacheStore::open(dir.filePath(QStringLiteral("cache.sqlite")));
        if (!opened.ok())
            return false;
        cache = std::move(opened).value();
        client.setBaseUrl(server.baseUrl());
        client.setToken(QStringLiteral("test-token"));
        client.transport()->setRetryPolicy(quickPolicy());
        return true;
    }

    QString databasePath() const { return dir.filePath(QStringLiteral("cache.sqlite")); }
};
