// SPDX-License-Identifier: GPL-3.0-or-later
#include "platform/LogCategories.h"

// Warnings and above by default; debug and info only when QT_LOGGING_RULES asks for them.
Q_LOGGING_CATEGORY(lcHttp, "outreach.http", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCrm, "outreach.crm", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModel, "outreach.model", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMail, "outreach.mail", QtInfoMsg)
