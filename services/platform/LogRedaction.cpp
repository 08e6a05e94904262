// SPDX-License-Identifier: GPL-3.0-or-later
#include "platform/LogRedaction.h"

#include <QList>
#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QtGlobal>

#include <algorithm>
#include <atomic>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype MinimumSecretLength = 6;

QMutex &secretsMutex() {
    static QMutex mutex;
    return mutex;
}

QList<QString> &secrets() {
    static QList<QString> list;
    return list;
}

// The rules, most specific first. Each keeps the part before the value (group 1) and masks the
// value: a header up to the end of its line or quoted string; a key parameter up to a separator.
struct Rule {
    QRegularExpression pattern;
    bool keepPrefix;
};

const QList<Rule> &rules() {
    static const QList<Rule> list = {
        // Authorization: Bearer x / "Authorization":"Basic x" / authorization=x
        {QRegularExpression(uR"(((?:proxy-)?authorization["']?\s*[:=]\s*["']?)[^"'\r\n;]+)"_s,
                            QRegularExpression::CaseInsensitiveOption),
         true},
        // api-key: x / "api_key": "x" / ?api-key=x&… / x-api-key: x
        {QRegularExpression(uR"(((?:x-)?api[-_]?key["']?\s*[:=]\s*["']?)[^\s"',;&}]+)"_s,
                            QRegularExpression::CaseInsensitiveOption),
         true},
        // A bearer token anywhere else (an error text, a curl line).
        {QRegularExpression(uR"((\bbearer\s+)[A-Za-z0-9\-._~+/]+=*)"_s,
                            QRegularExpression::CaseInsensitiveOption),
         true},
        // OpenAI-style secret keys, wherever they are pasted.
        {QRegularExpression(uR"(\bsk-[A-Za-z0-9_\-]{16,})"_s), false},
    };
    return list;
}

QtMessageHandler previousHandler = nullptr;
std::atomic_bool installed = false;

void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    const QString clean = LogRedaction::redact(message);
    if (previousHandler)
        previousHandler(type, context, clean);
}

} // namespace

QString LogRedaction::redact(const QString &text) {
    QString result = text;
    {
        const QMutexLocker lock(&secretsMutex());
        for (const QString &secret : std::as_const(secrets()))
            result.replace(secret, Mask.toString());
    }
    for (const Rule &rule : rules()) {
        // Cheap test first: most lines have nothing to redact.
        if (!result.contains(rule.pattern))
            continue;
        result.replace(rule.pattern,
                       rule.keepPrefix ? u"\\1"_s + Mask.toString() : Mask.toString());
    }
    return result;
}

bool LogRedaction::isSensitiveHeader(QByteArrayView name) {
    static constexpr QByteArrayView names[] = {
        "authorization", "proxy-authorization", "api-key", "x-api-key", "cookie", "set-cookie"};
    return std::any_of(std::begin(names), std::end(names), [&](QByteArrayView sensitive) {
        return name.compare(sensitive, Qt::CaseInsensitive) == 0;
    });
}

QByteArray LogRedaction::headerForLog(const QByteArray &name, const QByteArray &value) {
    return name + ": "_ba + (isSensitiveHeader(name) ? Mask.toUtf8() : value);
}

void LogRedaction::addSecret(const QString &secret) {
    const QString trimmed = secret.trimmed();
    if (trimmed.size() < MinimumSecretLength)
        return;
    const QMutexLocker lock(&secretsMutex());
    if (secrets().contains(trimmed))
        return;
    secrets().append(trimmed);
    // Longest first, so a secret that contains another is masked whole.
    std::sort(secrets().begin(), secrets().end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

void LogRedaction::clearSecrets() {
    const QMutexLocker lock(&secretsMutex());
    secrets().clear();
}

void LogRedaction::install() {
    if (installed.exchange(true))
        return;
    previousHandler = qInstallMessageHandler(redactingHandler);
}
