// SPDX-License-Identifier: GPL-3.0-or-later
// The main() of a fuzz target's replay build (g++, no libFuzzer): runs LLVMFuzzerTestOneInput on
// every file of the given corpus folders (or on the given files), so that the seeds and every
// input that once failed are checked by ctest in the debug and sanitizer builds too.
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdint>
#include <cstdio>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

bool run(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return false;
    }
    const QByteArray bytes = file.readAll();
    // A copy of exactly the input's size, so that a read past its end is caught by ASan.
    std::vector<std::uint8_t> input(bytes.cbegin(), bytes.cend());
    LLVMFuzzerTestOneInput(input.data(), input.size());
    return true;
}

} // namespace

int main(int argc, char *argv[]) {
    int count = 0;
    for (int i = 1; i < argc; ++i) {
        const QString path = QString::fromLocal8Bit(argv[i]);
        if (QFileInfo(path).isDir()) {
            const QDir dir(path);
            for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
                if (!run(dir.filePath(name)))
                    return 1;
                ++count;
            }
        } else {
            if (!run(path))
                return 1;
            ++count;
        }
    }
    std::printf("replayed %d inputs\n", count);
    // An empty corpus would make a passing test that checks nothing.
    return count > 0 ? 0 : 1;
}
