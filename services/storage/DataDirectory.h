// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Result.h"

#include <QSettings>
#include <QString>

#include <memory>

// The one folder where the app keeps its state: the SQLite cache and the settings file. The
// command line's --data-dir points it elsewhere, so a portable or test setup stays in one folder.
class DataDirectory {
public:
    // Opens `overridePath`, or the platform's AppDataLocation when it is empty, creating the
    // folder if needed. A folder that cannot be created or written to gives a STORAGE error
    // naming it.
    static Result<DataDirectory> open(const QString &overridePath = {});

    // Absolute and clean, in Qt's '/' form.
    QString path() const { return m_path; }
    QString databasePath() const;
    QString settingsPath() const;

    // Every setting the app keeps goes here (INI on every platform, never the registry or
    // ~/.config), so a different data folder also means different settings.
    std::unique_ptr<QSettings> settings() const;

private:
    explicit DataDirectory(QString path);

    QString m_path;
};
