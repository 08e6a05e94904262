// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/BatchJob.h"

#include "domain/EnumTable.h"

namespace {

constexpr EnumTable States{std::array{
    std::pair{BatchJob::State::Running, "running"},
    std::pair{BatchJob::State::Paused, "paused"},
    std::pair{BatchJob::State::Cancelled, "cancelled"},
    std::pair{BatchJob::State::Finished, "finished"},
}};

} // namespace

QString BatchJob::stateName(State state) {
    return States.name(state);
}

std::optional<BatchJob::State> BatchJob::stateFromName(const QString &name) {
    return States.value(name);
}
