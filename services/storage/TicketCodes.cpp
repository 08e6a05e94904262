// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/TicketCodes.h"

#include <array>
#include <utility>

namespace {

// These codes are in users' files: never renumber, only append.
constexpr std::array statusCodes = {
    std::pair{Ticket::Status::Open, 0},   std::pair{Ticket::Status::Pending, 1},
    std::pair{Ticket::Status::Won, 2},    std::pair{Ticket::Status::Lost, 3},
    std::pair{Ticket::Status::Closed, 4},
};
constexpr std::array priorityCodes = {
    std::pair{Ticket::Priority::Low, 0},
    std::pair{Ticket::Priority::Normal, 1},
    std::pair{Ticket::Priority::High, 2},
    std::pair{Ticket::Priority::Urgent, 3},
};

template <typename Enum, std::size_t N>
int codeOf(const std::array<std::pair<Enum, int>, N> &codes, Enum value) {
    for (const auto &[candidate, code] : codes) {
        if (candidate == value)
            return code;
    }
    return codes.front().second;
}

template <typename Enum, std::size_t N>
Enum enumOf(const std::array<std::pair<Enum, int>, N> &codes, int code, Enum fallback) {
    for (const auto &[value, candidate] : codes) {
        if (candidate == code)
            return value;
    }
    return fallback;
}

} // namespace

int TicketCodes::ofStatus(Ticket::Status status) {
    return codeOf(statusCodes, status);
}

int TicketCodes::ofPriority(Ticket::Priority priority) {
    return codeOf(priorityCodes, priority);
}

Ticket::Status TicketCodes::status(int code) {
    return enumOf(statusCodes, code, Ticket::Status::Open);
}

Ticket::Priority TicketCodes::priority(int code) {
    return enumOf(priorityCodes, code, Ticket::Priority::Normal);
}

const QString &TicketCodes::statusName(int code) {
    static const auto names = [] {
        std::array<QString, statusCodes.size()> out;
        for (std::size_t i = 0; i < statusCodes.size(); ++i)
            out[i] = Ticket::statusName(statusCodes[i].first);
        return out;
    }();
    static const QString unknown;
    return code >= 0 && std::size_t(code) < names.size() ? names[std::size_t(code)] : unknown;
}

const QString &TicketCodes::priorityName(int code) {
    static const auto names = [] {
        std::array<QString, priorityCodes.size()> out;
        for (std::size_t i = 0; i < priorityCodes.size(); ++i)
            out[i] = Ticket::priorityName(priorityCodes[i].first);
        return out;
    }();
    static const QString unknown;
    return code >= 0 && std::size_t(code) < names.size() ? names[std::size_t(code)] : unknown;
}
