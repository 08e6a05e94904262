// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"
#include "mail/MailDraft.h"

#include <QString>
#include <QUrl>

#include <optional>

// Hands a finished message to the rep's mail client whole. A mailto: link only while it is short
// enough for every client (browsers and several clients cut longer ones at about 2,000
// characters); otherwise the message is written as an .eml draft and opened in Thunderbird's
// composer where Thunderbird is installed, or with the system's handler for .eml files.
class MailClientHandoff {
public:
    // The longest mailto: URL every common client opens uncut.
    static constexpr qsizetype MailtoLimit = 2000;

    enum class Route { Mailto, Thunderbird, EmlFile };
    struct Done {
        Route route = Route::Mailto;
        QString file; // the .eml (or, for Thunderbird, the body file) written
        // For the rep: which way the message went ("Opened in Thunderbird's composer.").
        QString message;
    };

    // `folder` receives the files of the longer routes.
    explicit MailClientHandoff(QString folder);

    // Where Thunderbird is looked for: the PATH, unless set (tests point it at a script).
    void setThunderbirdProgram(const QString &program) { m_thunderbird = program; }
    QString thunderbirdProgram() const;

    // The route the draft takes, without opening anything.
    Route routeFor(const MailDraft &draft) const;
    // Opens the draft by that route; an error when nothing could open it (no mail client).
    Result<Done> open(const MailDraft &draft) const;

    static QUrl mailtoUrl(const MailDraft &draft);
    // Thunderbird's -compose argument: to, subject and the body from `bodyFile`.
    static QString thunderbirdComposeArgument(const MailDraft &draft, const QString &bodyFile);

private:
    Result<QString> writeFile(const QString &name, const QByteArray &bytes) const;

    QString m_folder;
    std::optional<QString> m_thunderbird;
};
