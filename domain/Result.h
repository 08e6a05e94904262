// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/OutreachError.h"

#include <optional>
#include <utility>
#include <variant>

// A value or an OutreachError (std::expected is C++23; the project targets C++20).
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : m_data(std::move(value)) {}
    Result(OutreachError error)
        : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const T &operator*() const & { return value(); }

    const OutreachError &error() const { return std::get<OutreachError>(m_data); }

private:
    std::variant<T, OutreachError> m_data;
};

// Success carries nothing; failure carries the error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(OutreachError error)
        : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const OutreachError &error() const { return *m_error; }

private:
    std::optional<OutreachError> m_error;
};
