// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/HubSpotTestRig.h"

#include "net/HttpTransport.h"
#include "support/TestRetryPolicies.h"

bool HubSpotTestRig::start(bool sample) {
    if (!dir.isValid() || !server.start())
        return false;
    if (sample)
        server.seedSample();
    auto opened = CacheStore::open(databasePath());
    if (!opened.ok())
        return false;
    cache = std::move(opened).value();
    connector.setBaseUrl(server.baseUrl());
    connector.setToken(QString::fromLatin1(server.token()));
    connector.transport()->setRetryPolicy(TestRetryPolicies::quick());
    return true;
}

QString HubSpotTestRig::databasePath() const {
    return dir.filePath(QStringLiteral("cache.sqlite"));
}
