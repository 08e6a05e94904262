// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/MessageStyle.h"

#include "domain/EnumTable.h"

#include <QCoreApplication>

namespace {

constexpr EnumTable toneNames{std::array{
    std::pair{MessageTone::Concise, "concise"},
    std::pair{MessageTone::Warm, "warm"},
    std::pair{MessageTone::Formal, "formal"},
    std::pair{MessageTone::Friendly, "friendly"},
    std::pair{MessageTone::Direct, "direct"},
}};

constexpr EnumTable lengthNames{std::array{
    std::pair{MessageLength::Short, "short"},
    std::pair{MessageLength::Medium, "medium"},
    std::pair{MessageLength::Long, "long"},
}};

} // namespace

QString MessageStyle::name(MessageTone tone) {
    return toneNames.name(tone);
}

QString MessageStyle::name(MessageLength length) {
    return lengthNames.name(length);
}

std::optional<MessageTone> MessageStyle::toneFromName(QStringView name) {
    return toneNames.value(name.toString());
}

std::optional<MessageLength> MessageStyle::lengthFromName(QStringView name) {
    return lengthNames.value(name.toString());
}

QString MessageStyle::label(MessageTone tone) {
    switch (tone) {
    case MessageTone::Concise:
        return QCoreApplication::translate("MessageStyle", "Concise");
    case MessageTone::Warm:
        return QCoreApplication::translate("MessageStyle", "Warm");
    case MessageTone::Formal:
        return QCoreApplication::translate("MessageStyle", "Formal");
    case MessageTone::Friendly:
        return QCoreApplication::translate("MessageStyle", "Friendly");
    case MessageTone::Direct:
        return QCoreApplication::translate("MessageStyle", "Direct");
    }
    return {};
}

QString MessageStyle::label(MessageLength length) {
    switch (length) {
    case MessageLength::Short:
        return QCoreApplication::translate("MessageStyle", "Short");
    case MessageLength::Medium:
        return QCoreApplication::translate("MessageStyle", "Medium");
    case MessageLength::Long:
        return QCoreApplication::translate("MessageStyle", "Long");
    }
    return {};
}
