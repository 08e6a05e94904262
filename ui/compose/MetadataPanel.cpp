// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/MetadataPanel.h"

#include "ui/widgets/ThemeColors.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString esc(const QString &text) {
    return text.toHtmlEscaped();
}

QString plain(const QLabel *label) {
    if (label->isHidden())
        return {};
    return QTextDocumentFragment::fromHtml(label->text()).toPlainText();
}

} // namespace

MetadataPanel::MetadataPanel(QWidget *parent)
    : QWidget(parent) {
    auto *layout = new QFormLayout(this);
    layout->setRowWrapPolicy(QFormLayout::WrapLongRows);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_empty = new QLabel(tr("Generate a message (or start from a template) to see what it drew "
                            "on, how confident the model was and what the checks found."),
                         this);
    m_empty->setObjectName(u"metadataEmpty"_s);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    layout->addRow(m_empty);
    m_usedContext = addRow(tr("Drew on"), u"metadataUsedContext"_s);
    m_usedContext->setTextInteractionFlags(Qt::LinksAccessibleByMouse
                                           | Qt::LinksAccessibleByKeyboard);
    m_usedContext->setFocusPolicy(Qt::StrongFocus);
    m_usedContext->setToolTip(tr("Click a source to see it in the ticket's context."));
    connect(m_usedContext, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(u"ctx:"_s))
            emit contextActivated(link.mid(4));
    });
    m_confidence = addRow(tr("Confidence"), u"metadataConfidence"_s);
    m_followUp = addRow(tr("Follow-up"), u"metadataFollowUp"_s);
    m_usage = addRow(tr("Usage"), u"metadataUsage"_s);
    m_findings = addRow(tr("Checks"), u"metadataFindings"_s);
    showMetadata(std::nullopt, {}, std::nullopt);
}

QLabel *MetadataPanel::addRow(const QString &title, const QString &objectName) {
    auto *label = new QLabel(this);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAccessibleName(title);
    auto *caption = new QLabel(u"<b>%1</b>"_s.arg(esc(title)), this);
    caption->setBuddy(label);
    static_cast<QFormLayout *>(layout())->addRow(caption, label);
    return label;
}

QString MetadataPanel::contextLabel(const QString &contextId,
                                    const std::optional<OutreachContext> &context) {
    if (contextId == u"ticket"_s)
        return context ? tr("Ticket: %1").arg(context->ticket.title) : tr("Ticket");
    if (contextId == u"project"_s)
        return context && !context->project.name.isEmpty()
                   ? tr("Project: %1").arg(context->project.name)
                   : tr("Project");
    if (contextId == u"prospect"_s)
        return context && !context->prospect.prospect.name.isEmpty()
                   ? tr("Prospect: %1").arg(context->prospect.prospect.name)
                   : tr("Prospect");
    if (contextId == u"prospect.preferences"_s)
        return tr("Prospect's preferences");
    if (contextId == u"prospect.past_outcomes"_s)
        return tr("Outcomes of earlier messages");
    if (contextId.startsWith(u"interaction:"_s)) {
        const QString id = contextId.mid(12);
        if (context) {
            for (const Interaction &interaction : context->interactions) {
                if (interaction.id != id)
                    continue;
                const QString date = QLocale().toString(interaction.occurredAt.toLocalTime().date(),
                                                        QLocale::ShortFormat);
                const QString what = interaction.subject.isEmpty()
                                         ? interaction.content.left(40).simplified()
                                         : interaction.subject;
                return tr("%1, %2: %3").arg(Interaction::typeLabel(interaction.type), date, what);
            }
        }
        return tr("Interaction %1").arg(id);
    }
    return contextId;
}

void MetadataPanel::showMetadata(const std::optional<OutreachResponse> &response,
                                 const QList<ComplianceFinding> &findings,
                                 const std::optional<OutreachContext> &context) {
    const bool any = response.has_value() || !findings.isEmpty();
    m_empty->setVisible(!any);
    const auto setRow = [this](QLabel *label, const QString &html) {
        label->setText(html);
        label->setVisible(!html.isEmpty());
        if (QWidget *caption = static_cast<QFormLayout *>(layout())->labelForField(label))
            caption->setVisible(!html.isEmpty());
    };

    QString used;
    QString confidence;
    QString followUp;
    QString usage;
    if (response) {
        const OutreachResponse::Metadata &meta = response->metadata;
        QStringList links;
        for (const QString &id : meta.usedContext)
            links.append(
                u"<a href=\"ctx:%1\">%2</a>"_s.arg(esc(id), esc(contextLabel(id, context))));
        used = links.join(u" · "_s);
        if (!meta.model.startsWith(u"template:"_s)) {
            confidence = u"%1 %"_s.arg(qRound(meta.confidence * 100));
            if (meta.confidenceEstimated)
                confidence += u" <i>(%1)</i>"_s.arg(esc(tr("estimated")));
            m_confidence->setToolTip(meta.confidenceExplanation);
        }
        followUp = esc(meta.suggestedFollowUp);
        QStringList parts;
        if (!meta.model.isEmpty())
            parts.append(esc(meta.model));
        if (meta.usage)
            parts.append(esc(tr("%1 prompt + %2 reply = %3 tokens")
                                 .arg(QLocale().toString(meta.usage->promptTokens),
                                      QLocale().toString(meta.usage->completionTokens),
                                      QLocale().toString(meta.usage->totalTokens))));
        if (!meta.droppedContext.isEmpty())
            parts.append(esc(tr("left out to fit: %1").arg(meta.droppedContext.join(u", "_s))));
        usage = parts.join(u"<br>"_s);
    }
    setRow(m_usedContext, used);
    setRow(m_confidence, confidence);
    setRow(m_followUp, followUp);
    setRow(m_usage, usage);

    QString checks;
    if (!findings.isEmpty()) {
        const QColor blocking = ThemeColors::text(palette(), ThemeColors::Tone::Error);
        const QColor warning = ThemeColors::text(palette(), ThemeColors::Tone::Caution);
        checks = u"<ul style='margin-left:0; -qt-list-indent:1'>"_s;
        for (const ComplianceFinding &finding : findings) {
            const bool isBlocking = finding.severity == ComplianceFinding::Severity::Blocking;
            checks += u"<li><span style='color:%1'><b>%2</b></span> %3%4</li>"_s.arg(
                (isBlocking ? blocking : warning).name(),
                esc(ComplianceFinding::kindLabel(finding.kind) + u':'),
                finding.text.isEmpty() ? QString() : u"“%1” — "_s.arg(esc(finding.text)),
                esc(finding.advice));
        }
        checks += u"</ul>"_s;
    } else if (response) {
        checks = esc(tr("No problems found."));
    }
    setRow(m_findings, checks);
}

QString MetadataPanel::usedContextText() const {
    return plain(m_usedContext);
}
QString MetadataPanel::confidenceText() const {
    return plain(m_confidence);
}
QString MetadataPanel::followUpText() const {
    return plain(m_followUp);
}
QString MetadataPanel::usageText() const {
    return plain(m_usage);
}
QString MetadataPanel::findingsText() const {
    return plain(m_findings);
}
