// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Waits for a QCoro task in a test, running the event loop meanwhile. QCoro::waitFor needs a
// default-constructible result, which Result<T> deliberately is not.

#include <QCoroTask>
#include <QEventLoop>

#include <optional>
#include <utility>

template <typename T>
T awaitTask(QCoro::Task<T> &&task) {
    std::optional<T> result;
    QEventLoop loop;
    QCoro::connect(std::move(task), &loop, [&result, &loop](auto &&value) {
        result.emplace(std::forward<decltype(value)>(value));
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}
