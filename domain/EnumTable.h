// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLatin1StringView>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <utility>

// Maps an enum to the names the CRM writes on the wire ("open", "outreach_message") and back.
template <typename Enum, std::size_t N>
class EnumTable {
public:
    constexpr explicit EnumTable(std::array<std::pair<Enum, const char *>, N> entries)
        : m_entries(entries) {}

    QString name(Enum value) const {
        for (const auto &[candidate, name] : m_entries) {
            if (candidate == value)
                return QString::fromLatin1(name);
        }
        return {};
    }

    std::optional<Enum> value(const QString &name) const {
        for (const auto &[candidate, wire] : m_entries) {
            if (name == QLatin1StringView(wire))
                return candidate;
        }
        return std::nullopt;
    }

    // "open, pending, won" for error messages.
    QString allowed() const {
        QStringList names;
        for (const auto &entry : m_entries)
            names.append(QString::fromLatin1(entry.second));
        return names.join(QLatin1StringView(", "));
    }

private:
    std::array<std::pair<Enum, const char *>, N> m_entries;
};
