// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/DovecotServer.h"

#include "mail/ImapMailboxName.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <algorithm>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

OutreachError failure(const QString &message) {
    return OutreachError(OutreachError::Code::Network, message);
}

quint16 freePort() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

Result<void> run(const QString &program, const QStringList &arguments,
                 const QByteArray &input = {}) {
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10'000))
        return failure(u"could not start %1: %2"_s.arg(program, process.errorString()));
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished();
        return failure(u"%1 did not finish"_s.arg(program));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return failure(u"%1 %2 failed: %3"_s.arg(
            program, arguments.join(u' '), QString::fromLocal8Bit(process.readAllStandardError())));
    return {};
}

QString randomPassword() {
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString password;
    for (int i = 0; i < 20; ++i)
        password.append(QChar::fromLatin1(
            alphabet[QRandomGenerator::global()->bounded(int(sizeof alphabet - 1))]));
    return password;
}

QStringList flagsFromInfo(const QString &info) {
    QStringList flags;
    for (const QChar c : info) {
        switch (c.unicode()) {
        case u'D':
            flags.append(u"\\Draft"_s);
            break;
        case u'F':
            flags.append(u"\\Flagged"_s);
            break;
        case u'R':
            flags.append(u"\\Answered"_s);
            break;
        case u'S':
            flags.append(u"\\Seen"_s);
            break;
        case u'T':
            flags.append(u"\\Deleted"_s);
            break;
        default:
            break;
        }
    }
    return flags;
}

} // namespace

DovecotServer::DovecotServer(Options options)
    : m_options(std::move(options))
    , m_password(randomPassword()) {}

DovecotServer::~DovecotServer() {
    stop();
}

MailAccount DovecotServer::account(MailAccount::Security security) const {
    MailAccount account;
    account.host = u"127.0.0.1"_s;
    account.security = security;
    account.port = security == MailAccount::Security::Tls ? m_imapsPort : m_imapPort;
    account.user = m_user;
    return account;
}

bool DovecotServer::isRunning() const {
    return m_process && m_process->state() == QProcess::Running;
}

QString DovecotServer::log() const {
    if (!m_dir)
        return {};
    QFile file(m_dir->filePath(u"dovecot.log"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

void DovecotServer::kill() {
    if (!isRunning())
        return;
    // Dovecot runs in a process group of its own: the login and imap processes die with it.
    ::kill(-pid_t(m_process->processId()), SIGKILL);
    m_process->waitForFinished(5'000);
}

void DovecotServer::stop() {
    if (!isRunning())
        return;
    const pid_t group = pid_t(m_process->processId());
    ::kill(group, SIGTERM);
    if (!m_process->waitForFinished(5'000)) {
        ::kill(-group, SIGKILL);
        m_process->waitForFinished(5'000);
    }
    // Anything left of the group (an imap process still serving a client).
    ::kill(-group, SIGKILL);
}

Result<void> DovecotServer::makeCertificates() {
    const QString dir = m_dir->path();
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty())
        return failure(u"openssl is not installed (scripts/install-deps.sh)"_s);
    const auto file = [&](const QString &name) { return QDir(dir).filePath(name); };
    if (auto r = run(openssl, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s,
                               u"-keyout"_s, file(u"ca.key"_s), u"-out"_s, file(u"ca.pem"_s),
                               u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=OutreachGPT Test CA"_s});
        !r.ok())
        return r;
    if (auto r = run(openssl, {u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                               file(u"server.key"_s), u"-out"_s, file(u"server.csr"_s), u"-subj"_s,
                               u"/CN=localhost"_s});
        !r.ok())
        return r;
    QFile extensions(file(u"server.ext"_s));
    if (!extensions.open(QIODevice::WriteOnly))
        return failure(u"cannot write %1"_s.arg(extensions.fileName()));
    extensions.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                     "basicConstraints=CA:FALSE\n"
                     "keyUsage=digitalSignature,keyEncipherment\n"
                     "extendedKeyUsage=serverAuth\n");
    extensions.close();
    if (auto r = run(openssl, {u"x509"_s, u"-req"_s, u"-in"_s, file(u"server.csr"_s), u"-CA"_s,
                               file(u"ca.pem"_s), u"-CAkey"_s, file(u"ca.key"_s),
                               u"-CAcreateserial"_s, u"-out"_s, file(u"server.pem"_s), u"-days"_s,
                               u"2"_s, u"-extfile"_s, file(u"server.ext"_s)});
        !r.ok())
        return r;
    const QList<QSslCertificate> ca = QSslCertificate::fromPath(
        file(u"ca.pem"_s), QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
    if (ca.isEmpty())
        return failure(u"the test CA certificate could not be read"_s);
    m_caCertificate = ca.first();
    return {};
}

Result<void> DovecotServer::writeConfiguration() {
    const QDir dir(m_dir->path());
    const bool root = ::geteuid() == 0;
    // Dovecot refuses to run its login processes as root and refuses mail owned by root: as
    // root, logins run as the package's dovenull, internals as dovecot, and the mail belongs
    // to nobody. As anyone else, everything runs as that user.
    uid_t mailUid = ::getuid();
    gid_t mailGid = ::getgid();
    QString loginUser;
    QString internalUser;
    if (root) {
        mailUid = 65534;
        mailGid = 65534;
        loginUser = u"dovenull"_s;
        internalUser = u"dovecot"_s;
    } else {
        const passwd *self = ::getpwuid(::getuid());
        loginUser = internalUser = self ? QString::fromLocal8Bit(self->pw_name) : QString();
    }
    m_home = dir.filePath(u"home"_s);
    if (!QDir().mkpath(m_home) || !QDir().mkpath(dir.filePath(u"base"_s))
        || !QDir().mkpath(dir.filePath(u"state"_s)))
        return failure(u"cannot create Dovecot's directories in %1"_s.arg(dir.path()));
    if (root) {
        // The login processes (dovenull) must reach base_dir, auth (dovecot) the passwd-file.
        ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
        ::chown(QFile::encodeName(m_home).constData(), mailUid, mailGid);
    }

    QFile passwd(dir.filePath(u"passwd"_s));
    if (!passwd.open(QIODevice::WriteOnly))
        return failure(u"cannot write %1"_s.arg(passwd.fileName()));
    passwd.write(u"%1:{PLAIN}%2:%3:%4::%5\n"_s.arg(m_user, m_password)
                     .arg(mailUid)
                     .arg(mailGid)
                     .arg(m_home)
                     .toUtf8());
    passwd.close();
    passwd.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup
                          | QFile::ReadOther);

    const auto mailbox = [&](const QString &name, const QString &specialUse) -> QString {
        QString block = u"  mailbox \"%1\" {\n    auto = create\n"_s.arg(name);
        if (m_options.specialUse && !specialUse.isEmpty())
            block += u"    special_use = %1\n"_s.arg(specialUse);
        return block + u"  }\n"_s;
    };
    QString mailboxes = mailbox(m_options.draftsName, u"\\Drafts"_s)
                        + mailbox(m_options.sentName, u"\\Sent"_s)
                        + mailbox(u"Trash"_s, u"\\Trash"_s) + mailbox(u"Junk"_s, u"\\Junk"_s);
    for (const QString &extra : std::as_const(m_options.extraMailboxes))
        mailboxes += mailbox(extra, QString());

    // Dovecot's own list after login, without IDLE (and without NOTIFY, which implies it).
    const QString noIdle = u"imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE "
                           u"SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE "
                           u"UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH "
                           u"SEARCHRES SPECIAL-USE MOVE LITERAL+\n"_s;

    QString config;
    config += u"base_dir = %1\n"_s.arg(dir.filePath(u"base"_s));
    config += u"state_dir = %1\n"_s.arg(dir.filePath(u"state"_s));
    config += u"log_path = %1\n"_s.arg(dir.filePath(u"dovecot.log"_s));
    config += u"info_log_path = %1\n"_s.arg(dir.filePath(u"dovecot.log"_s));
    config += u"listen = 127.0.0.1\n"
              u"protocols = imap\n"
              u"ssl = yes\n"_s;
    config += u"ssl_cert = <%1\n"_s.arg(dir.filePath(u"server.pem"_s));
    config += u"ssl_key = <%1\n"_s.arg(dir.filePath(u"server.key"_s));
    config += u"ssl_min_protocol = TLSv1.2\n"
              u"auth_mechanisms = "_s
              + m_options.authMechanisms
              + u"\n"
                // The plaintext test logs in without TLS on loopback.
                u"disable_plaintext_auth = no\n"
                u"mail_location = maildir:~/Maildir\n"
                // Stored with CRLF as received, so the files match what was appended.
                u"mail_save_crlf = yes\n"
                u"auth_verbose = yes\n"_s;
    config += u"first_valid_uid = %1\n"_s.arg(mailUid);
    config += u"default_login_user = %1\n"_s.arg(loginUser);
    config += u"default_internal_user = %1\n"_s.arg(internalUser);
    if (!m_options.extensions)
        config += u"imap_capability = IMAP4rev1\n"_s;
    else if (!m_options.idle)
        config += noIdle;
    config +=
        u"passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u %1\n}\n"_s.arg(
            passwd.fileName());
    config += u"userdb {\n  driver = passwd-file\n  args = username_format=%u %1\n}\n"_s.arg(
        passwd.fileName());
    // No chroot for the login processes: the temporary directory is not a Dovecot-owned tree.
    config += u"service imap-login {\n  chroot =\n"
              u"  inet_listener imap {\n    address = 127.0.0.1\n    port = %1\n  }\n"
              u"  inet_listener imaps {\n    address = 127.0.0.1\n    port = %2\n"
              u"    ssl = yes\n  }\n}\n"_s.arg(m_imapPort)
                  .arg(m_imapsPort);
    config += u"service anvil {\n  chroot =\n}\n"_s;
    config += u"namespace inbox {\n  inbox = yes\n  separator = /\n"_s + mailboxes + u"}\n"_s;

    QFile file(dir.filePath(u"dovecot.conf"_s));
    if (!file.open(QIODevice::WriteOnly))
        return failure(u"cannot write %1"_s.arg(file.fileName()));
    file.write(config.toUtf8());
    return {};
}

Result<void> DovecotServer::start() {
    if (QStandardPaths::findExecutable(u"dovecot"_s).isEmpty()
        && !QFileInfo::exists(u"/usr/sbin/dovecot"_s))
        return failure(u"Dovecot is not installed: install dovecot-imapd "
                       u"(scripts/install-deps.sh)"_s);
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid())
        return failure(u"cannot create a temporary directory"_s);
    if (auto certificates = makeCertificates(); !certificates.ok())
        return certificates;
    // A port picked free can be taken before Dovecot binds it: try again with new ones.
    Result<void> result;
    for (int attempt = 0; attempt < 5; ++attempt) {
        result = startOnce();
        if (result.ok())
            return result;
        if (!log().contains(u"Address already in use"_s))
            return result;
    }
    return result;
}

Result<void> DovecotServer::startOnce() {
    stop();
    m_imapPort = freePort();
    m_imapsPort = freePort();
    while (m_imapsPort == m_imapPort)
        m_imapsPort = freePort();
    if (m_imapPort == 0 || m_imapsPort == 0)
        return failure(u"no free port on 127.0.0.1"_s);
    if (auto config = writeConfiguration(); !config.ok())
        return config;
    QFile::remove(m_dir->filePath(u"dovecot.log"_s));

    QString dovecot = QStandardPaths::findExecutable(u"dovecot"_s);
    if (dovecot.isEmpty())
        dovecot = u"/usr/sbin/dovecot"_s;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // A process group of its own, so kill() and the destructor reach every Dovecot process;
    // and stopped with the test even when the test crashes (Dovecot ends its children on
    // SIGTERM).
    m_process->setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
    m_process->start(dovecot, {u"-F"_s, u"-c"_s, m_dir->filePath(u"dovecot.conf"_s)});
    if (!m_process->waitForStarted(10'000))
        return failure(u"cannot start Dovecot: %1"_s.arg(m_process->errorString()));

    // Ready once the plain port greets with Dovecot's "ready" (the first greeting may only say
    // it is waiting for its authentication process).
    QDeadlineTimer deadline(15'000);
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running)
            return failure(u"Dovecot stopped at once: %1 %2"_s.arg(
                QString::fromLocal8Bit(m_process->readAll()), log()));
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_imapPort);
        if (probe.waitForConnected(500)) {
            QByteArray greeting;
            QDeadlineTimer greetingDeadline(5'000);
            while (!greetingDeadline.hasExpired() && !greeting.contains("ready")
                   && probe.state() == QAbstractSocket::ConnectedState) {
                if (probe.waitForReadyRead(200))
                    greeting += probe.readAll();
            }
            if (greeting.contains("ready")) {
                probe.write("a LOGOUT\r\n");
                probe.waitForBytesWritten(1000);
                probe.disconnectFromHost();
                return {};
            }
        }
        m_process->waitForFinished(100);
    }
    return failure(
        u"Dovecot did not greet on port %1 within 15 s: %2"_s.arg(m_imapPort).arg(log()));
}

Result<void> DovecotServer::deliver(const QString &mailbox, const QByteArray &rfc822) {
    QString doveadm = QStandardPaths::findExecutable(u"doveadm"_s);
    if (doveadm.isEmpty())
        return failure(u"doveadm is not installed (scripts/install-deps.sh)"_s);
    return run(
        doveadm,
        {u"-c"_s, m_dir->filePath(u"dovecot.conf"_s), u"save"_s, u"-u"_s, m_user, u"-m"_s, mailbox},
        rfc822);
}

QString DovecotServer::mailboxDirectory(const QString &mailbox) const {
    const QString maildir = QDir(m_home).filePath(u"Maildir"_s);
    if (mailbox.compare(u"INBOX"_s, Qt::CaseInsensitive) == 0)
        return maildir;
    // Maildir++: ".Parent.Child", names in modified UTF-7.
    QString name = QString::fromLatin1(ImapMailboxName::encode(mailbox));
    name.replace(u'/', u'.');
    return QDir(maildir).filePath(u"."_s + name);
}

Result<QList<DovecotServer::StoredFile>> DovecotServer::storedFiles(const QString &mailbox) const {
    const QString directory = mailboxDirectory(mailbox);
    if (!QFileInfo(directory).isDir())
        return failure(u"no mailbox \"%1\" (%2)"_s.arg(mailbox, directory));
    // The uidlist gives the order Dovecot stored them in; files not listed yet come last.
    QStringList order;
    QFile uidlist(QDir(directory).filePath(u"dovecot-uidlist"_s));
    if (uidlist.open(QIODevice::ReadOnly)) {
        uidlist.readLine();
        while (!uidlist.atEnd()) {
            const QString line = QString::fromUtf8(uidlist.readLine()).trimmed();
            const qsizetype colon = line.lastIndexOf(u':');
            const QString base = colon >= 0 ? line.mid(colon + 1) : line.section(u' ', -1);
            order.append(base.section(u':', 0, 0));
        }
    }
    QList<StoredFile> files;
    for (const QString &sub : {u"new"_s, u"cur"_s}) {
        const QDir subdir(QDir(directory).filePath(sub));
        for (const QFileInfo &info : subdir.entryInfoList(QDir::Files, QDir::Name)) {
            const QString name = info.fileName();
            const qsizetype marker = name.indexOf(u":2,"_s);
            files.append({info.filePath(), marker >= 0 ? name.mid(marker + 3) : QString()});
        }
    }
    std::stable_sort(files.begin(), files.end(), [&](const StoredFile &a, const StoredFile &b) {
        const auto rank = [&](const StoredFile &f) {
            const QString base = QFileInfo(f.path).fileName().section(u':', 0, 0);
            const qsizetype index = order.indexOf(base);
            return index < 0 ? order.size() : index;
        };
        return rank(a) < rank(b);
    });
    return files;
}

Result<QList<QByteArray>> DovecotServer::messages(const QString &mailbox) const {
    const Result<QList<StoredFile>> files = storedFiles(mailbox);
    if (!files.ok())
        return files.error();
    QList<QByteArray> messages;
    for (const StoredFile &stored : *files) {
        QFile file(stored.path);
        if (!file.open(QIODevice::ReadOnly))
            return failure(u"cannot read %1"_s.arg(stored.path));
        messages.append(file.readAll());
    }
    return messages;
}

Result<QList<QStringList>> DovecotServer::flags(const QString &mailbox) const {
    const Result<QList<StoredFile>> files = storedFiles(mailbox);
    if (!files.ok())
        return files.error();
    QList<QStringList> flags;
    for (const StoredFile &stored : *files)
        flags.append(flagsFromInfo(stored.info));
    return flags;
}
