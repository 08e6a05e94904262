// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/DataDirectory.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;

DataDirectory::DataDirectory(QString path)
    : m_path(std::move(path)) {}

Result<DataDirectory> DataDirectory::open(const QString &overridePath) {
    QString path = overridePath;
    if (path.isEmpty())
        path = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (path.isEmpty()) {
        return OutreachError(OutreachError::Code::Storage,
                             u"This system reports no folder for application data; start "
                             "OutreachGPT with --data-dir <folder>."_s);
    }
    path = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    const QString shown = QDir::toNativeSeparators(path);

    if (!QDir().mkpath(path)) {
        return OutreachError(OutreachError::Code::Storage,
                             u"Could not create the data folder %1. Check that its parent "
                             "folder exists, is a folder and is writable."_s.arg(shown));
    }
    // Permission bits and ACLs do not tell the whole story (read-only mounts, sandboxes):
    // creating a file is the only reliable test.
    QTemporaryFile probe(path + u"/.write-test-XXXXXX"_s);
    if (!probe.open()) {
        return OutreachError(
            OutreachError::Code::Storage,
            u"The data folder %1 is not writable: %2"_s.arg(shown, probe.errorString()));
    }
    return DataDirectory(path);
}

QString DataDirectory::databasePath() const {
    return m_path + u"/outreachgpt.sqlite"_s;
}

QString DataDirectory::settingsPath() const {
    return m_path + u"/settings.ini"_s;
}

std::unique_ptr<QSettings> DataDirectory::settings() const {
    return std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
}
