// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation/TemplateDrafts.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <array>

using namespace Qt::StringLiterals;

namespace {

struct Entry {
    const char *id;
    const char *title;
};

// The order the UI offers them in; the titles are translated at run time.
constexpr std::array entries{
    Entry{"first-outreach", QT_TRANSLATE_NOOP("TemplateDrafts", "First outreach")},
    Entry{"follow-up", QT_TRANSLATE_NOOP("TemplateDrafts", "Follow-up")},
    Entry{"re-engage", QT_TRANSLATE_NOOP("TemplateDrafts", "Re-engage a quiet prospect")},
    Entry{"meeting-request", QT_TRANSLATE_NOOP("TemplateDrafts", "Meeting request")},
    Entry{"answer-ticket", QT_TRANSLATE_NOOP("TemplateDrafts", "Answer the ticket")},
};

// "A, B and C", as a sentence lists products.
QString listOf(const QStringList &items) {
    if (items.size() <= 1)
        return items.value(0);
    return QCoreApplication::translate("TemplateDrafts", "%1 and %2")
        .arg(items.mid(0, items.size() - 1).join(u", "_s), items.last());
}

QHash<QString, QString> valuesOf(const OutreachContext &context,
                                 const ComplianceSettings &settings) {
    const QString name = context.prospect.prospect.name.trimmed();
    static const QRegularExpression whitespace(u"\\s+"_s);
    return {
        {u"prospect.first_name"_s, name.section(whitespace, 0, 0)},
        {u"prospect.name"_s, name},
        {u"prospect.company"_s, context.prospect.prospect.company.trimmed()},
        {u"project.name"_s, context.project.name.trimmed()},
        {u"project.products"_s, listOf(context.project.products)},
        {u"ticket.title"_s, context.ticket.title.trimmed()},
        {u"assignee.name"_s,
         context.ticket.assignee ? context.ticket.assignee->name.trimmed() : QString()},
        {u"opt_out"_s, settings.requiredOptOutLine.trimmed()},
    };
}

QString fillText(const QString &text, const QHash<QString, QString> &values,
                 QStringList &unfilled) {
    static const QRegularExpression field(u"\\{\\{\\s*([\\w.]+)\\s*\\}\\}"_s);
    QString result;
    qsizetype copied = 0;
    auto it = field.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        result += QStringView(text).mid(copied, match.capturedStart() - copied);
        copied = match.capturedEnd();
        const QString key = match.captured(1);
        const QString value = values.value(key);
        // Without a required opt-out line the field simply goes; every other empty field stays
        // visible so that nobody sends "Hello ," unnoticed.
        if (!value.isEmpty() || key == u"opt_out"_s) {
            result += value;
        } else {
            result += match.captured(0);
            if (!unfilled.contains(match.captured(0)))
                unfilled.append(match.captured(0));
        }
    }
    result += QStringView(text).mid(copied);
    return result;
}

} // namespace

QList<TemplateDrafts::TemplateInfo> TemplateDrafts::available() {
    QList<TemplateInfo> templates;
    for (const Entry &entry : entries) {
        templates.append({QString::fromLatin1(entry.id),
                          QCoreApplication::translate("TemplateDrafts", entry.title)});
    }
    return templates;
}

Result<TemplateDrafts::FilledTemplate> TemplateDrafts::fill(const QString &id,
                                                            const OutreachContext &context,
                                                            const ComplianceSettings &settings) {
    const bool known = std::any_of(entries.cbegin(), entries.cend(), [&](const Entry &entry) {
        return id == QLatin1StringView(entry.id);
    });
    if (!known) {
        return OutreachError(
            OutreachError::Code::ContextInvalid,
            QCoreApplication::translate("TemplateDrafts", "There is no template named “%1”.")
                .arg(id));
    }
    QFile file(u":/templates/"_s + id + u".json"_s);
    const QJsonDocument document =
        file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()) : QJsonDocument();
    const QJsonObject json = document.object();
    if (!json.value(u"subject"_s).isString() || !json.value(u"body"_s).isString()) {
        return OutreachError(
            OutreachError::Code::ContextInvalid,
            QCoreApplication::translate("TemplateDrafts", "The template “%1” cannot be read.")
                .arg(id));
    }

    const QHash<QString, QString> values = valuesOf(context, settings);
    FilledTemplate filled;
    filled.subject = fillText(json.value(u"subject"_s).toString(), values, filled.unfilled);
    filled.body = fillText(json.value(u"body"_s).toString(), values, filled.unfilled);
    // An empty {{opt_out}} leaves blank lines behind.
    static const QRegularExpression blankLines(u"\\n{3,}"_s);
    filled.body.replace(blankLines, u"\n\n"_s);
    while (!filled.body.isEmpty() && filled.body.back().isSpace())
        filled.body.chop(1);
    return filled;
}
