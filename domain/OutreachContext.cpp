// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/OutreachContext.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

QString OutreachContext::sourceDescription() const {
    switch (source) {
    case Source::Crm:
        return QCoreApplication::translate("OutreachContext", "Live from the CRM");
    case Source::Cache:
        if (!cachedAsOf.isValid())
            return QCoreApplication::translate("OutreachContext",
                                               "From cache (time of last fetch unknown)");
        // The C locale and an explicit UTC suffix: the same text whatever the machine's locale and
        // time zone, and no doubt about which day "11/12" is.
        return QCoreApplication::translate("OutreachContext", "From cache, as of %1")
            .arg(QLocale::c().toString(cachedAsOf.toUTC(), u"d MMM yyyy HH:mm"_s) + u" UTC"_s);
    }
    return {};
}
