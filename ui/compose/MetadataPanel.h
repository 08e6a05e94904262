// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ComplianceFinding.h"
#include "domain/OutreachContext.h"
#include "domain/OutreachResponse.h"

#include <QWidget>

#include <optional>

class QLabel;

// What the rep needs to judge a draft, beside the editor: the context it drew on (each a link
// that shows its source in the context pane), the confidence and how it was reached, the
// suggested follow-up, token usage, and every compliance finding with what to fix.
class MetadataPanel : public QWidget {
    Q_OBJECT
public:
    explicit MetadataPanel(QWidget *parent = nullptr);

    // `response` may be empty (nothing generated yet); findings are those of the current text.
    void showMetadata(const std::optional<OutreachResponse> &response,
                      const QList<ComplianceFinding> &findings,
                      const std::optional<OutreachContext> &context);

    // A readable name for a context id: "Ticket", "Prospect's preferences",
    // "Email, 20 Nov: Pricing question".
    static QString contextLabel(const QString &contextId,
                                const std::optional<OutreachContext> &context);

    QString usedContextText() const;
    QString confidenceText() const;
    QString followUpText() const;
    QString usageText() const;
    QString findingsText() const;

signals:
    // The rep activated a used-context link.
    void contextActivated(const QString &contextId);

private:
    QLabel *addRow(const QString &title, const QString &objectName);

    QLabel *m_usedContext;
    QLabel *m_confidence;
    QLabel *m_followUp;
    QLabel *m_usage;
    QLabel *m_findings;
    QLabel *m_empty;
};
