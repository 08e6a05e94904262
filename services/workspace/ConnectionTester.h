// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachError.h"
#include "generation/ModelEndpoint.h"
#include "workspace/MailSettings.h"

#include <QCoroTask>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

// Answers "do these settings work?" for the Settings dialog's Test connection buttons: one small
// request to the model endpoint, the CRM or the mailbox with the values as typed, no retries, a
// short deadline, and the result as one plain sentence a rep can act on.
class ConnectionTester : public QObject {
    Q_OBJECT

public:
    struct Verdict {
        // The settings work (the endpoint answered and accepted the credential, or at least did
        // not refuse it). With `warning` they probably work but something deserves a look: the
        // test request itself was refused (400) or the service is rate limiting right now.
        bool ok = false;
        bool warning = false;
        QString message; // one plain, translated sentence for the rep
        QString detail;  // the technical line behind it (the server's own words); may be empty
        std::optional<OutreachError> error; // set whenever the request did not simply succeed
        std::chrono::milliseconds elapsed{0};
    };

    explicit ConnectionTester(QObject *parent = nullptr);

    // The whole exchange must finish within this (15 s unless set); there are no retries.
    void setDeadline(std::chrono::milliseconds deadline) { m_deadline = deadline; }
    std::chrono::milliseconds deadline() const { return m_deadline; }

    // One minimal, non-streamed Chat Completions request ("Reply with OK.", at most 5 tokens) to
    // `endpoint` as given, its key included. The endpoint is validated first.
    QCoro::Task<Verdict> testModel(ModelEndpoint endpoint);
    // One page of one ticket from the CRM at `baseUrl` with `token`.
    QCoro::Task<Verdict> testCrm(QUrl baseUrl, QString token);
    // HubSpot with a private app's `token`: the scopes it was granted against those the app needs
    // (the missing ones are named), then one ticket from the CRM search. An empty `baseUrl`
    // means HubSpot's public API.
    QCoro::Task<Verdict> testHubSpot(QUrl baseUrl, QString token);
    // The rep's mailbox: connects with `settings.connectionOptions()`, logs in with `password`,
    // finds the Drafts folder that Save to Drafts uses and the Sent folder the outcome watcher
    // reads, notes whether the server offers IDLE, and logs out. The verdict names the folders
    // found, or the step that failed in the server's own words.
    QCoro::Task<Verdict> testMail(MailSettings settings, QString password);

    // Ends every test in flight now, each with a CANCELLED outcome.
    void cancel();

    // The body testModel sends: no temperature (some models refuse any but the default), the
    // output limit as the provider spells it (max_completion_tokens for OpenAI and Azure,
    // max_tokens for compatible servers, which do not all know the newer name).
    static QByteArray modelRequestBody(const ModelEndpoint &endpoint);

private:
    std::chrono::milliseconds m_deadline{15'000};
};
