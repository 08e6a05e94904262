// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <memory>

// One loaded Hunspell dictionary (an .aff/.dic pair read by nuspell), spoken to in QString: it
// converts to and from the UTF-8 nuspell works in. Const once loaded, so it can be shared.
class SpellDictionary {
public:
    // Reads `affPath` and the .dic beside it (a tenth of a second for a large language). Null,
    // with `error` saying why, when the files are missing or unreadable.
    static std::shared_ptr<const SpellDictionary> load(const QString &affPath,
                                                       QString *error = nullptr);
    ~SpellDictionary();
    SpellDictionary(const SpellDictionary &) = delete;
    SpellDictionary &operator=(const SpellDictionary &) = delete;

    bool spell(QStringView word) const;
    // nuspell's suggestions, best first, at most `limit`.
    QStringList suggest(QStringView word, int limit) const;

private:
    struct Data;
    explicit SpellDictionary(std::unique_ptr<Data> data);

    std::unique_ptr<Data> m_data;
};
