// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/CrmTestRig.h"

#include "net/HttpTransport.h"
#include "support/TestRetryPolicies.h"

using namespace Qt::StringLiterals;

bool CrmTestRig::start() {
    if (!dir.isValid() || !server.start() || !server.loadWorkspace())
        return false;
    auto opened = CacheStore::open(databasePath());
    if (!opened.ok())
        return false;
    cache = std::move(opened).value();
    client.setBaseUrl(server.baseUrl());
    client.setToken(u"test-token"_s);
    client.transport()->setRetryPolicy(TestRetryPolicies::quick());
    return true;
}

QString CrmTestRig::databasePath() const {
    return dir.filePath(u"cache.sqlite"_s);
}
