// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/SpellDictionary.h"

#include <QFile>

#include <exception>
#include <filesystem>
#include <fstream>
#include <nuspell/dictionary.hxx>
#include <sstream>
#include <string>
#include <vector>

namespace {

bool hasNumericFlags(const QString &affPath) {
    QFile aff(affPath);
    if (!aff.open(QIODevice::ReadOnly))
        return false;
    while (!aff.atEnd()) {
        const QByteArray line = aff.readLine().trimmed();
        if (line.startsWith("FLAG"))
            return line.simplified() == "FLAG num";
    }
    return false;
}

// Debian's da_DK lists "A/S" and "c/o" with the slash unescaped, which Hunspell shrugs off as a
// bad flag and nuspell refuses the whole file for. Escaped, they are the words they mean.
std::string withSlashesEscaped(const QByteArray &dic) {
    std::string result;
    result.reserve(size_t(dic.size()) + 64);
    const QList<QByteArray> lines = dic.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        const qsizetype slash = line.indexOf('/');
        if (i > 0 && slash > 0 && line.at(slash - 1) != '\\') {
            qsizetype end = slash + 1;
            while (end < line.size() && line.at(end) != ' ' && line.at(end) != '\t'
                   && line.at(end) != '\r')
                ++end;
            const QByteArray flags = line.mid(slash + 1, end - slash - 1);
            const bool numeric = std::all_of(flags.cbegin(), flags.cend(), [](char c) {
                return (c >= '0' && c <= '9') || c == ',';
            });
            if (!numeric)
                line.insert(slash, '\\');
        }
        result.append(line.constData(), size_t(line.size()));
        if (i + 1 < lines.size())
            result.push_back('\n');
    }
    return result;
}

} // namespace

using namespace Qt::StringLiterals;

struct SpellDictionary::Data {
    nuspell::Dictionary dictionary;
};

SpellDictionary::SpellDictionary(std::unique_ptr<Data> data)
    : m_data(std::move(data)) {}

SpellDictionary::~SpellDictionary() = default;

std::shared_ptr<const SpellDictionary> SpellDictionary::load(const QString &affPath,
                                                             QString *error) {
    auto data = std::make_unique<Data>();
    try {
        // From UTF-16, the path converts to each system's own file name encoding (wide on
        // Windows), so folders with names outside ASCII work everywhere.
        data->dictionary.load_aff_dic(std::filesystem::path(affPath.toStdU16String()));
    } catch (const std::exception &failure) {
        QFile dic(affPath.chopped(4) + u".dic"_s);
        if (!hasNumericFlags(affPath) || !dic.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QString::fromLocal8Bit(failure.what());
            return nullptr;
        }
        try {
            data = std::make_unique<Data>();
            std::ifstream aff(std::filesystem::path(affPath.toStdU16String()));
            std::istringstream words(withSlashesEscaped(dic.readAll()));
            data->dictionary.load_aff_dic(aff, words);
        } catch (const std::exception &again) {
            if (error)
                *error = QString::fromLocal8Bit(again.what());
            return nullptr;
        }
    }
    return std::shared_ptr<const SpellDictionary>(new SpellDictionary(std::move(data)));
}

bool SpellDictionary::spell(QStringView word) const {
    const QByteArray utf8 = word.toUtf8();
    return m_data->dictionary.spell(std::string_view(utf8.constData(), size_t(utf8.size())));
}

QStringList SpellDictionary::suggest(QStringView word, int limit) const {
    const QByteArray utf8 = word.toUtf8();
    std::vector<std::string> found;
    m_data->dictionary.suggest(std::string_view(utf8.constData(), size_t(utf8.size())), found);
    QStringList result;
    for (const std::string &suggestion : found) {
        if (result.size() >= limit)
            break;
        const QString text = QString::fromUtf8(suggestion.data(), qsizetype(suggestion.size()));
        if (!result.contains(text))
            result.append(text);
    }
    return result;
}
