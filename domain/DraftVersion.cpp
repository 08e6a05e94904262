// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/DraftVersion.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

QString DraftVersion::statusName(Status status) {
    switch (status) {
    case Status::Complete:
        return u"complete"_s;
    case Status::Stopped:
        return u"stopped"_s;
    case Status::Failed:
        return u"failed"_s;
    case Status::Template:
        return u"template"_s;
    case Status::Edited:
        return u"edited"_s;
    }
    return {};
}

DraftVersion::Status DraftVersion::statusFromName(QStringView name) {
    for (const Status status :
         {Status::Complete, Status::Stopped, Status::Failed, Status::Template, Status::Edited}) {
        if (statusName(status) == name)
            return status;
    }
    return Status::Complete;
}

QString DraftVersion::statusLabel(Status status) {
    switch (status) {
    case Status::Complete:
        return QCoreApplication::translate("DraftVersion", "Generated");
    case Status::Stopped:
        return QCoreApplication::translate("DraftVersion", "Stopped — partial text");
    case Status::Failed:
        return QCoreApplication::translate("DraftVersion", "Interrupted — partial text");
    case Status::Template:
        return QCoreApplication::translate("DraftVersion", "Template draft");
    case Status::Edited:
        return QCoreApplication::translate("DraftVersion", "Your edits");
    }
    return {};
}
