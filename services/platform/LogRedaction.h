// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

// Keeps secrets out of log lines and of server text shown to the rep. `redact` masks
//  - the value of an Authorization, Proxy-Authorization, api-key or x-api-key header, in any
//    spelling a log line may have it in (`Authorization: Bearer …`, `"api-key":"…"`, `api_key=…`),
//  - a bearer token anywhere (`Bearer abc.def`), and OpenAI-style keys (`sk-…`),
//  - every secret registered with addSecret (the CRM token, the model API key), wherever it is.
// install() puts a Qt message handler in front of the current one that redacts every message of
// every category, so a qDebug written in a hurry cannot leak a token either.
class LogRedaction {
public:
    static constexpr QStringView Mask = u"[redacted]";

    static QString redact(const QString &text);

    // A header as it may be logged: sensitive names keep their name, the value is masked.
    static QByteArray headerForLog(const QByteArray &name, const QByteArray &value);
    static bool isSensitiveHeader(QByteArrayView name);

    // Secrets known at run time are masked wherever they appear. Shorter than 6 characters they
    // are ignored: masking "test" in every line would garble the logs and protect nothing.
    static void addSecret(const QString &secret);
    static void clearSecrets(); // for tests

    // Idempotent; thread-safe, like Qt's handler.
    static void install();
};
