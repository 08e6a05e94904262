// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/ErrorNotice.h"

using namespace Qt::StringLiterals;

ErrorNotice ErrorNotice::forFacts(const Facts &facts) {
    if (facts.waiting) {
        // Without a reason of its own the countdown is for a rate limit: that is what schedules
        // the session's own retries.
        const OutreachError reason = facts.waitReason.value_or(
            facts.error.value_or(OutreachError(OutreachError::Code::RateLimit, {})));
        const QString why =
            reason.code() == OutreachError::Code::RateLimit
                ? tr("The model endpoint is limiting how fast requests may come.")
                : tr("The model endpoint is having trouble (%1).").arg(reason.message());
        ErrorNotice notice;
        notice.text = why + u" "_s
                      + tr("Trying again by itself in %n second(s). Esc stops.", nullptr,
                           facts.retrySecondsLeft);
        notice.tone = ThemeColors::Tone::Caution;
        return notice;
    }
    if (facts.needsModel) {
        ErrorNotice notice;
        notice.text =
            tr("No model endpoint is configured, so nothing can be generated yet. Start from a "
               "template draft filled in from the ticket, or let Settings find a model server "
               "running on this computer (Ollama, llama.cpp, LM Studio, vLLM); OpenAI and Azure "
               "OpenAI are set up there too.");
        notice.tone = ThemeColors::Tone::Info;
        notice.primary = {tr("Use a Template…"), Action::ChooseTemplate};
        // The settings open on the model page either way; the search saves typing an address.
        notice.secondary = {tr("Find a Local Server…"), Action::FindLocalServer};
        return notice;
    }
    if (facts.error)
        return forError(*facts.error, facts.ticketId, facts.partialKept);
    if (facts.stopped) {
        ErrorNotice notice;
        notice.text = tr("Stopped.");
        if (facts.partialKept)
            notice.text += u" "_s + tr("The text written so far stays in the editor.");
        notice.tone = ThemeColors::Tone::Info;
        return notice;
    }
    return {};
}

ErrorNotice ErrorNotice::forError(const OutreachError &error, const QString &ticketId,
                                  bool partialKept) {
    ErrorNotice notice;
    notice.tone = ThemeColors::Tone::Error;
    const Button retry{tr("Retry"), Action::Retry};
    switch (error.code()) {
    case OutreachError::Code::ContextInvalid:
        notice.text = tr("Ticket %1 cannot be used as it is: %2").arg(ticketId, error.message());
        notice.primary = retry;
        break;
    case OutreachError::Code::RateLimit:
        if (error.isQuotaExhausted()) {
            // Billing: waiting will not help, so there is nothing to retry.
            notice.text = tr("The model account has run out of credit. This is a billing matter: "
                             "waiting will not help. Add credit with the provider, or use another "
                             "key in Settings.");
            notice.secondary = {tr("Open Settings"), Action::OpenModelSettings};
        } else {
            notice.text =
                tr("The model endpoint is still limiting requests after several tries (%1).")
                    .arg(error.message());
            notice.primary = retry;
        }
        break;
    case OutreachError::Code::Auth:
        notice.text = tr("The model endpoint refused the API key: %1").arg(error.message());
        notice.primary = {tr("Open Settings"), Action::OpenModelSettings};
        break;
    case OutreachError::Code::Network:
        notice.tone = ThemeColors::Tone::Caution;
        notice.text = tr("Offline: the model endpoint cannot be reached (%1). The app keeps "
                         "working from the local cache.")
                          .arg(error.message());
        notice.primary = retry;
        break;
    case OutreachError::Code::ApiError:
        notice.text = error.requestId().isEmpty()
                          ? tr("The model endpoint returned an error: %1").arg(error.message())
                          : tr("The model endpoint returned an error: %1 (request id %2)")
                                .arg(error.message(), error.requestId());
        notice.primary = retry;
        break;
    case OutreachError::Code::Storage:
    case OutreachError::Code::Cancelled:
        notice.text = error.message();
        break;
    }
    if (partialKept)
        notice.text += u" "_s + tr("The text written so far stays in the editor.");
    return notice;
}

ErrorNotice ErrorNotice::failure(const QString &message) {
    ErrorNotice notice;
    notice.text = message;
    notice.tone = ThemeColors::Tone::Error;
    return notice;
}

ErrorNotice ErrorNotice::needsMailbox(bool passwordMissing) {
    ErrorNotice notice;
    notice.text = passwordMissing
                      ? tr("The mailbox's password is not stored. Enter it in Settings → Mail to "
                           "save drafts to your Drafts folder.")
                      : tr("No mailbox is set up. Enter your IMAP server in Settings → Mail to "
                           "save drafts to your Drafts folder.");
    notice.tone = ThemeColors::Tone::Caution;
    notice.primary = {tr("Mail Settings…"), Action::OpenMailSettings};
    return notice;
}

ErrorNotice ErrorNotice::noMailClient() {
    ErrorNotice notice;
    notice.text = tr("No mail client is set up to open mailto: links. Copy the message instead "
                     "(Ctrl+Shift+C).");
    notice.tone = ThemeColors::Tone::Caution;
    return notice;
}
