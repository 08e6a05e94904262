// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The logging categories shared by several services. Enable them with QT_LOGGING_RULES, e.g.
// QT_LOGGING_RULES="outreach.*.debug=true"; every line goes through LogRedaction first.
//   outreach.http   each request and answer of HttpTransport (method, URL, headers, status)
//   outreach.crm    the CRM session and client (reachability, pages)
//   outreach.model  message generation (the request's size, how the stream ended)
//   outreach.mail   IMAP sessions (connections, commands without their credentials)
// Classes with a category of their own (outreach.cache, outreach.sync, …) define it locally.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcCrm)
Q_DECLARE_LOGGING_CATEGORY(lcModel)
Q_DECLARE_LOGGING_CATEGORY(lcMail)
