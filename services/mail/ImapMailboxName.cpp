// SPDX-License-Identifier: GPL-3.0-or-later
#include "mail/ImapMailboxName.h"

namespace {

// Standard base64 with ',' in place of '/' and without padding.
QByteArray encodeRun(const QString &run) {
    QByteArray utf16;
    utf16.reserve(run.size() * 2);
    for (const QChar c : run) {
        utf16.append(char(c.unicode() >> 8));
        utf16.append(char(c.unicode() & 0xff));
    }
    QByteArray base64 = utf16.toBase64(QByteArray::OmitTrailingEquals);
    base64.replace('/', ',');
    return base64;
}

bool isModifiedBase64(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
           || c == ',';
}

} // namespace

QByteArray ImapMailboxName::encode(const QString &name) {
    QByteArray out;
    QString run;
    const auto flush = [&] {
        if (run.isEmpty())
            return;
        out.append('&');
        out.append(encodeRun(run));
        out.append('-');
        run.clear();
    };
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        if (u >= 0x20 && u <= 0x7e) {
            flush();
            out.append(char(u));
            if (u == u'&')
                out.append('-');
        } else {
            run.append(c);
        }
    }
    flush();
    return out;
}

std::optional<QString> ImapMailboxName::decode(const QByteArray &wire) {
    QString out;
    for (qsizetype i = 0; i < wire.size(); ++i) {
        const char c = wire.at(i);
        if (uchar(c) < 0x20 || uchar(c) > 0x7e)
            return std::nullopt;
        if (c != '&') {
            out.append(QChar(char16_t(c)));
            continue;
        }
        const qsizetype end = wire.indexOf('-', i + 1);
        if (end < 0)
            return std::nullopt;
        if (end == i + 1) {
            out.append(u'&');
            i = end;
            continue;
        }
        QByteArray base64 = wire.mid(i + 1, end - i - 1);
        for (const char b : std::as_const(base64)) {
            if (!isModifiedBase64(b))
                return std::nullopt;
        }
        base64.replace(',', '/');
        const auto decoded =
            QByteArray::fromBase64Encoding(base64, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() % 2 != 0 || decoded.decoded.isEmpty())
            return std::nullopt;
        for (qsizetype k = 0; k < decoded.decoded.size(); k += 2) {
            const char16_t unit =
                char16_t((uchar(decoded.decoded.at(k)) << 8) | uchar(decoded.decoded.at(k + 1)));
            out.append(QChar(unit));
        }
        i = end;
    }
    return out;
}

QString ImapMailboxName::decodeLenient(const QByteArray &wire) {
    if (const std::optional<QString> decoded = decode(wire))
        return *decoded;
    return QString::fromUtf8(wire);
}
