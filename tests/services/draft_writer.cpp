// A helper process for tst_draftstore's kill test: saves ever-growing drafts of a few tickets
// (and a version every tenth save) through DraftStore as fast as it can, printing
// "saved <ticket> <n>" after each save has returned, until it is killed.
// Usage: draft_writer <database path> <first number>
#include "CacheStore.h"
#include "DraftStore.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    if (argc < 3)
        return 2;
    auto cache = CacheStore::open(QString::fromLocal8Bit(argv[1]));
    if (!cache.ok()) {
        QTextStream(stderr) << cache.error().message() << Qt::endl;
        return 1;
    }
    DraftStore store(*cache.value());
    QTextStream out(stdout);
    const QString tickets[] = {u"T-1"_s, u"T-2"_s, u"T-3"_s};
    for (int n = QByteArray(argv[2]).toInt();; ++n) {
        const QString &ticket = tickets[n % 3];
        Draft draft;
        draft.ticketId = ticket;
        draft.prompt = u"Request %1"_s.arg(n);
        draft.subject = u"Subject %1"_s.arg(n);
        // Bodies of a few KiB, so a kill can land inside a page write.
        draft.body = u"Body %1\n"_s.arg(n) + QString(1000 + (n % 7) * 500, u'x');
        if (!store.save(draft).ok())
            return 1;
        if (n % 10 == 0) {
            DraftVersion version;
            version.ticketId = ticket;
            version.prompt = draft.prompt;
            version.response.message = draft.body;
            if (!store.addVersion(version).ok())
                return 1;
        }
        out << "saved " << ticket << ' ' << n << Qt::endl;
    }
}
