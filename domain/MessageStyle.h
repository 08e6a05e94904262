// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <array>
#include <optional>

// How a message should sound and how long it should be: the rep picks them, the prompt asks for
// them, and the draft and the sent message's metadata keep them.
enum class MessageTone { Concise, Warm, Formal, Friendly, Direct };
enum class MessageLength { Short, Medium, Long };

// The names of a message's tone and length: wire names ("concise", "medium") for drafts, the
// command line and the CRM metadata, and translated labels ("Concise", "Medium") for the UI.
class MessageStyle {
public:
    static constexpr std::array Tones{MessageTone::Concise, MessageTone::Warm, MessageTone::Formal,
                                      MessageTone::Friendly, MessageTone::Direct};
    static constexpr std::array Lengths{MessageLength::Short, MessageLength::Medium,
                                        MessageLength::Long};

    static QString name(MessageTone tone);
    static QString name(MessageLength length);
    // nullopt for a name that is not one of ours.
    static std::optional<MessageTone> toneFromName(QStringView name);
    static std::optional<MessageLength> lengthFromName(QStringView name);

    static QString label(MessageTone tone);
    static QString label(MessageLength length);
};
