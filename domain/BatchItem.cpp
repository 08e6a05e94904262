// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/BatchItem.h"

#include "domain/EnumTable.h"

#include <QCoreApplication>

namespace {

constexpr EnumTable Statuses{std::array{
    std::pair{BatchItem::Status::Pending, "pending"},
    std::pair{BatchItem::Status::Drafting, "drafting"},
    std::pair{BatchItem::Status::Drafted, "drafted"},
    std::pair{BatchItem::Status::Skipped, "skipped"},
    std::pair{BatchItem::Status::Failed, "failed"},
}};

constexpr EnumTable Reviews{std::array{
    std::pair{BatchItem::Review::Unreviewed, "unreviewed"},
    std::pair{BatchItem::Review::Approved, "approved"},
    std::pair{BatchItem::Review::Skipped, "skipped"},
    std::pair{BatchItem::Review::Rejected, "rejected"},
}};

} // namespace

bool BatchItem::isDone() const {
    return status == Status::Drafted || status == Status::Skipped || status == Status::Failed;
}

QString BatchItem::statusName(Status status) {
    return Statuses.name(status);
}

std::optional<BatchItem::Status> BatchItem::statusFromName(const QString &name) {
    return Statuses.value(name);
}

QString BatchItem::reviewName(Review review) {
    return Reviews.name(review);
}

std::optional<BatchItem::Review> BatchItem::reviewFromName(const QString &name) {
    return Reviews.value(name);
}

QString BatchItem::statusLabel(Status status) {
    switch (status) {
    case Status::Pending:
        return QCoreApplication::translate("BatchItem", "Waiting");
    case Status::Drafting:
        return QCoreApplication::translate("BatchItem", "Drafting…");
    case Status::Drafted:
        return QCoreApplication::translate("BatchItem", "Drafted");
    case Status::Skipped:
        return QCoreApplication::translate("BatchItem", "Skipped");
    case Status::Failed:
        return QCoreApplication::translate("BatchItem", "Failed");
    }
    return {};
}

QString BatchItem::reviewLabel(Review review) {
    switch (review) {
    case Review::Unreviewed:
        return QCoreApplication::translate("BatchItem", "To review");
    case Review::Approved:
        return QCoreApplication::translate("BatchItem", "Approved");
    case Review::Skipped:
        return QCoreApplication::translate("BatchItem", "Skipped in review");
    case Review::Rejected:
        return QCoreApplication::translate("BatchItem", "Rejected");
    }
    return {};
}
