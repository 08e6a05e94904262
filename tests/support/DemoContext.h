// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachContext.h"
#include "storage/CacheStore.h"

#include <QTemporaryDir>

#include <memory>
#include <optional>

// The bundled demo workspace loaded into a throwaway cache, handing out OutreachContexts for its
// tickets the way context assembly does from the cache (for suites that need realistic contexts).
// The test must link outreach_resources (outreach_add_test's RESOURCES).
class DemoContext {
public:
    // False (with the reason in error()) when the cache cannot be opened or the demo not loaded.
    bool load();
    QString error() const { return m_error; }
    std::optional<OutreachContext> context(const QString &ticketId) const;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CacheStore> m_cache;
    QString m_error;
};
