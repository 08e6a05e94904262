// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compose/MailClientHandoff.h"

#include "mail/MimeWriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

QString translate(const char *text) {
    return QCoreApplication::translate("MailClientHandoff", text);
}

// Mail clients read "\r\n" line breaks from mailto bodies (RFC 6068).
QString mailtoEncoded(QString text) {
    text.replace(u"\r\n"_s, u"\n"_s).replace(u"\n"_s, u"\r\n"_s);
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

// Thunderbird's -compose values are quoted with ' and separated by commas; a ' inside a value
// ends it early, so the typographic apostrophe stands in.
QString composeValue(QString value) {
    return u'\'' + value.replace(u'\'', u'’') + u'\'';
}

} // namespace

MailClientHandoff::MailClientHandoff(QString folder)
    : m_folder(std::move(folder)) {}

QString MailClientHandoff::thunderbirdProgram() const {
    if (m_thunderbird)
        return *m_thunderbird;
    return QStandardPaths::findExecutable(u"thunderbird"_s);
}

QUrl MailClientHandoff::mailtoUrl(const MailDraft &draft) {
    QUrl url;
    url.setScheme(u"mailto"_s);
    url.setPath(draft.to.address);
    QUrlQuery query;
    query.addQueryItem(u"subject"_s, mailtoEncoded(draft.subject));
    query.addQueryItem(u"body"_s, mailtoEncoded(draft.text));
    url.setQuery(query);
    return url;
}

QString MailClientHandoff::thunderbirdComposeArgument(const MailDraft &draft,
                                                      const QString &bodyFile) {
    QStringList fields{u"to="_s + composeValue(draft.to.address),
                       u"subject="_s + composeValue(draft.subject),
                       u"message="_s + composeValue(bodyFile), u"format=text"_s};
    if (!draft.from.isEmpty())
        fields.append(u"from="_s + composeValue(draft.from.address));
    return fields.join(u',');
}

MailClientHandoff::Route MailClientHandoff::routeFor(const MailDraft &draft) const {
    if (mailtoUrl(draft).toString(QUrl::FullyEncoded).size() <= MailtoLimit)
        return Route::Mailto;
    return thunderbirdProgram().isEmpty() ? Route::EmlFile : Route::Thunderbird;
}

Result<QString> MailClientHandoff::writeFile(const QString &name, const QByteArray &bytes) const {
    if (!QDir().mkpath(m_folder))
        return OutreachError(OutreachError::Code::Storage,
                             translate("The folder %1 cannot be created.").arg(m_folder));
    const QString path = QDir(m_folder).filePath(name);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return OutreachError(
            OutreachError::Code::Storage,
            translate("The message could not be written to %1: %2").arg(path, file.errorString()));
    return path;
}

Result<MailClientHandoff::Done> MailClientHandoff::open(const MailDraft &draft) const {
    Done done;
    done.route = routeFor(draft);
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmsszzz"_s);
    if (done.route == Route::Mailto) {
        if (!QDesktopServices::openUrl(mailtoUrl(draft)))
            return OutreachError(OutreachError::Code::ContextInvalid,
                                 translate("No mail client is set up to open mailto: links."));
        done.message = translate("Opened in your mail client.");
        return done;
    }
    if (done.route == Route::Thunderbird) {
        QString text = draft.text;
        text.replace(u"\r\n"_s, u"\n"_s);
        const Result<QString> body = writeFile(u"message-%1.txt"_s.arg(stamp), text.toUtf8());
        if (!body.ok())
            return body.error();
        done.file = body.value();
        if (QProcess::startDetached(
                thunderbirdProgram(),
                {u"-compose"_s, thunderbirdComposeArgument(draft, done.file)})) {
            done.message = translate("The message is too long for a mailto: link, so it was "
                                     "opened whole in Thunderbird's composer.");
            return done;
        }
        done.route = Route::EmlFile; // Thunderbird would not start: the .eml still works
    }
    const Result<QByteArray> message = MimeWriter::write(draft);
    if (!message.ok())
        return message.error();
    const Result<QString> eml = writeFile(u"message-%1.eml"_s.arg(stamp), message.value());
    if (!eml.ok())
        return eml.error();
    done.file = eml.value();
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(done.file)))
        return OutreachError(OutreachError::Code::ContextInvalid,
                             translate("No program is set up to open .eml files. The message is "
                                       "saved as %1: open it from your mail client.")
                                 .arg(done.file));
    done.message = translate("The message is too long for a mailto: link, so it was saved as an "
                             ".eml draft and opened whole in your mail client.");
    return done;
}
